import { crc32c } from '@node-rs/crc32';
import { BATCH } from '../../src/protocol/record-batch';

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

function record(offsetDelta: number, timestampDelta: number, value: string): Buffer {
  const valueBytes = Buffer.from(value);
  const body = Buffer.concat([
    Buffer.from([0]), // attributes
    zigzagVarint(timestampDelta),
    zigzagVarint(offsetDelta),
    zigzagVarint(-1), // null key
    zigzagVarint(valueBytes.length),
    valueBytes,
    zigzagVarint(0), // no headers
  ]);
  return Buffer.concat([zigzagVarint(body.length), body]);
}

export interface BatchOptions {
  timestamps?: number[];
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
}

/** An uncompressed RecordBatch v2 (magic 2) with a correct CRC, as a producer would send it. */
export function buildBatch(values: string[], options: BatchOptions = {}): Buffer {
  const timestamps = options.timestamps ?? values.map(() => Date.now());
  const baseTimestamp = timestamps[0];
  const records = Buffer.concat(values.map((value, i) => record(i, timestamps[i] - baseTimestamp, value)));
  const batch = Buffer.alloc(BATCH.HEADER_SIZE + records.length);
  batch.writeBigInt64BE(0n, BATCH.BASE_OFFSET);
  batch.writeInt32BE(batch.length - BATCH.LOG_OVERHEAD, BATCH.LENGTH);
  batch.writeInt32BE(-1, BATCH.LEADER_EPOCH);
  batch.writeInt8(2, BATCH.MAGIC);
  batch.writeInt16BE(0, BATCH.ATTRIBUTES);
  batch.writeInt32BE(values.length - 1, BATCH.LAST_OFFSET_DELTA);
  batch.writeBigInt64BE(BigInt(baseTimestamp), BATCH.BASE_TIMESTAMP);
  batch.writeBigInt64BE(BigInt(Math.max(...timestamps)), BATCH.MAX_TIMESTAMP);
  batch.writeBigInt64BE(BigInt(options.producerId ?? -1), BATCH.PRODUCER_ID);
  batch.writeInt16BE(options.producerEpoch ?? -1, BATCH.PRODUCER_EPOCH);
  batch.writeInt32BE(options.baseSequence ?? -1, BATCH.BASE_SEQUENCE);
  batch.writeInt32BE(values.length, BATCH.RECORD_COUNT);
  records.copy(batch, BATCH.HEADER_SIZE);
  batch.writeUInt32BE(crc32c(batch.subarray(BATCH.ATTRIBUTES)), BATCH.CRC);
  return batch;
}
