import { crc32c } from '@node-rs/crc32';
import { compress, decompress } from '../protocol/compression';
import { writeInt64 } from '../protocol/int64';
import { BATCH, compressionCodec, type BatchHeader } from '../protocol/record-batch';

/** Attribute bits of a RecordBatch v2 (DefaultRecordBatch): timestamp type, transactional, control. */
const LOG_APPEND_TIME = 0x08;
const CONTROL = 0x20;

/** One record of a batch, decoded as far as the log needs (key and value, not headers). */
export interface LogRecord {
  offset: number;
  offsetDelta: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  /** The record's bytes, its length varint included, exactly as in the batch (deltas relative to the batch). */
  bytes: Buffer;
}

export function isControlBatch(header: BatchHeader): boolean {
  return (header.attributes & CONTROL) !== 0;
}

/** The records of a whole batch (header included in `batch`), decompressing them whatever the codec. */
export function batchRecords(batch: Buffer, header: BatchHeader): LogRecord[] {
  const data = decompress(compressionCodec(header.attributes), batch.subarray(BATCH.HEADER_SIZE, header.size));
  const logAppendTime = (header.attributes & LOG_APPEND_TIME) !== 0;
  const records: LogRecord[] = [];
  let position = 0;
  const varint = (): number => {
    let value = 0;
    let shift = 0;
    let byte: number;
    do {
      if (position >= data.length) throw new Error('record cut short');
      byte = data[position++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return value % 2 === 0 ? value / 2 : -(value + 1) / 2; // zig-zag
  };
  const bytesField = (): Buffer | null => {
    const length = varint();
    if (length < 0) return null;
    const bytes = data.subarray(position, position + length);
    position += length;
    return bytes;
  };
  for (let i = 0; i < header.recordCount && position < data.length; i++) {
    const start = position;
    const length = varint();
    const end = position + length;
    if (end > data.length) throw new Error('record runs past the end of its batch');
    position += 1; // attributes
    const timestampDelta = varint();
    const offsetDelta = varint();
    const key = bytesField();
    const value = bytesField();
    records.push({
      offset: header.baseOffset + offsetDelta,
      offsetDelta,
      timestamp: logAppendTime ? header.maxTimestamp : header.baseTimestamp + timestampDelta,
      key,
      value,
      bytes: data.subarray(start, end),
    });
    position = end;
  }
  return records;
}

/**
 * The batch rewritten with only `kept` of its records, as Kafka's cleaner does it
 * (MemoryRecords.filterTo / buildRetainedRecordsInto): same base offset, producer id, epoch,
 * base sequence, base timestamp and last offset delta, so each kept record keeps its offset and
 * timestamp deltas and the batch still ends where it ended (an empty result too: Kafka's
 * writeEmptyHeader), which is what preserves an idempotent producer's last sequence. Recompressed with the batch's codec when a
 * compressor exists, else written uncompressed.
 */
export function rebuildBatch(original: Buffer, header: BatchHeader, kept: LogRecord[]): Buffer {
  let codec = compressionCodec(header.attributes);
  const raw = Buffer.concat(kept.map((record) => record.bytes));
  let body: Buffer;
  try {
    body = kept.length === 0 ? Buffer.alloc(0) : compress(codec, raw);
  } catch {
    codec = 0;
    body = raw;
  }
  if (kept.length === 0) codec = 0;
  const batch = Buffer.alloc(BATCH.HEADER_SIZE + body.length);
  original.copy(batch, 0, 0, BATCH.HEADER_SIZE);
  batch.writeInt32BE(batch.length - BATCH.LOG_OVERHEAD, BATCH.LENGTH);
  batch.writeInt16BE((header.attributes & ~0x07) | codec, BATCH.ATTRIBUTES);
  // The original lastOffsetDelta stays, kept records or not (Kafka: builder.overrideLastOffset(
  // originalBatch.lastOffset())): clients such as librdkafka take the batch's last offset as where
  // the next fetch starts, and the producer's sequence state depends on it.
  if (kept.length > 0 && (header.attributes & LOG_APPEND_TIME) === 0) {
    writeInt64(batch, BATCH.MAX_TIMESTAMP, Math.max(...kept.map((record) => record.timestamp)));
  }
  batch.writeInt32BE(kept.length, BATCH.RECORD_COUNT);
  body.copy(batch, BATCH.HEADER_SIZE);
  batch.writeUInt32BE(crc32c(batch.subarray(BATCH.ATTRIBUTES)), BATCH.CRC);
  return batch;
}
