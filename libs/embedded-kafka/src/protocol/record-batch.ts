import { crc32c } from '@node-rs/crc32';
import { ErrorCode } from './error-codes';
import { readInt64 } from './int64';

/**
 * RecordBatch v2 (magic 2) header layout. The broker validates and indexes batches by these
 * fields but stores and serves the bytes verbatim; it never decodes or decompresses records.
 */
export const BATCH = {
  BASE_OFFSET: 0,
  LENGTH: 8,
  LEADER_EPOCH: 12,
  MAGIC: 16,
  CRC: 17,
  ATTRIBUTES: 21,
  LAST_OFFSET_DELTA: 23,
  BASE_TIMESTAMP: 27,
  MAX_TIMESTAMP: 35,
  PRODUCER_ID: 43,
  PRODUCER_EPOCH: 51,
  BASE_SEQUENCE: 53,
  RECORD_COUNT: 57,
  HEADER_SIZE: 61,
  /** baseOffset + batchLength: the part not counted by batchLength. */
  LOG_OVERHEAD: 12,
} as const;

export interface BatchHeader {
  baseOffset: number;
  /** Whole size on the wire and on disk, LOG_OVERHEAD included. */
  size: number;
  magic: number;
  attributes: number;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
}

export function readBatchHeader(buf: Buffer, at = 0): BatchHeader {
  return {
    baseOffset: readInt64(buf, at + BATCH.BASE_OFFSET),
    size: buf.readInt32BE(at + BATCH.LENGTH) + BATCH.LOG_OVERHEAD,
    magic: buf.readInt8(at + BATCH.MAGIC),
    attributes: buf.readInt16BE(at + BATCH.ATTRIBUTES),
    lastOffsetDelta: buf.readInt32BE(at + BATCH.LAST_OFFSET_DELTA),
    baseTimestamp: readInt64(buf, at + BATCH.BASE_TIMESTAMP),
    maxTimestamp: readInt64(buf, at + BATCH.MAX_TIMESTAMP),
    producerId: readInt64(buf, at + BATCH.PRODUCER_ID),
    producerEpoch: buf.readInt16BE(at + BATCH.PRODUCER_EPOCH),
    baseSequence: buf.readInt32BE(at + BATCH.BASE_SEQUENCE),
    recordCount: buf.readInt32BE(at + BATCH.RECORD_COUNT),
  };
}

/** CRC-32C over attributes..end, as stored at byte 17. */
export function batchCrcMatches(batch: Buffer): boolean {
  return crc32c(batch.subarray(BATCH.ATTRIBUTES)) === batch.readUInt32BE(BATCH.CRC);
}

export type BatchCheck = { header: BatchHeader; problem: null } | { header: null; problem: string; errorCode: number };

/** Checks a produced batch before it is appended: the header, its claims about itself, and the CRC. */
export function validateProducedBatch(batch: Buffer): BatchCheck {
  const refuse = (problem: string, errorCode: number = ErrorCode.CORRUPT_MESSAGE): BatchCheck => ({ header: null, problem, errorCode });
  if (batch.length > BATCH.MAGIC && batch.readInt8(BATCH.MAGIC) !== 2) {
    return refuse(
      `magic ${batch.readInt8(BATCH.MAGIC)} message sets are not supported (need RecordBatch v2)`,
      ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT,
    );
  }
  if (batch.length < BATCH.HEADER_SIZE) return refuse(`batch of ${batch.length} bytes is shorter than a header`);
  const header = readBatchHeader(batch);
  if (header.size !== batch.length) return refuse(`batchLength says ${header.size} bytes but ${batch.length} were sent`);
  if (header.recordCount <= 0 || header.lastOffsetDelta !== header.recordCount - 1) {
    return refuse(`lastOffsetDelta ${header.lastOffsetDelta} does not match ${header.recordCount} records`);
  }
  if (!batchCrcMatches(batch)) return refuse('CRC-32C mismatch');
  return { header, problem: null };
}

export function compressionCodec(attributes: number): number {
  return attributes & 0x07;
}
