import { ErrorCode } from '../protocol/error-codes';
import { BATCH, validateProducedBatch, type BatchHeader } from '../protocol/record-batch';
import { Writer } from '../protocol/writer';
import type { PartitionLog } from '../storage/partition-log';
import type { ApiHandler } from './api';
import type { BrokerContext } from '../server/broker-context';

interface PartitionResult {
  index: number;
  errorCode: number;
  baseOffset: number;
  logStartOffset: number;
}

const TRANSACTIONAL = 0x10;

/** Splits a partition's records field into batches and validates all of them before any is appended. */
function parseBatches(
  records: Buffer | null,
  maxMessageBytes: number,
): { batches: Array<{ bytes: Buffer; header: BatchHeader }>; errorCode: number; reason?: string } {
  const batches: Array<{ bytes: Buffer; header: BatchHeader }> = [];
  if (!records || records.length === 0) return { batches, errorCode: ErrorCode.CORRUPT_MESSAGE, reason: 'no records' };
  let position = 0;
  while (position < records.length) {
    if (records.length - position < BATCH.LOG_OVERHEAD)
      return { batches, errorCode: ErrorCode.CORRUPT_MESSAGE, reason: 'trailing bytes after the last batch' };
    const size = records.readInt32BE(position + BATCH.LENGTH) + BATCH.LOG_OVERHEAD;
    if (size <= BATCH.LOG_OVERHEAD || position + size > records.length) {
      return {
        batches,
        errorCode: ErrorCode.CORRUPT_MESSAGE,
        reason: `batch length ${size} does not fit the ${records.length - position} bytes sent`,
      };
    }
    if (size > maxMessageBytes)
      return { batches, errorCode: ErrorCode.MESSAGE_TOO_LARGE, reason: `batch of ${size} bytes exceeds ${maxMessageBytes}` };
    const bytes = records.subarray(position, position + size);
    const check = validateProducedBatch(bytes);
    if (check.header === null) return { batches, errorCode: check.errorCode, reason: check.problem };
    const { header } = check;
    if (header.attributes & TRANSACTIONAL)
      return { batches, errorCode: ErrorCode.INVALID_REQUEST, reason: 'transactional batches are not supported' };
    batches.push({ bytes, header });
    position += size;
  }
  return { batches, errorCode: ErrorCode.NONE };
}

function appendAll(
  log: PartitionLog,
  batches: Array<{ bytes: Buffer; header: BatchHeader }>,
): { errorCode: number; baseOffset: number; reason?: string } {
  let firstOffset = -1;
  for (const { bytes, header } of batches) {
    const verdict = log.producerStates.check(header);
    if (verdict.kind === 'reject') return { errorCode: verdict.errorCode, baseOffset: -1, reason: verdict.reason };
    const baseOffset = verdict.kind === 'duplicate' ? verdict.baseOffset : log.append(bytes, header);
    if (firstOffset < 0) firstOffset = baseOffset;
  }
  return { errorCode: ErrorCode.NONE, baseOffset: firstOffset };
}

function producePartition(broker: BrokerContext, topicName: string, index: number, records: Buffer | null): PartitionResult {
  const result = (errorCode: number, baseOffset = -1, logStartOffset = -1): PartitionResult => ({
    index,
    errorCode,
    baseOffset,
    logStartOffset,
  });
  const topic = broker.topics.get(topicName);
  const log = topic?.partitions[index];
  if (!topic || !log) return result(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  const parsed = parseBatches(records, topic.limits.maxMessageBytes);
  if (parsed.errorCode !== ErrorCode.NONE) {
    broker.logger.warn(`produce to ${topicName}-${index} rejected (error ${parsed.errorCode}): ${parsed.reason}`);
    return result(parsed.errorCode);
  }
  try {
    const appended = appendAll(log, parsed.batches);
    if (appended.errorCode !== ErrorCode.NONE)
      broker.logger.warn(`produce to ${topicName}-${index} rejected (error ${appended.errorCode}): ${appended.reason}`);
    return result(appended.errorCode, appended.baseOffset, log.logStartOffset);
  } catch (error) {
    broker.logger.error(`produce to ${topicName}-${index} failed writing to disk: ${(error as Error).message}`);
    return result(ErrorCode.KAFKA_STORAGE_ERROR);
  }
}

/** Produce v0-v7 (RecordBatch v2 only): validate, deduplicate idempotent retries, append, optionally fsync, acknowledge. */
export const produce: ApiHandler = {
  key: 0,
  name: 'Produce',
  minVersion: 0,
  maxVersion: 7,
  async handle(request, { apiVersion, broker }) {
    if (apiVersion >= 3) request.nullableString(); // transactional id: transactions are not supported, batches are checked
    const acks = request.int16();
    request.int32(); // timeout: every write completes synchronously
    const topics = request.array((r) => ({
      name: r.string(),
      partitions: r.array((p) => ({ index: p.int32(), records: p.nullableBytes() })),
    }));
    const validAcks = acks === -1 || acks === 0 || acks === 1;
    const touched = new Set<PartitionLog>();
    const results = topics.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.map((p) => {
        if (!validAcks) return { index: p.index, errorCode: ErrorCode.INVALID_REQUIRED_ACKS, baseOffset: -1, logStartOffset: -1 };
        const outcome = producePartition(broker, topic.name, p.index, p.records);
        const log = broker.topics.partition(topic.name, p.index);
        if (outcome.errorCode === ErrorCode.NONE && log) touched.add(log);
        return outcome;
      }),
    }));
    if (broker.config.flushIntervalMs === 0) await Promise.all([...touched].map((log) => log.sync()));
    if (touched.size > 0) broker.appends.emit('append');
    if (acks === 0) return null;
    const w = new Writer();
    w.array(results, (out, topic) => {
      out.string(topic.name);
      out.array(topic.partitions, (po, p) => {
        po.int32(p.index).int16(p.errorCode).int64(p.baseOffset);
        if (apiVersion >= 2) po.int64(-1);
        if (apiVersion >= 5) po.int64(p.logStartOffset);
      });
    });
    if (apiVersion >= 1) w.int32(0);
    return w;
  },
};
