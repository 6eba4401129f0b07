import { Kafka, logLevel } from 'kafkajs';

export interface ReadRecord {
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  partition: number;
  offset: string;
}

/**
 * Every record currently in `topic` (all partitions, from the beginning), and at least
 * `expectAtLeast`, read with a plain kafkajs consumer in a fresh group. Header values as strings.
 */
export async function readTopic(bootstrap: string, topic: string, expectAtLeast: number, timeoutMs = 15_000): Promise<ReadRecord[]> {
  const kafka = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic).catch(() => []);
  await admin.disconnect();
  const total = offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  if (total === 0 && expectAtLeast === 0) return [];
  const consumer = kafka.consumer({ groupId: `reader-${Date.now()}-${Math.random()}`, maxWaitTimeInMs: 100 });
  const records: ReadRecord[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) =>
      void records.push({
        key: message.key?.toString() ?? null,
        value: message.value,
        headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
        partition,
        offset: message.offset,
      }),
  });
  const deadline = Date.now() + timeoutMs;
  while (records.length < Math.max(total, expectAtLeast) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await consumer.disconnect();
  return records;
}
