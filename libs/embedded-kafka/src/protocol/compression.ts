import { decompress as zstdDecompress } from 'fzstd';
import * as lz4 from 'lz4js';
import * as snappy from 'snappyjs';
import { gunzipSync, gzipSync } from 'node:zlib';

/** Kafka's compression codecs, as in the low 3 bits of a RecordBatch's attributes. */
export const Codec = { NONE: 0, GZIP: 1, SNAPPY: 2, LZ4: 3, ZSTD: 4 } as const;

/** The xerial snappy-java stream header the Java client writes: magic, version 1, compatible version 1. */
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_SIZE = 16;
/** snappy-java's SnappyOutputStream default block size. */
const XERIAL_BLOCK_SIZE = 32 * 1024;

export class CompressionError extends Error {}

/** The records section of a batch, uncompressed. Throws CompressionError on an unknown codec or bad data. */
export function decompress(codec: number, data: Buffer): Buffer {
  try {
    switch (codec) {
      case Codec.NONE:
        return data;
      case Codec.GZIP:
        return gunzipSync(data);
      case Codec.SNAPPY:
        return snappyDecompress(data);
      case Codec.LZ4:
        return toBuffer(lz4.decompress(data));
      case Codec.ZSTD:
        return toBuffer(zstdDecompress(data));
    }
  } catch (error) {
    throw new CompressionError(`cannot decompress ${codecName(codec)} data: ${(error as Error).message}`);
  }
  throw new CompressionError(`unknown compression codec ${codec}`);
}

/**
 * `data` compressed with `codec`, in the format a Kafka client reads (snappy in xerial framing as
 * the Java client writes it, lz4 as an LZ4 frame). Throws CompressionError for zstd, which has no
 * pure-JS compressor here: callers write such batches uncompressed (always valid Kafka).
 */
export function compress(codec: number, data: Buffer): Buffer {
  switch (codec) {
    case Codec.NONE:
      return data;
    case Codec.GZIP:
      return gzipSync(data);
    case Codec.SNAPPY:
      return xerialCompress(data);
    case Codec.LZ4:
      return toBuffer(lz4.compress(data));
    case Codec.ZSTD:
      throw new CompressionError('zstd compression is not available (decompression only)');
  }
  throw new CompressionError(`unknown compression codec ${codec}`);
}

export function codecName(codec: number): string {
  return ['none', 'gzip', 'snappy', 'lz4', 'zstd'][codec] ?? `codec ${codec}`;
}

/** Kafka's Java client writes xerial-framed snappy; librdkafka and kafkajs-snappy may write one raw block. */
function snappyDecompress(data: Buffer): Buffer {
  if (data.length < XERIAL_HEADER_SIZE || !data.subarray(0, XERIAL_MAGIC.length).equals(XERIAL_MAGIC)) {
    return toBuffer(snappy.uncompress(data));
  }
  const chunks: Buffer[] = [];
  let position = XERIAL_HEADER_SIZE;
  while (position < data.length) {
    if (position + 4 > data.length) throw new Error('xerial block length cut short');
    const length = data.readInt32BE(position);
    position += 4;
    if (length < 0 || position + length > data.length) throw new Error(`xerial block of ${length} bytes runs past the end`);
    chunks.push(toBuffer(snappy.uncompress(data.subarray(position, position + length))));
    position += length;
  }
  return Buffer.concat(chunks);
}

function xerialCompress(data: Buffer): Buffer {
  const header = Buffer.alloc(XERIAL_HEADER_SIZE);
  XERIAL_MAGIC.copy(header);
  header.writeInt32BE(1, 8); // version
  header.writeInt32BE(1, 12); // minimum compatible version
  const parts: Buffer[] = [header];
  for (let at = 0; at < data.length; at += XERIAL_BLOCK_SIZE) {
    const block = toBuffer(snappy.compress(data.subarray(at, at + XERIAL_BLOCK_SIZE)));
    const length = Buffer.alloc(4);
    length.writeInt32BE(block.length);
    parts.push(length, block);
  }
  return Buffer.concat(parts);
}

function toBuffer(bytes: Uint8Array | number[]): Buffer {
  if (Buffer.isBuffer(bytes)) return bytes;
  if (bytes instanceof Uint8Array) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Buffer.from(bytes);
}
