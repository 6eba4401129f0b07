import { ErrorCode } from '../protocol/error-codes';
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
  name: string;
  partitions: PartitionRequest[];
}

const EMPTY = Buffer.alloc(0);

/** Reads every requested partition within the byte budgets; the first non-empty partition always gets a whole batch. */
function collect(
  broker: BrokerContext,
  topics: TopicRequest[],
  maxBytes: number,
): { data: Array<{ name: string; partitions: PartitionData[] }>; bytes: number } {
  let bytes = 0;
  const data = topics.map((topic) => ({
    name: topic.name,
    partitions: topic.partitions.map((p): PartitionData => {
      const log = broker.topics.partition(topic.name, p.index);
      if (!log)
        return { index: p.index, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, highWatermark: -1, logStartOffset: -1, records: EMPTY };
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
  topics: Array<{ topic: string; partitions: Array<{ partition: number; fetchOffset: number; partitionMaxBytes: number }> }>;
}

interface FetchResponse {
  errorCode: number;
  sessionId: number;
  responses: Array<{
    topic: string;
    partitions: Array<Omit<PartitionData, 'index'> & { partitionIndex: number; lastStableOffset: number }>;
  }>;
}

/**
 * Fetch v0-v12 without fetch sessions (it answers session id 0, which tells a client to send
 * full fetch requests): serves stored batches verbatim. Without transactions everything is
 * committed, so the last stable offset is the high watermark. v13+ name topics by id only.
 */
export const fetch: ApiHandler<FetchRequest, FetchResponse> = {
  key: 1,
  name: 'Fetch',
  minVersion: 0,
  maxVersion: 12,
  async handle(request, { broker }) {
    const topics: TopicRequest[] = request.topics.map((t) => ({
      name: t.topic,
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
      responses: result.data.map((topic) => ({
        topic: topic.name,
        partitions: topic.partitions.map(({ index, ...p }) => ({ ...p, partitionIndex: index, lastStableOffset: p.highWatermark })),
      })),
    };
  },
};
