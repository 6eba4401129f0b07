import { Kafka, logLevel } from 'kafkajs';

export interface ReadRecord {
  key: string | null;
  value: Buffer | null;
  headers: Record<string, Buffer | undefined>;
  partition: number;
  offset: string;
}

/** At least `expectAtLeast` records of `topic` (all partitions, from the beginning), read with a plain kafkajs consumer. */
export async function readTopic(bootstrap: string, topic: string, expectAtLeast: number, timeoutMs = 15_000): Promise<ReadRecord[]> {
  const kafka = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `reader-${Date.now()}-${Math.random()}`, maxWaitTimeInMs: 100 });
  const records: ReadRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) =>
        void records.push({
          key: message.key?.toString() ?? null,
          value: message.value,
          headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, Array.isArray(v) ? (v[0] as Buffer) : (v as Buffer | undefined)])),
          partition,
          offset: message.offset,
        }),
    });
    const deadline = Date.now() + timeoutMs;
    while (records.length < expectAtLeast && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  } finally {
    await consumer.disconnect();
  }
  return records;
}
