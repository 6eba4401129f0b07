import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';

export interface TopicRecord {
  offset: number;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/**
 * Every record of `topic` partition 0 as it is now, read by kcat (an independent client that steps
 * over compaction's gaps). Asynchronous: the broker under test runs in this process.
 */
export async function kcatRecords(bootstrap: string, topic: string): Promise<TopicRecord[]> {
  const { stdout: out } = await promisify(execFile)(
    'kcat',
    ['-b', bootstrap, '-C', '-t', topic, '-p', '0', '-o', 'beginning', '-e', '-q', '-J'],
    {
      encoding: 'utf8',
      timeout: 15_000,
      // A few thousand Connect envelopes are megabytes; execFile's default 1 MB would fail the read.
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  return out
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const r = JSON.parse(line) as { offset: number; key: string | null; payload: string | null; headers?: string[] };
      const headers: Record<string, string> = {};
      for (let i = 0; i + 1 < (r.headers?.length ?? 0); i += 2) headers[r.headers![i]] = r.headers![i + 1];
      return { offset: r.offset, key: r.key, value: r.payload, headers };
    });
}

/** Creates a one-partition compacted topic whose closed segments the broker's cleaner compacts at once (every append rolls). */
export async function createCompactingTopic(bootstrap: string, topic: string): Promise<void> {
  const admin = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic,
          numPartitions: 1,
          configEntries: [
            { name: 'cleanup.policy', value: 'compact' },
            { name: 'segment.bytes', value: '1024' },
            { name: 'segment.ms', value: '1' },
            { name: 'min.cleanable.dirty.ratio', value: '0.01' },
            { name: 'min.compaction.lag.ms', value: '0' },
            { name: 'delete.retention.ms', value: '0' },
          ],
        },
      ],
    });
  } finally {
    await admin.disconnect();
  }
}

/**
 * The same read with kafkajs, for a compacted log kcat cannot read (librdkafka sees nothing in
 * this broker's fetch answers once a batch lost its last records to compaction: a broker issue to
 * look into). Ends when a fetch brings nothing more.
 */
export async function kafkajsRecords(bootstrap: string, topic: string): Promise<TopicRecord[]> {
  const consumer = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING }).consumer({
    groupId: `config-topic-reader-${Date.now()}-${Math.random()}`,
    maxWaitTimeInMs: 100,
  });
  const records: TopicRecord[] = [];
  let fetches = 0;
  let batches = 0;
  const done = new Promise<void>((resolve) => {
    consumer.on(consumer.events.END_BATCH_PROCESS, () => void batches++);
    consumer.on(consumer.events.FETCH, () => {
      if (fetches++ > 0 && batches === 0) resolve();
      batches = 0;
    });
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) =>
        void records.push({
          offset: Number(message.offset),
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? null,
          headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
        }),
    });
    await done;
  } finally {
    await consumer.disconnect();
  }
  return records;
}
