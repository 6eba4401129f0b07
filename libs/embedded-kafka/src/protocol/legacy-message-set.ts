import { crc32, crc32c } from '@node-rs/crc32';
import type { BrokerContext } from '../server/broker-context';
import { batchRecords, isControlBatch, type LogRecord } from '../storage/records';
import type { Topic } from '../storage/topic-store';
import { Codec, CompressionError, compress, decompress } from './compression';
import { ErrorCode } from './error-codes';
import { readInt64, writeInt64 } from './int64';
import { BATCH, batchCrcMatches, compressionCodec, readBatchHeader } from './record-batch';

/**
 * Message sets of magic 0 and 1 (Kafka's LegacyRecord), which the broker never stores: produced
 * ones are converted to ONE RecordBatch v2 (up-conversion, as Kafka's LogValidator does when the
 * log's format is v2), and stored v2 batches are converted back for Fetch v0-v3 (down-conversion,
 * as RecordsUtil.downConvert / LazyDownConversionRecords do).
 *
 * A legacy entry: offset int64 · size int32 · CRC-32 (IEEE, of magic..end) · magic int8 ·
 * attributes int8 (codec in bits 0-2, bit 3 LogAppendTime for magic 1) · timestamp int64 (magic 1
 * only) · key (int32 length, -1 = null) · value (int32 length, -1 = null). A compressed wrapper's
 * value is a compressed message set whose offsets are absolute (magic 0) or relative to the first
 * inner message, with the wrapper carrying the absolute offset of the last one (magic 1).
 */
export const LEGACY = {
  OFFSET: 0,
  SIZE: 8,
  CRC: 12,
  MAGIC: 16,
  ATTRIBUTES: 17,
  TIMESTAMP: 18,
  LOG_OVERHEAD: 12,
  /** CRC, magic, attributes, key and value lengths (LegacyRecord.RECORD_OVERHEAD_V0). */
  RECORD_OVERHEAD_V0: 14,
  /** ... and the timestamp (RECORD_OVERHEAD_V1). */
  RECORD_OVERHEAD_V1: 22,
} as const;

const TIMESTAMP_TYPE_LOG_APPEND = 0x08;
const NO_TIMESTAMP = -1;

export type Conversion = { records: Buffer; errorCode?: undefined } | { records?: undefined; errorCode: number; reason: string };

class ConversionError extends Error {
  constructor(
    readonly errorCode: number,
    message: string,
  ) {
    super(message);
  }
}

const refuse = (errorCode: number, reason: string): never => {
  throw new ConversionError(errorCode, reason);
};

/** One legacy message, decoded (offset as written: absolute, or relative inside a magic-1 wrapper). */
interface LegacyMessage {
  offset: number;
  magic: number;
  attributes: number;
  /** As Kafka's LegacyRecord.timestamp(): -1 for magic 0, the wrapper's for inner messages of a LogAppendTime wrapper. */
  timestamp: number;
  logAppendTime: boolean;
  key: Buffer | null;
  value: Buffer | null;
  /** offset + size + the message: the entry's bytes in the set. */
  size: number;
}

/** One shallow entry of a produced records field: a legacy message or a v2 batch. */
type Entry = { kind: 'legacy'; message: LegacyMessage; bytes: Buffer } | { kind: 'v2'; bytes: Buffer };

function codecOf(attributes: number): number {
  return attributes & 0x07;
}

/** Reads the message whose entry starts at `at` (its size already known to fit); checks the CRC as LegacyRecord.ensureValid. */
function readMessage(set: Buffer, at: number, wrapper?: { timestamp: number; logAppendTime: boolean }): LegacyMessage {
  const size = set.readInt32BE(at + LEGACY.SIZE);
  const end = at + LEGACY.LOG_OVERHEAD + size;
  const magic = set.readInt8(at + LEGACY.MAGIC);
  const stored = set.readUInt32BE(at + LEGACY.CRC);
  const computed = crc32(set.subarray(at + LEGACY.MAGIC, end));
  if (stored !== computed) refuse(ErrorCode.CORRUPT_MESSAGE, `Record is corrupt (stored crc = ${stored}, computed crc = ${computed})`);
  if (magic === 1 && size < LEGACY.RECORD_OVERHEAD_V1) refuse(ErrorCode.CORRUPT_MESSAGE, `magic 1 message of ${size} bytes is too short`);
  const attributes = set.readInt8(at + LEGACY.ATTRIBUTES);
  let position = at + (magic === 0 ? LEGACY.TIMESTAMP : LEGACY.TIMESTAMP + 8);
  const sized = (what: string): Buffer | null => {
    if (position + 4 > end) return refuse(ErrorCode.CORRUPT_MESSAGE, `message ${what} length runs past the message`);
    const length = set.readInt32BE(position);
    position += 4;
    if (length < 0) return null;
    if (position + length > end) return refuse(ErrorCode.CORRUPT_MESSAGE, `message ${what} of ${length} bytes runs past the message`);
    const bytes = set.subarray(position, position + length);
    position += length;
    return bytes;
  };
  const key = sized('key');
  const value = sized('value');
  const ownLogAppendTime = magic === 1 && (attributes & TIMESTAMP_TYPE_LOG_APPEND) !== 0;
  const logAppendTime = magic === 1 && (wrapper ? wrapper.logAppendTime : ownLogAppendTime);
  let timestamp = magic === 0 ? NO_TIMESTAMP : readInt64(set, at + LEGACY.TIMESTAMP);
  if (magic === 1 && wrapper?.logAppendTime) timestamp = wrapper.timestamp;
  return {
    offset: readInt64(set, at + LEGACY.OFFSET),
    magic,
    attributes,
    timestamp,
    logAppendTime,
    key,
    value,
    size: size + LEGACY.LOG_OVERHEAD,
  };
}

/**
 * The shallow entries of a produced records field, as Kafka's ByteBufferLogInputStream and
 * UnifiedLog.analyzeAndValidateRecords walk them: sizes and magic checked, each entry no larger
 * than max.message.bytes, the CRC of each legacy message and of each v2 batch verified.
 */
function shallowEntries(records: Buffer, maxMessageBytes: number): Entry[] {
  const entries: Entry[] = [];
  let at = 0;
  while (at < records.length) {
    if (records.length - at < LEGACY.LOG_OVERHEAD) refuse(ErrorCode.CORRUPT_MESSAGE, 'trailing bytes after the last message');
    const size = records.readInt32BE(at + LEGACY.SIZE);
    if (size < LEGACY.RECORD_OVERHEAD_V0)
      refuse(ErrorCode.CORRUPT_MESSAGE, `Record size ${size} is less than the minimum record overhead (${LEGACY.RECORD_OVERHEAD_V0})`);
    if (at + LEGACY.LOG_OVERHEAD + size > records.length)
      refuse(
        ErrorCode.CORRUPT_MESSAGE,
        `message of ${size} bytes does not fit the ${records.length - at - LEGACY.LOG_OVERHEAD} bytes sent`,
      );
    const magic = records.readInt8(at + LEGACY.MAGIC);
    if (magic < 0 || magic > 2) refuse(ErrorCode.CORRUPT_MESSAGE, `Invalid magic found in record: ${magic}`);
    const bytes = records.subarray(at, at + LEGACY.LOG_OVERHEAD + size);
    if (bytes.length > maxMessageBytes)
      refuse(ErrorCode.MESSAGE_TOO_LARGE, `The record batch size in the append is ${bytes.length} bytes which exceeds ${maxMessageBytes}`);
    if (magic === 2) {
      if (bytes.length < BATCH.HEADER_SIZE || !batchCrcMatches(bytes))
        refuse(ErrorCode.CORRUPT_MESSAGE, 'Record is corrupt (CRC-32C mismatch)');
      if (readInt64(bytes, BATCH.BASE_OFFSET) !== 0)
        refuse(ErrorCode.INVALID_RECORD, `The baseOffset of the record batch in the append should be 0`);
      entries.push({ kind: 'v2', bytes });
    } else {
      entries.push({ kind: 'legacy', message: readMessage(records, at), bytes });
    }
    at += bytes.length;
  }
  return entries;
}

/** True when a produced records field holds a magic 0 or 1 message anywhere (then it goes through upConvert). */
export function containsLegacyMessages(records: Buffer | null): boolean {
  if (!records) return false;
  let at = 0;
  while (at + LEGACY.MAGIC < records.length) {
    if (records.readInt8(at + LEGACY.MAGIC) < 2) return true;
    const size = records.readInt32BE(at + LEGACY.SIZE);
    if (size <= 0) return false;
    at += LEGACY.LOG_OVERHEAD + size;
  }
  return false;
}

/**
 * The inner messages of a compressed wrapper (AbstractLegacyRecordBatch.DeepRecordsIterator):
 * decompressed, read to the last whole message, offsets made absolute-from-zero for magic 1.
 */
function innerMessages(wrapper: LegacyMessage): LegacyMessage[] {
  const codec = codecOf(wrapper.attributes);
  if (codec === Codec.ZSTD)
    refuse(ErrorCode.INVALID_RECORD, `Invalid wrapper compressionType found in legacy deep record iterator ${wrapper.magic}`);
  if (wrapper.value === null)
    refuse(ErrorCode.INVALID_RECORD, `Found invalid compressed record set with null value (magic = ${wrapper.magic})`);
  let data: Buffer;
  try {
    data = decompress(codec, wrapper.value!);
  } catch (error) {
    if (error instanceof CompressionError) return refuse(ErrorCode.CORRUPT_MESSAGE, error.message);
    throw error;
  }
  const inner: LegacyMessage[] = [];
  let at = 0;
  // DataLogInputStream stops at the first entry that is not whole.
  while (at + LEGACY.LOG_OVERHEAD <= data.length) {
    const size = data.readInt32BE(at + LEGACY.SIZE);
    if (size < LEGACY.RECORD_OVERHEAD_V0)
      refuse(ErrorCode.CORRUPT_MESSAGE, `Record size ${size} is less than the minimum record overhead (${LEGACY.RECORD_OVERHEAD_V0})`);
    if (at + LEGACY.LOG_OVERHEAD + size > data.length) break;
    const message = readMessage(data, at, { timestamp: wrapper.timestamp, logAppendTime: wrapper.logAppendTime });
    if (message.magic !== wrapper.magic)
      refuse(ErrorCode.INVALID_RECORD, `Record's magic ${message.magic} does not match outer magic ${wrapper.magic}`);
    if (codecOf(message.attributes) !== Codec.NONE)
      refuse(ErrorCode.INVALID_RECORD, 'Compressed outer record should not have an inner record with a compression attribute set');
    inner.push(message);
    at += message.size;
  }
  if (inner.length === 0) refuse(ErrorCode.INVALID_RECORD, 'Found invalid compressed record set with no inner records');
  if (wrapper.magic === 1 && wrapper.offset !== 0) {
    const lastInner = inner[inner.length - 1].offset;
    if (wrapper.offset < lastInner)
      refuse(
        ErrorCode.INVALID_RECORD,
        `Found invalid wrapper offset in compressed v1 message set, wrapper offset '${wrapper.offset}' is less than the last inner message offset '${lastInner}' and it is not zero.`,
      );
  }
  return inner;
}

export interface UpConversionOptions {
  /** The broker's clock (LogValidator's `now`). */
  now: number;
  /** message.timestamp.type. */
  logAppendTime: boolean;
  /** compression.type: 'producer' keeps the producer's codec. */
  compressionType: string;
  /** cleanup.policy includes compact: every record needs a key. */
  compacted: boolean;
  maxMessageBytes: number;
  /** message.timestamp.before.max.ms / after.max.ms. */
  timestampBeforeMaxMs: number;
  timestampAfterMaxMs: number;
}

const TARGET_CODECS: Record<string, number> = {
  uncompressed: Codec.NONE,
  gzip: Codec.GZIP,
  snappy: Codec.SNAPPY,
  lz4: Codec.LZ4,
  zstd: Codec.ZSTD,
};

/**
 * A produced records field holding magic 0/1 messages, as ONE RecordBatch v2 (base offset 0,
 * no producer id), following LogValidator.validateMessagesAndAssignOffsets with toMagic 2:
 * magic-0 records get no timestamp (-1) unless the topic uses LogAppendTime, magic-1 records keep
 * theirs, no headers; the batch is compressed with the target codec (compression.type, 'producer'
 * meaning the wrapper's) when a compressor exists for it, else written uncompressed.
 * Refusals, as Kafka answers them: a bad CRC or broken framing is CORRUPT_MESSAGE and an entry
 * beyond max.message.bytes MESSAGE_TOO_LARGE (both before anything else); messages of different
 * magic (a v2 batch among legacy messages), more than one entry next to a compressed wrapper, a
 * keyless record on a compacted topic and bad wrappers are INVALID_RECORD; a timestamp out of
 * the topic's bounds is INVALID_TIMESTAMP.
 */
export function upConvert(records: Buffer, options: UpConversionOptions): Conversion {
  try {
    return { records: upConvertOrThrow(records, options) };
  } catch (error) {
    if (error instanceof ConversionError) return { errorCode: error.errorCode, reason: error.message };
    throw error;
  }
}

function upConvertOrThrow(records: Buffer, options: UpConversionOptions): Buffer {
  const entries = shallowEntries(records, options.maxMessageBytes);
  if (entries.length === 0) refuse(ErrorCode.INVALID_RECORD, 'Record batch has no batches at all');
  // UnifiedLog: the source codec is that of the (last) compressed entry.
  let sourceCodec: number = Codec.NONE;
  for (const entry of entries) {
    const codec = entry.kind === 'v2' ? compressionCodec(entry.bytes.readInt16BE(BATCH.ATTRIBUTES)) : codecOf(entry.message.attributes);
    if (codec !== Codec.NONE) sourceCodec = codec;
  }
  const targetCodec = options.compressionType === 'producer' ? sourceCodec : (TARGET_CODECS[options.compressionType] ?? Codec.NONE);
  const first = entries[0];
  // LogValidator.getFirstBatchAndMaybeValidateNoMoreBatches, then validateBatch's magic check.
  if ((first.kind === 'v2' || sourceCodec !== Codec.NONE) && entries.length > 1)
    refuse(ErrorCode.INVALID_RECORD, 'Compressed outer record has more than one batch');
  const firstMagic = first.kind === 'v2' ? 2 : first.message.magic;
  const converted: Array<{ timestamp: number; key: Buffer | null; value: Buffer | null }> = [];
  for (const entry of entries) {
    const magic = entry.kind === 'v2' ? 2 : entry.message.magic;
    if (magic !== firstMagic || entry.kind === 'v2')
      refuse(ErrorCode.INVALID_RECORD, `Batch magic ${magic} is not the same as the first batch's magic byte ${firstMagic}`);
    const wrapper = (entry as Extract<Entry, { kind: 'legacy' }>).message;
    const messages = codecOf(wrapper.attributes) === Codec.NONE ? [wrapper] : innerMessages(wrapper);
    const errors: string[] = [];
    let invalidTimestamp = false;
    messages.forEach((message, index) => {
      if (options.compacted && message.key === null) {
        errors.push(`${index}: Compacted topic cannot accept message without key`);
      } else if (!options.logAppendTime && message.timestamp !== NO_TIMESTAMP) {
        const difference = options.now - message.timestamp;
        if (difference > options.timestampBeforeMaxMs || -difference > options.timestampAfterMaxMs) {
          invalidTimestamp = true;
          errors.push(
            `${index}: Timestamp ${message.timestamp} of message with offset ${message.offset} is out of range. The timestamp should be within [${options.now - options.timestampBeforeMaxMs}, ${options.now + options.timestampAfterMaxMs}]`,
          );
        }
      } else if (wrapper.logAppendTime) {
        invalidTimestamp = true;
        errors.push(`${index}: Invalid timestamp type in message. Producer should not set timestamp type to LogAppendTime.`);
      }
      converted.push({ timestamp: message.timestamp, key: message.key, value: message.value });
    });
    if (errors.length > 0) {
      refuse(
        invalidTimestamp ? ErrorCode.INVALID_TIMESTAMP : ErrorCode.INVALID_RECORD,
        invalidTimestamp
          ? `One or more records have been rejected due to invalid timestamp: ${errors.slice(0, 3).join('; ')}`
          : `One or more records have been rejected due to ${errors.length} record errors: ${errors.slice(0, 3).join('; ')}`,
      );
    }
  }
  return buildBatch(converted, targetCodec, options.logAppendTime ? options.now : null);
}

/** A RecordBatch v2 as MemoryRecordsBuilder writes it (non-idempotent, leader epoch 0, base offset 0). */
function buildBatch(
  records: Array<{ timestamp: number; key: Buffer | null; value: Buffer | null }>,
  codec: number,
  logAppendTime: number | null,
): Buffer {
  const baseTimestamp = records[0].timestamp;
  let maxTimestamp = NO_TIMESTAMP;
  const encoded: Buffer[] = [];
  records.forEach((record, offsetDelta) => {
    if (record.timestamp > maxTimestamp) maxTimestamp = record.timestamp;
    encoded.push(encodeRecord(offsetDelta, record.timestamp - baseTimestamp, record.key, record.value));
  });
  const raw = Buffer.concat(encoded);
  let body: Buffer = raw;
  let written = codec;
  if (codec !== Codec.NONE) {
    try {
      body = compress(codec, raw);
    } catch (error) {
      if (!(error instanceof CompressionError)) throw error;
      written = Codec.NONE; // zstd: no compressor here, uncompressed is always valid
    }
  }
  const batch = Buffer.alloc(BATCH.HEADER_SIZE + body.length);
  writeInt64(batch, BATCH.BASE_OFFSET, 0);
  batch.writeInt32BE(batch.length - BATCH.LOG_OVERHEAD, BATCH.LENGTH);
  batch.writeInt32BE(0, BATCH.LEADER_EPOCH);
  batch.writeInt8(2, BATCH.MAGIC);
  batch.writeInt16BE(written | (logAppendTime === null ? 0 : TIMESTAMP_TYPE_LOG_APPEND), BATCH.ATTRIBUTES);
  batch.writeInt32BE(records.length - 1, BATCH.LAST_OFFSET_DELTA);
  writeInt64(batch, BATCH.BASE_TIMESTAMP, baseTimestamp);
  writeInt64(batch, BATCH.MAX_TIMESTAMP, logAppendTime ?? maxTimestamp);
  writeInt64(batch, BATCH.PRODUCER_ID, -1);
  batch.writeInt16BE(-1, BATCH.PRODUCER_EPOCH);
  batch.writeInt32BE(-1, BATCH.BASE_SEQUENCE);
  batch.writeInt32BE(records.length, BATCH.RECORD_COUNT);
  body.copy(batch, BATCH.HEADER_SIZE);
  batch.writeUInt32BE(crc32c(batch.subarray(BATCH.ATTRIBUTES)), BATCH.CRC);
  return batch;
}

/** Unsigned LEB128 of the zig-zag of a (safe-integer) value, as DefaultRecord's varint and varlong. */
function varint(value: number): Buffer {
  let v = value >= 0 ? value * 2 : -value * 2 - 1;
  const bytes: number[] = [];
  while (v >= 0x80) {
    bytes.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  bytes.push(v);
  return Buffer.from(bytes);
}

function encodeRecord(offsetDelta: number, timestampDelta: number, key: Buffer | null, value: Buffer | null): Buffer {
  const parts = [Buffer.from([0]), varint(timestampDelta), varint(offsetDelta)];
  for (const field of [key, value]) {
    parts.push(varint(field === null ? -1 : field.length));
    if (field !== null) parts.push(field);
  }
  parts.push(varint(0)); // no headers
  const body = Buffer.concat(parts);
  return Buffer.concat([varint(body.length), body]);
}

/** A legacy message entry with its CRC (LegacyRecord.write): magic 0 has no timestamp field. */
function legacyMessage(
  offset: number,
  magic: 0 | 1,
  attributes: number,
  timestamp: number,
  key: Buffer | null,
  value: Buffer | null,
): Buffer {
  const header = magic === 0 ? LEGACY.RECORD_OVERHEAD_V0 : LEGACY.RECORD_OVERHEAD_V1;
  const size = header + (key?.length ?? 0) + (value?.length ?? 0);
  const entry = Buffer.alloc(LEGACY.LOG_OVERHEAD + size);
  writeInt64(entry, LEGACY.OFFSET, offset);
  entry.writeInt32BE(size, LEGACY.SIZE);
  entry.writeInt8(magic, LEGACY.MAGIC);
  entry.writeInt8(attributes, LEGACY.ATTRIBUTES);
  let position = LEGACY.TIMESTAMP;
  if (magic === 1) {
    writeInt64(entry, position, timestamp);
    position += 8;
  }
  for (const field of [key, value]) {
    entry.writeInt32BE(field === null ? -1 : field.length, position);
    position += 4;
    if (field !== null) position += field.copy(entry, position);
  }
  entry.writeUInt32BE(crc32(entry.subarray(LEGACY.MAGIC)), LEGACY.CRC);
  return entry;
}

/** The message format a Fetch version can read (KafkaApis: v0-1 → magic 0, v2-3 → magic 1), or null for v2 batches as stored. */
export function legacyFetchMagic(fetchVersion: number): 0 | 1 | null {
  if (fetchVersion <= 1) return 0;
  if (fetchVersion <= 3) return 1;
  return null;
}

/**
 * The v2 batches `records` (whole batches, as the log reads them) as magic 0/1 messages, as
 * RecordsUtil.downConvert writes them: each record keeps its absolute offset and timestamp
 * (magic 1; LogAppendTime batches give every record the batch's max timestamp), headers are
 * dropped, control batches skipped. An uncompressed batch becomes one message per record from
 * `fetchOffset` on; a compressed one a wrapper of the same codec holding all its records (inner
 * offsets relative for magic 1, absolute for magic 0; wrapper offset = the last record's).
 * Zstd has no legacy form: a zstd first batch is UNSUPPORTED_COMPRESSION_TYPE; a later one ends
 * the response there (the client's next fetch, from it, gets the error).
 * Size, as LazyDownConversionRecords: at least the first converted batch, else no more than the
 * stored bytes that were read (whole messages only).
 */
export function downConvert(records: Buffer, toMagic: 0 | 1, fetchOffset: number): Conversion {
  const chunks: Buffer[][] = [];
  for (let at = 0; at + BATCH.HEADER_SIZE <= records.length;) {
    const header = readBatchHeader(records, at);
    const bytes = records.subarray(at, at + header.size);
    at += header.size;
    if (header.magic !== 2 || bytes.length < header.size || isControlBatch(header)) continue;
    const codec = compressionCodec(header.attributes);
    if (codec === Codec.ZSTD) {
      if (chunks.length === 0)
        return {
          errorCode: ErrorCode.UNSUPPORTED_COMPRESSION_TYPE,
          reason: 'Down-conversion of zstandard-compressed batches is not supported',
        };
      break;
    }
    const all = batchRecords(bytes, header);
    const kept = codec === Codec.NONE ? all.filter((r) => r.offset >= fetchOffset) : all;
    if (kept.length === 0) continue;
    const logAppendTime = (header.attributes & TIMESTAMP_TYPE_LOG_APPEND) !== 0 ? header.maxTimestamp : null;
    chunks.push(convertBatch(kept, toMagic, codec, logAppendTime));
  }
  if (chunks.length === 0) return { records: Buffer.alloc(0) };
  const first = chunks[0];
  const limit = Math.max(
    records.length,
    first.reduce((sum, m) => sum + m.length, 0),
  );
  const out: Buffer[] = [...first];
  let size = limit - first.reduce((sum, m) => sum + m.length, 0);
  outer: for (const chunk of chunks.slice(1)) {
    for (const message of chunk) {
      if (message.length > size) break outer;
      out.push(message);
      size -= message.length;
    }
  }
  return { records: Buffer.concat(out) };
}

/** One batch's records as legacy messages (MemoryRecordsBuilder with magic 0/1): several, or one compressed wrapper. */
function convertBatch(records: LogRecord[], magic: 0 | 1, codec: number, logAppendTime: number | null): Buffer[] {
  const typeBit = magic === 1 && logAppendTime !== null ? TIMESTAMP_TYPE_LOG_APPEND : 0;
  const timestampOf = (record: LogRecord): number => (magic === 0 ? NO_TIMESTAMP : (logAppendTime ?? record.timestamp));
  if (codec === Codec.NONE) return records.map((r) => legacyMessage(r.offset, magic, typeBit, timestampOf(r), r.key, r.value));
  const baseOffset = records[0].offset;
  const inner = records.map((r) =>
    legacyMessage(magic === 1 ? r.offset - baseOffset : r.offset, magic, typeBit, timestampOf(r), r.key, r.value),
  );
  const last = records[records.length - 1];
  const maxTimestamp = magic === 0 ? NO_TIMESTAMP : (logAppendTime ?? Math.max(NO_TIMESTAMP, ...records.map((r) => r.timestamp)));
  let value: Buffer;
  try {
    value = compress(codec, Buffer.concat(inner));
  } catch (error) {
    // No compressor for the codec: the records go uncompressed, one message each (still the same records and offsets).
    if (!(error instanceof CompressionError)) throw error;
    return records.map((r) => legacyMessage(r.offset, magic, typeBit, timestampOf(r), r.key, r.value));
  }
  return [legacyMessage(last.offset, magic, codec | typeBit, maxTimestamp, null, value)];
}

/** A topic config's value in force (the topic's own, else the default). */
function topicConfig(broker: BrokerContext, topic: Topic, name: string): string | null {
  return broker.topics.describeConfigs(topic.name).find((entry) => entry.name === name)?.value ?? null;
}

/**
 * Produce's hook: null when `records` holds v2 batches only; else the records as one v2 batch,
 * or the error to answer. Produce v3+ may carry magic 2 only (ProduceRequest.validateRecords:
 * INVALID_RECORD); v0-v2 are converted.
 */
export function legacyProduceRecords(broker: BrokerContext, topic: Topic, apiVersion: number, records: Buffer | null): Conversion | null {
  if (!records || !containsLegacyMessages(records)) return null;
  if (apiVersion >= 3) {
    const firstIsV2 = records.length > LEGACY.MAGIC && records.readInt8(LEGACY.MAGIC) === 2;
    return {
      errorCode: ErrorCode.INVALID_RECORD,
      reason: firstIsV2
        ? `Produce requests with version ${apiVersion} are only allowed to contain exactly one record batch per partition`
        : `Produce requests with version ${apiVersion} are only allowed to contain record batches with magic version 2`,
    };
  }
  const config = (name: string, fallback: string) => topicConfig(broker, topic, name) ?? fallback;
  // LogConfig: before/after.max.ms fall back to the deprecated difference.max.ms while left at Long.MAX_VALUE.
  const LONG_MAX = '9223372036854775807';
  const difference = config('message.timestamp.difference.max.ms', LONG_MAX);
  const bound = (name: string) => Number(config(name, LONG_MAX) === LONG_MAX ? difference : config(name, LONG_MAX));
  return upConvert(records, {
    now: Date.now(),
    logAppendTime: config('message.timestamp.type', 'CreateTime') === 'LogAppendTime',
    compressionType: config('compression.type', 'producer'),
    compacted: topic.limits.cleanupPolicy.compact,
    maxMessageBytes: topic.limits.maxMessageBytes,
    timestampBeforeMaxMs: bound('message.timestamp.before.max.ms'),
    timestampAfterMaxMs: bound('message.timestamp.after.max.ms'),
  });
}

interface FetchedPartition {
  errorCode: number;
  highWatermark: number;
  logStartOffset: number;
  records: Buffer;
}

/**
 * Fetch's hook (KafkaApis.maybeConvertFetchedData): for Fetch < v10 a topic whose
 * compression.type is zstd answers UNSUPPORTED_COMPRESSION_TYPE; for Fetch v0-v3 the records are
 * down-converted, or UNSUPPORTED_VERSION when message.downconversion.enable is false.
 */
export function legacyFetchPartition<P extends FetchedPartition>(
  broker: BrokerContext,
  topicName: string | null,
  apiVersion: number,
  fetchOffset: number,
  partition: P,
): P {
  const topic = topicName === null ? undefined : broker.topics.get(topicName);
  const toMagic = legacyFetchMagic(apiVersion);
  if (!topic || (apiVersion >= 10 && toMagic === null)) return partition;
  const failed = (errorCode: number): P => ({ ...partition, errorCode, highWatermark: -1, logStartOffset: -1, records: Buffer.alloc(0) });
  if (topicConfig(broker, topic, 'compression.type') === 'zstd') return failed(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE);
  if (toMagic === null) return partition;
  if (topicConfig(broker, topic, 'message.downconversion.enable') === 'false') return failed(ErrorCode.UNSUPPORTED_VERSION);
  if (partition.records.length === 0) return partition;
  const converted = downConvert(partition.records, toMagic, fetchOffset);
  if (converted.errorCode !== undefined) {
    broker.logger.debug(`fetch v${apiVersion} of ${topicName} at ${fetchOffset}: ${converted.reason}`);
    return failed(converted.errorCode);
  }
  return { ...partition, records: converted.records };
}
