import { randomBytes } from 'node:crypto';
import { Kafka, Partitioners, logLevel, type Admin, type Consumer, type Message, type Producer } from 'kafkajs';

export interface WorkloadOptions {
  messages: number;
  batchSize: number;
  messageBytes: number;
}

export interface Throughput {
  messages: number;
  /** Bytes of message values (keys and framing not counted). */
  bytes: number;
  seconds: number;
}

export interface WorkloadResult {
  produce: Throughput & { latencyMs: { p50: number; p99: number; max: number } };
  consume: ConsumeResult;
  topicCreation: TopicCreation;
}

const CLIENT_LOG_LEVEL = logLevel.ERROR;

export function client(bootstrap: string, clientId: string): Kafka {
  return new Kafka({ clientId, brokers: [bootstrap], logLevel: CLIENT_LOG_LEVEL, retry: { retries: 3 } });
}

function newProducer(kafka: Kafka): Producer {
  return kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
}

/** How the topic came to exist; the mock cluster cannot take CreateTopics from kafkajs. */
export type TopicCreation = 'CreateTopics (1 partition)' | 'auto-created by Metadata';

/**
 * Creates `topic` with one partition. librdkafka's mock reports controller id 0, which is not one
 * of its brokers, so kafkajs' admin.createTopics fails there (KafkaJSBrokerNotFound); the topic is
 * then auto-created by a Metadata request instead (the mock gives it 4 partitions, of which the
 * workload only uses partition 0).
 */
export async function ensureTopic(kafka: Kafka, topic: string): Promise<TopicCreation> {
  const admin: Admin = kafka.admin();
  await admin.connect();
  try {
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
      return 'CreateTopics (1 partition)';
    } catch (error) {
      if ((error as Error).name !== 'KafkaJSBrokerNotFound') throw error;
      await admin.fetchTopicMetadata({ topics: [topic] });
      return 'auto-created by Metadata';
    }
  } finally {
    await admin.disconnect();
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Every message goes to partition 0, so each send is one record batch on both brokers. */
function batchOf(count: number, value: Buffer): Message[] {
  return Array.from({ length: count }, () => ({ value, partition: 0 }));
}

/** Sends `messages` in sequential `producer.send` calls of `batchSize` (acks=-1), timing each call. */
async function produce(producer: Producer, topic: string, options: WorkloadOptions): Promise<WorkloadResult['produce']> {
  const value = randomBytes(options.messageBytes);
  const latencies: number[] = [];
  const started = performance.now();
  for (let sent = 0; sent < options.messages; sent += options.batchSize) {
    const messages = batchOf(Math.min(options.batchSize, options.messages - sent), value);
    const before = performance.now();
    await producer.send({ topic, acks: -1, messages });
    latencies.push(performance.now() - before);
  }
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    messages: options.messages,
    bytes: options.messages * options.messageBytes,
    seconds,
    latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] },
  };
}

export interface ConsumeResult extends Throughput {
  /** Passes over the retained log: 1 on our broker; more on the mock, which keeps only ~5 MiB per partition. */
  laps: number;
  /** Messages the broker still held when the consumer started (the lap length). */
  retained: number;
}

/**
 * Reads `expected` messages of partition 0 of `topic` from the log start with a fresh consumer
 * group (eachBatch, kafkajs' default fetch sizes, auto-commit). When the retained log is shorter
 * than `expected` (librdkafka's mock drops all but the newest ~5 MiB of a partition), it seeks
 * back to the log start at the high watermark and reads it again, so both brokers serve the same
 * number of messages. The clock starts when the group join completes: it measures fetching, not
 * the group protocol's start-up.
 */
export async function consume(kafka: Kafka, topic: string, expected: number, timeoutMs = 300_000): Promise<ConsumeResult> {
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const partition0 = offsets.find((o) => o.partition === 0);
  if (!partition0) throw new Error(`${topic} has no partition 0`);
  const logStart = Number(partition0.low);
  const retained = Number(partition0.high) - logStart;
  if (retained <= 0) throw new Error(`${topic}-0 is empty`);

  const consumer: Consumer = kafka.consumer({ groupId: `bench-${topic}-${Date.now()}` });
  let joinedAt = 0;
  consumer.on(consumer.events.GROUP_JOIN, () => (joinedAt = performance.now()));
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    let count = 0;
    let bytes = 0;
    let laps = 1;
    let finishedAt = 0;
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`consumed only ${count}/${expected} messages of ${topic} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      consumer
        .run({
          eachBatch: async ({ batch }) => {
            if (finishedAt !== 0 || batch.partition !== 0) return;
            for (const message of batch.messages) {
              if (count === expected) break;
              bytes += message.value?.length ?? 0;
              count++;
            }
            if (count === expected) {
              finishedAt = performance.now();
              clearTimeout(timer);
              resolve();
            } else if (batch.messages.length > 0 && Number(batch.lastOffset()) + 1 >= Number(batch.highWatermark)) {
              laps++;
              consumer.seek({ topic, partition: 0, offset: String(logStart) });
            }
          },
        })
        .catch(reject);
    });
    await done;
    return { messages: count, bytes, seconds: (finishedAt - joinedAt) / 1000, laps, retained };
  } finally {
    await consumer.disconnect();
  }
}

/** The benchmark workload: a short warm-up, then produce everything, then consume everything. */
/** Called between the phases, to sample the broker process. */
export interface PhaseHooks {
  beforeProduce?: () => void;
  afterProduce?: () => void;
  afterConsume?: () => void;
}

export async function runWorkload(bootstrap: string, options: WorkloadOptions, hooks: PhaseHooks = {}): Promise<WorkloadResult> {
  const kafka = client(bootstrap, 'broker-bench');
  const topic = 'bench-1k';
  const topicCreation = await ensureTopic(kafka, topic);
  await ensureTopic(kafka, 'bench-warmup');
  const producer = newProducer(kafka);
  await producer.connect();
  try {
    await produce(producer, 'bench-warmup', { ...options, messages: Math.min(options.messages, 50 * options.batchSize) });
    hooks.beforeProduce?.();
    const produced = await produce(producer, topic, options);
    hooks.afterProduce?.();
    const consumed = await consume(kafka, topic, options.messages);
    hooks.afterConsume?.();
    return { produce: produced, consume: consumed, topicCreation };
  } finally {
    await producer.disconnect();
  }
}

export interface FillResult {
  bytes: number;
  messages: number;
  seconds: number;
}

/**
 * Writes at least `targetBytes` of message values into `topic` as fast as kafkajs allows:
 * `concurrency` producers, each keeping one large batch (just under the default
 * max.message.bytes) in flight.
 */
export async function fillTopic(bootstrap: string, topic: string, targetBytes: number, concurrency = 3): Promise<FillResult> {
  const kafka = client(bootstrap, 'broker-bench-fill');
  await ensureTopic(kafka, topic);
  const messageBytes = 1024;
  const perBatch = 900; // 900 x ~1.04 KB records < 1,048,588 B (max.message.bytes)
  const value = randomBytes(messageBytes);
  const messages = batchOf(perBatch, value);
  const producers = Array.from({ length: concurrency }, () => newProducer(kafka));
  await Promise.all(producers.map((p) => p.connect()));
  let written = 0;
  let count = 0;
  const started = performance.now();
  try {
    await Promise.all(
      producers.map(async (producer) => {
        while (written < targetBytes) {
          written += perBatch * messageBytes;
          await producer.send({ topic, acks: -1, messages });
          count += perBatch;
        }
      }),
    );
  } finally {
    await Promise.all(producers.map((p) => p.disconnect()));
  }
  return { bytes: count * messageBytes, messages: count, seconds: (performance.now() - started) / 1000 };
}
