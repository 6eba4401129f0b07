import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../src/logger';
import { Codec, CompressionError, compress, decompress } from '../src/protocol/compression';
import { compressionCodec, readBatchHeader } from '../src/protocol/record-batch';
import { PartitionLog } from '../src/storage/partition-log';
import { batchRecords, type LogRecord } from '../src/storage/records';
import { startTestBroker, type TestBroker } from './support/test-broker';

const sample = Buffer.from(Array.from({ length: 3000 }, (_, i) => `record ${i} ${'abc'.repeat(i % 7)}`).join('\n'));

describe('compression codecs', () => {
  it.each([
    ['none', Codec.NONE],
    ['gzip', Codec.GZIP],
    ['snappy', Codec.SNAPPY],
    ['lz4', Codec.LZ4],
  ])('round-trips %s', (_name, codec) => {
    const compressed = compress(codec, sample);
    if (codec !== Codec.NONE) expect(compressed.length).toBeLessThan(sample.length);
    expect(decompress(codec, compressed).equals(sample)).toBe(true);
  });

  it('writes snappy in the xerial framing the Java client writes, and reads raw snappy blocks too', () => {
    const framed = compress(Codec.SNAPPY, sample);
    expect(framed.subarray(0, 8)).toEqual(Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]));
    // One raw block, as librdkafka and kafkajs-snappy write it: the first xerial chunk alone.
    const small = Buffer.from('short value short value short value');
    const rawBlock = compress(Codec.SNAPPY, small).subarray(20);
    expect(decompress(Codec.SNAPPY, rawBlock).equals(small)).toBe(true);
  });

  it('has no zstd compressor, and says so with a CompressionError; unknown codecs too', () => {
    expect(() => compress(Codec.ZSTD, sample)).toThrow(CompressionError);
    expect(() => decompress(7, sample)).toThrow(CompressionError);
    expect(() => decompress(Codec.LZ4, Buffer.from('not lz4 at all'))).toThrow(CompressionError);
  });
});

/** Produces `lines` with kcat, one line every few ms into one lingering batch, so records of a batch have distinct timestamps. */
function kcatProduce(bootstrap: string, topic: string, codec: string, lines: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('kcat', ['-b', bootstrap, '-P', '-t', topic, '-p', '0', '-z', codec, '-X', 'linger.ms=2000'], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`kcat exited ${code}: ${stderr}`))));
    let i = 0;
    const next = () => {
      if (i === lines.length) return void child.stdin.end();
      child.stdin.write(`${lines[i++]}\n`);
      setTimeout(next, 3);
    };
    next();
  });
}

/** Every batch stored for partition 0 of `topic`, straight from the segment files. */
function storedBatches(dataDir: string, topic: string): Array<{ codec: number; records: LogRecord[] }> {
  const dir = join(dataDir, 'topics', topic, '0');
  const batches: Array<{ codec: number; records: LogRecord[] }> = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .sort()) {
    const bytes = readFileSync(join(dir, file));
    for (let at = 0; at < bytes.length;) {
      const header = readBatchHeader(bytes, at);
      batches.push({ codec: compressionCodec(header.attributes), records: batchRecords(bytes.subarray(at, at + header.size), header) });
      at += header.size;
    }
  }
  return batches;
}

describe('batches compressed by kcat (librdkafka)', () => {
  let test: TestBroker;
  beforeAll(async () => (test = await startTestBroker()));
  afterAll(() => test.cleanup());

  it.each([
    ['gzip', Codec.GZIP],
    ['snappy', Codec.SNAPPY],
    ['lz4', Codec.LZ4],
    ['zstd', Codec.ZSTD],
  ])('decompresses %s and finds exact offsets by timestamp in them', async (name, codec) => {
    const topic = `kcat-${name}`;
    const lines = Array.from({ length: 60 }, (_, i) => `${name} line ${i} ${'compressible '.repeat(8)}`);
    await kcatProduce(test.bootstrap, topic, name, lines);
    const batches = storedBatches(test.dataDir, topic);
    expect(batches.map((b) => b.codec)).toContain(codec);
    const records = batches.flatMap((b) => b.records);
    expect(records.map((r) => r.value?.toString())).toEqual(lines);
    expect(records.map((r) => r.offset)).toEqual(lines.map((_, i) => i));

    // A record that is not the first of its batch, with a timestamp later than its predecessor's:
    // only an exact (decompressing) look-up answers with its own offset.
    const inside = records.findIndex(
      (r, i) => i > 0 && r.timestamp > records[i - 1].timestamp && batches.some((b) => b.records[0] !== r && b.records.includes(r)),
    );
    expect(inside).toBeGreaterThan(0);
    const log = PartitionLog.open(
      join(test.dataDir, 'topics', topic, '0'),
      { segmentBytes: 1 << 30, indexIntervalBytes: 4096 },
      createLogger('silent'),
    );
    try {
      expect(log.offsetForTimestamp(records[inside].timestamp)?.offset).toBe(inside);
      expect(log.offsetForTimestamp(records[records.length - 1].timestamp + 1)).toBeNull();
      const maxTimestamp = Math.max(...records.map((r) => r.timestamp));
      expect(log.maxTimestampOffset()).toEqual({ offset: records.findIndex((r) => r.timestamp === maxTimestamp), timestamp: maxTimestamp });
    } finally {
      log.close();
    }
  });
});
