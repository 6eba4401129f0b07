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
 * An internal topic's keyed records, every partition from its beginning to the end it had when
 * called (Kafka's KafkaBasedLog.readToEnd), in offset order within a partition. The config topic
 * has one partition (`checkPartitions` may refuse others); Kafka Connect creates connect-offsets
 * with 25, and a key always lands on the same one. Compaction leaves gaps, also at the tail (a
 * tombstone past delete.retention.ms), so a partition's end is reached either at a record or batch
 * at end − 1, or when a fetch brings nothing more (a fetch answers at once when there is anything
 * at or after the position).
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
  /** The partitions still to read, and their end offsets. */
  const ends = new Map(offsets.filter((o) => BigInt(o.high) > BigInt(o.low)).map((o) => [o.partition, BigInt(o.high)]));
  if (ends.size === 0) return records;

  // A throwaway group: it only reads, never commits, and is deleted afterwards.
  const groupId = `${groupPrefix}-${randomUUID()}`;
  const consumer = clients.kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  let fetches = 0;
  let batchSinceFetch = false;
  const reached = (partition: number, offset: string | null | undefined) => {
    const end = ends.get(partition);
    if (end === undefined || offset === null || offset === undefined || BigInt(offset) + 1n < end) return;
    ends.delete(partition);
    if (ends.size === 0) finished();
  };
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    batchSinceFetch = true;
    reached(payload.partition, payload.lastOffset);
  });
  consumer.on(consumer.events.FETCH, () => {
    // Fetches and their batches alternate (kafkajs waits for a fetch's batches before the next):
    // a fetch after one that brought no batch means nothing is left before the ends.
    if (fetches++ > 0 && !batchSinceFetch) finished();
    batchSinceFetch = false;
  });
  const endOf = new Map(offsets.map((o) => [o.partition, BigInt(o.high)]));
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        if (BigInt(message.offset) >= (endOf.get(partition) ?? 0n)) return;
        const key = message.key?.toString('utf8');
        if (key !== undefined) records.push({ key, value: message.value, headers: message.headers, offset: message.offset });
        reached(partition, message.offset);
      },
    });
    await done;
  } finally {
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
  return records;
}
