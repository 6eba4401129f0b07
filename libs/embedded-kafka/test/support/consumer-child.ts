// A kafkajs consumer in its own process, so a test can kill -9 it and watch the group recover.
// argv: bootstrap groupId topic sessionTimeoutMs. Prints "joined <partitions>" after each assignment.
import { kafkaClient } from './kafkajs-client';

async function main(): Promise<void> {
  const [bootstrap, groupId, topic, sessionTimeout] = process.argv.slice(2);
  const consumer = kafkaClient(bootstrap, 'child-consumer').consumer({
    groupId,
    sessionTimeout: Number(sessionTimeout),
    heartbeatInterval: 500,
    maxWaitTimeInMs: 200,
  });
  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    process.stdout.write(`joined ${(event.payload.memberAssignment[topic] ?? []).join(',')}\n`);
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async () => undefined });
}

main().catch((error: Error) => {
  process.stderr.write(`consumer-child: ${error.message}\n`);
  process.exit(1);
});
