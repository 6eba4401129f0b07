import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import { kafkaClient, waitUntil } from './support/kafkajs-client';
import { startTestBroker, type TestBroker } from './support/test-broker';

const TOPIC = 'split-me';

interface Delivery {
  consumer: string;
  partition: number;
  value: string;
}

describe('consumer groups with real rebalancing', () => {
  let test: TestBroker;
  let kafka: Kafka;
  let producer: Producer;

  beforeAll(async () => {
    test = await startTestBroker({ logLevel: (process.env.BROKER_LOG_LEVEL as 'info') ?? 'warn' });
    kafka = kafkaClient(test.bootstrap);
    producer = kafka.producer({ idempotent: true });
    await producer.connect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 4 }] });
    await admin.disconnect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await test?.cleanup();
  });

  interface Member {
    consumer: Consumer;
    /** Every assignment this member got, newest last. */
    assignments: number[][];
  }

  async function startConsumer(name: string, groupId: string, deliveries: Delivery[]): Promise<Member> {
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200, heartbeatInterval: 500, sessionTimeout: 6000 });
    const assignments: number[][] = [];
    consumer.on(consumer.events.GROUP_JOIN, (event) => void assignments.push([...(event.payload.memberAssignment[TOPIC] ?? [])].sort()));
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    await consumer.run({
      autoCommitThreshold: 1,
      eachMessage: async ({ partition, message }) => void deliveries.push({ consumer: name, partition, value: message.value!.toString() }),
    });
    return { consumer, assignments };
  }

  const latest = (member: Member) => member.assignments[member.assignments.length - 1] ?? [];

  async function produce(prefix: string, count: number): Promise<string[]> {
    const values = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
    await producer.send({ topic: TOPIC, messages: values.map((value, i) => ({ key: String(i), value })) });
    return values;
  }

  it('splits four partitions between two members, and hands all of them to the one left, losing and doubling nothing', async () => {
    const deliveries: Delivery[] = [];
    const a = await startConsumer('a', 'splitters', deliveries);
    const b = await startConsumer('b', 'splitters', deliveries);
    await waitUntil(() => latest(a).length === 2 && latest(b).length === 2, 'both members to get two partitions');
    expect([...latest(a), ...latest(b)].sort()).toEqual([0, 1, 2, 3]);

    const before = await produce('before', 200);
    await waitUntil(() => deliveries.length >= before.length, 'the first 200 messages');
    expect(new Set(deliveries.filter((d) => d.consumer === 'a').map((d) => d.partition))).toEqual(new Set(latest(a)));
    expect(new Set(deliveries.filter((d) => d.consumer === 'b').map((d) => d.partition))).toEqual(new Set(latest(b)));

    await a.consumer.disconnect(); // commits its offsets and leaves the group
    await waitUntil(() => latest(b).length === 4, 'the remaining member to take all four partitions');

    const after = await produce('after', 200);
    await waitUntil(() => deliveries.length >= before.length + after.length, 'the next 200 messages');
    await new Promise((resolve) => setTimeout(resolve, 500)); // room for a duplicate to show up
    await b.consumer.disconnect();

    const values = deliveries.map((d) => d.value);
    expect(values.length).toBe(new Set(values).size);
    expect(new Set(values)).toEqual(new Set([...before, ...after]));
    expect(deliveries.filter((d) => d.value.startsWith('after')).every((d) => d.consumer === 'b')).toBe(true);
  });

  it('removes a member whose process was killed once its session times out, and rebalances its partitions', async () => {
    const survivor = await startConsumer('survivor', 'timeouts', []);
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', join(__dirname, 'support/consumer-child.ts'), test.bootstrap, 'timeouts', TOPIC, '6000'],
      {
        cwd: join(__dirname, '../../..'),
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      let childOutput = '';
      child.stdout!.on('data', (chunk: Buffer) => (childOutput += chunk.toString()));
      await waitUntil(
        () => /joined \d/.test(childOutput) && latest(survivor).length === 2,
        'the child consumer to share the partitions',
        30_000,
      );

      const killedAt = Date.now();
      child.kill('SIGKILL'); // no LeaveGroup: only the session timeout can notice
      await waitUntil(() => latest(survivor).length === 4, 'the survivor to take all four partitions', 30_000);
      // Not before the 6 s session timeout (minus timer slack), and not much after it.
      expect(Date.now() - killedAt).toBeGreaterThanOrEqual(5000);
      expect(Date.now() - killedAt).toBeLessThan(15_000);
    } finally {
      child.kill('SIGKILL');
      await exited;
      await survivor.consumer.disconnect();
    }
  });
});
