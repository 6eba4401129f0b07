import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
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

/** Fetch v0-v11 without fetch sessions (session id 0): serves stored batches verbatim. */
export const fetch: ApiHandler = {
  key: 1,
  name: 'Fetch',
  minVersion: 0,
  maxVersion: 11,
  async handle(request, { apiVersion, broker }) {
    request.int32(); // replica id
    const maxWaitMs = request.int32();
    const minBytes = request.int32();
    const maxBytes = apiVersion >= 3 ? request.int32() : 0x7fffffff;
    if (apiVersion >= 4) request.int8(); // isolation level: without transactions, everything is committed
    if (apiVersion >= 7) {
      request.int32(); // session id
      request.int32(); // session epoch
    }
    const topics: TopicRequest[] = request.array((r) => ({
      name: r.string(),
      partitions: r.array((p) => {
        const index = p.int32();
        if (apiVersion >= 9) p.int32(); // current leader epoch
        const fetchOffset = p.int64();
        if (apiVersion >= 5) p.int64(); // follower log start offset
        return { index, fetchOffset, maxBytes: p.int32() };
      }),
    }));
    if (apiVersion >= 7) request.array((r) => [r.string(), r.array((p) => p.int32())]);
    if (apiVersion >= 11) request.string(); // rack id

    const read = () => collect(broker, topics, maxBytes);
    let result = read();
    const hasError = result.data.some((t) => t.partitions.some((p) => p.errorCode !== ErrorCode.NONE));
    if (result.bytes < minBytes && maxWaitMs > 0 && !hasError) result = await waitForData(broker, read, minBytes, maxWaitMs);

    const w = new Writer();
    if (apiVersion >= 1) w.int32(0);
    if (apiVersion >= 7) w.int16(ErrorCode.NONE).int32(0);
    w.array(result.data, (out, topic) => {
      out.string(topic.name);
      out.array(topic.partitions, (po, p) => {
        po.int32(p.index).int16(p.errorCode).int64(p.highWatermark);
        if (apiVersion >= 4) po.int64(p.highWatermark);
        if (apiVersion >= 5) po.int64(p.logStartOffset);
        if (apiVersion >= 4) po.int32(0); // no aborted transactions
        if (apiVersion >= 11) po.int32(-1);
        po.bytes(p.records);
      });
    });
    return w;
  },
};
