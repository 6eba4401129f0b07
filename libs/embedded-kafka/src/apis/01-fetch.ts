import { ErrorCode } from '../protocol/error-codes';
import { legacyFetchPartition } from '../protocol/legacy-message-set';
import { OffsetOutOfRangeError } from '../storage/partition-log';
import type { BrokerContext } from '../server/broker-context';
import type { ApiHandler } from './api';

interface PartitionRequest {
  index: number;
  fetchOffset: number;
  maxBytes: number;
}

interface PartitionData {
  index: number;
  errorCode: number;
  highWatermark: number;
  logStartOffset: number;
  records: Buffer;
}

interface TopicRequest {
  /** null: a topic id (Fetch v13+) that names no topic here. */
  name: string | null;
  id: Buffer;
  partitions: PartitionRequest[];
}

const EMPTY = Buffer.alloc(0);

/** Reads every requested partition within the byte budgets; the first non-empty partition always gets a whole batch. */
function collect(
  broker: BrokerContext,
  topics: TopicRequest[],
  maxBytes: number,
): { data: Array<{ name: string | null; id: Buffer; partitions: PartitionData[] }>; bytes: number } {
  let bytes = 0;
  const data = topics.map((topic) => ({
    name: topic.name,
    id: topic.id,
    partitions: topic.partitions.map((p): PartitionData => {
      const log = topic.name === null ? undefined : broker.topics.partition(topic.name, p.index);
      if (!log) {
        const errorCode = topic.name === null ? ErrorCode.UNKNOWN_TOPIC_ID : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        return { index: p.index, errorCode, highWatermark: -1, logStartOffset: -1, records: EMPTY };
      }
      const base = { index: p.index, highWatermark: log.highWatermark, logStartOffset: log.logStartOffset };
      const budget = Math.min(p.maxBytes, maxBytes - bytes);
      if (budget <= 0 && bytes > 0) return { ...base, errorCode: ErrorCode.NONE, records: EMPTY };
      try {
        const records = log.read(p.fetchOffset, Math.max(budget, 1));
        bytes += records.length;
        return { ...base, errorCode: ErrorCode.NONE, records };
      } catch (error) {
        if (error instanceof OffsetOutOfRangeError) return { ...base, errorCode: ErrorCode.OFFSET_OUT_OF_RANGE, records: EMPTY };
        throw error;
      }
    }),
  }));
  return { data, bytes };
}

/** Holds the request until at least minBytes are there or maxWait passes, woken by appends. */
function waitForData(
  broker: BrokerContext,
  read: () => ReturnType<typeof collect>,
  minBytes: number,
  maxWaitMs: number,
): Promise<ReturnType<typeof collect>> {
  return new Promise((resolve) => {
    const finish = (result: ReturnType<typeof collect>) => {
      clearTimeout(timer);
      broker.appends.off('append', onAppend);
      resolve(result);
    };
    const onAppend = () => {
      const result = read();
      if (result.bytes >= minBytes) finish(result);
    };
    const timer = setTimeout(() => finish(read()), maxWaitMs);
    timer.unref();
    broker.appends.on('append', onAppend);
  });
}

interface FetchRequest {
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  /** v0-v12 name topics, v13+ identify them by id. */
  topics: Array<{
    topic: string;
    topicId: Buffer;
    partitions: Array<{ partition: number; fetchOffset: number; partitionMaxBytes: number }>;
  }>;
}

interface FetchResponse {
  errorCode: number;
  sessionId: number;
  responses: Array<{
    topic: string | null;
    topicId: Buffer;
    partitions: Array<Omit<PartitionData, 'index'> & { partitionIndex: number; lastStableOffset: number }>;
  }>;
}

/**
 * Fetch v0-v16 without fetch sessions (it answers session id 0, which tells a client to send
 * full fetch requests): serves stored batches verbatim. Without transactions everything is
 * committed, so the last stable offset is the high watermark. v13+ identify topics by id (an
 * unknown id gets UNKNOWN_TOPIC_ID); v15+ carry the replica state, which only brokers send.
 */
export const fetch: ApiHandler<FetchRequest, FetchResponse> = {
  key: 1,
  name: 'Fetch',
  minVersion: 0,
  maxVersion: 16,
  async handle(request, { apiVersion, broker }) {
    const byId = apiVersion >= 13;
    const topics: TopicRequest[] = request.topics.map((t) => ({
      name: byId ? (broker.topics.byId(t.topicId)?.name ?? null) : t.topic,
      id: t.topicId,
      partitions: t.partitions.map((p) => ({ index: p.partition, fetchOffset: p.fetchOffset, maxBytes: p.partitionMaxBytes })),
    }));
    const { minBytes, maxWaitMs, maxBytes } = request;
    const read = () => collect(broker, topics, maxBytes);
    let result = read();
    const hasError = result.data.some((t) => t.partitions.some((p) => p.errorCode !== ErrorCode.NONE));
    if (result.bytes < minBytes && maxWaitMs > 0 && !hasError) result = await waitForData(broker, read, minBytes, maxWaitMs);
    return {
      errorCode: ErrorCode.NONE,
      sessionId: 0,
      responses: result.data.map((topic, t) => ({
        topic: topic.name,
        topicId: topic.id,
        partitions: topic.partitions
          // Fetch < v10: zstd topics refused; v0-v3: magic 0/1 messages (KafkaApis.maybeConvertFetchedData).
          .map((p, i) => legacyFetchPartition(broker, topic.name, apiVersion, topics[t].partitions[i].fetchOffset, p))
          .map(({ index, ...p }) => ({ ...p, partitionIndex: index, lastStableOffset: p.highWatermark })),
      })),
    };
  },
};
