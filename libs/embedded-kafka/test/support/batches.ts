import { crc32c } from '@node-rs/crc32';

/**
 * Hand-made RecordBatch v2 (magic 2) frames for tests, written from the protocol's byte layout
 * rather than the broker's own constants, so a mistake in those cannot hide here:
 * 0 baseOffset · 8 batchLength · 12 leaderEpoch · 16 magic · 17 CRC-32C of bytes 21.. ·
 * 21 attributes · 23 lastOffsetDelta · 27 baseTimestamp · 35 maxTimestamp · 43 producerId ·
 * 51 producerEpoch · 53 baseSequence · 57 record count · 61 records.
 */

export interface TestRecord {
  key: string | null;
  value: string;
}

export interface BatchOptions {
  /** One per record; defaults to now for all. */
  timestamps?: number[];
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
}

const HEADER_SIZE = 61;

function zigzagVarint(value: number): Buffer {
  let v = value >= 0 ? value * 2 : -value * 2 - 1;
  const bytes: number[] = [];
  while (v >= 0x80) {
    bytes.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  bytes.push(v);
  return Buffer.from(bytes);
}

function lengthPrefixed(text: string | null): Buffer {
  if (text === null) return zigzagVarint(-1);
  const bytes = Buffer.from(text);
  return Buffer.concat([zigzagVarint(bytes.length), bytes]);
}

function encodeRecord(offsetDelta: number, timestampDelta: number, record: TestRecord): Buffer {
  const body = Buffer.concat([
    Buffer.from([0]), // attributes
    zigzagVarint(timestampDelta),
    zigzagVarint(offsetDelta),
    lengthPrefixed(record.key),
    lengthPrefixed(record.value),
    zigzagVarint(0), // no headers
  ]);
  return Buffer.concat([zigzagVarint(body.length), body]);
}

/** An uncompressed batch with a correct CRC, as a (non-idempotent unless told) producer sends it. */
export function buildBatch(records: Array<string | TestRecord>, options: BatchOptions = {}): Buffer {
  const normalized = records.map((r) => (typeof r === 'string' ? { key: null, value: r } : r));
  const now = Date.now();
  const timestamps = options.timestamps ?? normalized.map(() => now);
  const baseTimestamp = timestamps[0];
  const encoded = Buffer.concat(normalized.map((record, i) => encodeRecord(i, timestamps[i] - baseTimestamp, record)));
  const batch = Buffer.alloc(HEADER_SIZE + encoded.length);
  batch.writeBigInt64BE(0n, 0);
  batch.writeInt32BE(batch.length - 12, 8);
  batch.writeInt32BE(-1, 12);
  batch.writeInt8(2, 16);
  batch.writeInt16BE(0, 21);
  batch.writeInt32BE(normalized.length - 1, 23);
  batch.writeBigInt64BE(BigInt(baseTimestamp), 27);
  batch.writeBigInt64BE(BigInt(Math.max(...timestamps)), 35);
  batch.writeBigInt64BE(BigInt(options.producerId ?? -1), 43);
  batch.writeInt16BE(options.producerEpoch ?? -1, 51);
  batch.writeInt32BE(options.baseSequence ?? -1, 53);
  batch.writeInt32BE(normalized.length, 57);
  encoded.copy(batch, HEADER_SIZE);
  batch.writeUInt32BE(crc32c(batch.subarray(21)), 17);
  return batch;
}
