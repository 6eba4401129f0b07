import { ErrorCode } from '../protocol/error-codes';
import { legacyProduceRecords } from '../protocol/legacy-message-set';
import { BATCH, validateProducedBatch, type BatchHeader } from '../protocol/record-batch';
import type { PartitionLog } from '../storage/partition-log';
import type { ApiHandler } from './api';
import type { BrokerContext } from '../server/broker-context';

interface PartitionResult {
  index: number;
  errorCode: number;
  baseOffset: number;
  logStartOffset: number;
  /** Why a batch was refused (Produce v8+ shows it to the client). */
  errorMessage?: string | null;
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

function producePartition(
  broker: BrokerContext,
  apiVersion: number,
  topicName: string,
  index: number,
  records: Buffer | null,
): PartitionResult {
  const result = (errorCode: number, baseOffset = -1, logStartOffset = -1, errorMessage: string | null = null): PartitionResult => ({
    index,
    errorCode,
    baseOffset,
    logStartOffset,
    errorMessage,
  });
  const topic = broker.topics.get(topicName);
  const log = topic?.partitions[index];
  if (!topic || !log) return result(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  // Magic 0/1 message sets become one v2 batch here (LogValidator's up-conversion), or are refused.
  const legacy = legacyProduceRecords(broker, topic, apiVersion, records);
  if (legacy?.errorCode !== undefined) {
    broker.logger.warn(`produce to ${topicName}-${index} rejected (error ${legacy.errorCode}): ${legacy.reason}`);
    return result(legacy.errorCode, -1, -1, legacy.reason);
  }
  const parsed = parseBatches(legacy?.records ?? records, topic.limits.maxMessageBytes);
  if (parsed.errorCode !== ErrorCode.NONE) {
    broker.logger.warn(`produce to ${topicName}-${index} rejected (error ${parsed.errorCode}): ${parsed.reason}`);
    return result(parsed.errorCode, -1, -1, parsed.reason ?? null);
  }
  try {
    const appended = appendAll(log, parsed.batches);
    if (appended.errorCode !== ErrorCode.NONE)
      broker.logger.warn(`produce to ${topicName}-${index} rejected (error ${appended.errorCode}): ${appended.reason}`);
    return result(appended.errorCode, appended.baseOffset, log.logStartOffset, appended.reason ?? null);
  } catch (error) {
    broker.logger.error(`produce to ${topicName}-${index} failed writing to disk: ${(error as Error).message}`);
    return result(ErrorCode.KAFKA_STORAGE_ERROR);
  }
}

interface ProduceRequest {
  transactionalId: string | null;
  acks: number;
  topicData: Array<{ name: string; partitionData: Array<{ index: number; records: Buffer | null }> }>;
}

interface ProduceResponse {
  responses: Array<{ name: string; partitionResponses: PartitionResult[] }>;
}

/**
 * Produce v0-v11 (RecordBatch v2 only): validate, deduplicate idempotent retries, append,
 * optionally fsync, acknowledge. v0-v2 stay advertised although Kafka 4.0 dropped them (KIP-896):
 * librdkafka 2.0 (Debian's kcat and confluent-kafka) turns compression off against a broker whose
 * ApiVersions lacks them.
 */
export const produce: ApiHandler<ProduceRequest, ProduceResponse> = {
  key: 0,
  name: 'Produce',
  minVersion: 0,
  maxVersion: 11,
  async handle(request, { broker, apiVersion }) {
    // Transactional ids: transactions are not supported, and transactional batches are refused below.
    const { acks } = request;
    const validAcks = acks === -1 || acks === 0 || acks === 1;
    const touched = new Set<PartitionLog>();
    const responses = request.topicData.map((topic) => ({
      name: topic.name,
      partitionResponses: topic.partitionData.map((p) => {
        if (!validAcks) return { index: p.index, errorCode: ErrorCode.INVALID_REQUIRED_ACKS, baseOffset: -1, logStartOffset: -1 };
        const outcome = producePartition(broker, apiVersion, topic.name, p.index, p.records);
        const log = broker.topics.partition(topic.name, p.index);
        if (outcome.errorCode === ErrorCode.NONE && log) touched.add(log);
        return outcome;
      }),
    }));
    if (broker.config.flushIntervalMs === 0) await Promise.all([...touched].map((log) => log.sync()));
    if (touched.size > 0) broker.appends.emit('append');
    if (acks === 0) return null;
    return { responses };
  },
};
