import { randomUUID } from 'node:crypto';
import type { IHeaders } from 'kafkajs';
import type { KafkaClients } from './kafka-clients';

export interface KeyedRecord {
  key: string;
  value: Buffer | null;
  headers: IHeaders | undefined;
  offset: string;
}

/**
 * An internal topic's keyed records (partition 0) from the beginning to the end it had when called
 * (Kafka's KafkaBasedLog.readToEnd). `checkPartitions` may refuse a topic by its partition count.
 * Compaction leaves gaps, also at the tail (a tombstone past delete.retention.ms), so the end is
 * reached either at a record or batch at end − 1, or when a fetch brings nothing more (a fetch
 * answers at once when there is anything at or after the position).
 */
export async function readTopicToEnd(
  clients: KafkaClients,
  topic: string,
  groupPrefix: string,
  checkPartitions: (partitions: number) => void = () => undefined,
): Promise<KeyedRecord[]> {
  const admin = await clients.getAdmin();
  const offsets = await admin.fetchTopicOffsets(topic);
  checkPartitions(offsets.length);
  const records: KeyedRecord[] = [];
  const first = offsets.find((o) => o.partition === 0) ?? offsets[0];
  const end = BigInt(first?.high ?? '0');
  if (!first || end <= BigInt(first.low)) return records;

  // A throwaway group: it only reads, never commits, and is deleted afterwards.
  const groupId = `${groupPrefix}-${randomUUID()}`;
  const consumer = clients.kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  let fetches = 0;
  let batchSinceFetch = false;
  const reached = (offset: string | null | undefined) => {
    if (offset !== null && offset !== undefined && BigInt(offset) + 1n >= end) finished();
  };
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    batchSinceFetch = true;
    reached(payload.lastOffset);
  });
  consumer.on(consumer.events.FETCH, () => {
    // Fetches and their batches alternate (kafkajs waits for a fetch's batches before the next):
    // a fetch after one that brought no batch means nothing is left before the end.
    if (fetches++ > 0 && !batchSinceFetch) finished();
    batchSinceFetch = false;
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        if (partition !== first.partition || BigInt(message.offset) >= end) return;
        const key = message.key?.toString('utf8');
        if (key !== undefined) records.push({ key, value: message.value, headers: message.headers, offset: message.offset });
        reached(message.offset);
      },
    });
    await done;
  } finally {
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
  return records;
}
