import { appendFileSync, readdirSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../src/logger';
import { BATCH, readBatchHeader } from '../src/protocol/record-batch';
import { OffsetOutOfRangeError, PartitionLog } from '../src/storage/partition-log';
import { buildBatch } from './support/batches';
import { tempDir } from './support/temp-dir';

const logger = createLogger('silent');
const options = { segmentBytes: 1024 * 1024, indexIntervalBytes: 4096 };

describe('PartitionLog on disk', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.remove());

  function append(log: PartitionLog, values: string[], extra = {}): number {
    const batch = buildBatch(values, extra);
    return log.append(batch, readBatchHeader(batch));
  }

  /** Offsets of the batches returned by one read. */
  function batchOffsets(bytes: Buffer): number[] {
    const offsets: number[] = [];
    for (let at = 0; at < bytes.length; at += readBatchHeader(bytes, at).size) offsets.push(readBatchHeader(bytes, at).baseOffset);
    return offsets;
  }

  it('assigns consecutive offsets and serves whole batches from any offset inside them', () => {
    const log = PartitionLog.open(dir.path, options, logger);
    expect(append(log, ['a', 'b', 'c'])).toBe(0);
    expect(append(log, ['d'])).toBe(3);
    expect(log.highWatermark).toBe(4);
    expect(batchOffsets(log.read(1, 1 << 20))).toEqual([0, 3]);
    expect(batchOffsets(log.read(3, 1 << 20))).toEqual([3]);
    expect(log.read(4, 1 << 20).length).toBe(0);
    expect(() => log.read(5, 1 << 20)).toThrow(OffsetOutOfRangeError);
    log.close();
  });

  it('returns at least one batch even when it is larger than maxBytes, and no partial batch otherwise', () => {
    const log = PartitionLog.open(dir.path, options, logger);
    append(log, ['x'.repeat(500)]);
    append(log, ['y'.repeat(500)]);
    expect(batchOffsets(log.read(0, 10))).toEqual([0]);
    expect(batchOffsets(log.read(0, 700))).toEqual([0]);
    expect(batchOffsets(log.read(0, 10_000))).toEqual([0, 1]);
    log.close();
  });

  it('recovers its offsets and data after a reopen, across rolled segments', () => {
    const small = { segmentBytes: 2048, indexIntervalBytes: 256 };
    const log = PartitionLog.open(dir.path, small, logger);
    for (let i = 0; i < 100; i++) append(log, [`value-${i}-${'p'.repeat(50)}`]);
    log.close();
    expect(readdirSync(dir.path).filter((f) => f.endsWith('.log')).length).toBeGreaterThan(3);

    const reopened = PartitionLog.open(dir.path, small, logger);
    expect(reopened.highWatermark).toBe(100);
    for (const offset of [0, 37, 99]) expect(batchOffsets(reopened.read(offset, 1))).toEqual([offset]);
    expect(append(reopened, ['next'])).toBe(100);
    reopened.close();
  });

  it('truncates a torn tail on open and never serves it', () => {
    const log = PartitionLog.open(dir.path, options, logger);
    append(log, ['kept-1']);
    append(log, ['kept-2']);
    log.close();
    const segment = join(dir.path, '00000000000000000000.log');
    const goodSize = statSync(segment).size;
    // Half of a third batch, as a crash in the middle of write() leaves it.
    const torn = buildBatch(['lost']);
    torn.writeBigInt64BE(2n, BATCH.BASE_OFFSET);
    appendFileSync(segment, torn.subarray(0, torn.length - 5));

    const reopened = PartitionLog.open(dir.path, options, logger);
    expect(reopened.highWatermark).toBe(2);
    expect(statSync(segment).size).toBe(goodSize);
    expect(append(reopened, ['after-crash'])).toBe(2);
    reopened.close();
  });

  it('truncates a complete-looking last batch whose CRC does not match', () => {
    const log = PartitionLog.open(dir.path, options, logger);
    append(log, ['good']);
    append(log, ['flipped']);
    log.close();
    const segment = join(dir.path, '00000000000000000000.log');
    const size = statSync(segment).size;
    truncateSync(segment, size - 1);
    appendFileSync(segment, Buffer.from([0xff]));

    const reopened = PartitionLog.open(dir.path, options, logger);
    expect(reopened.highWatermark).toBe(1);
    reopened.close();
  });

  it('rebuilds the idempotent-producer window from disk, so a retry after a restart is not appended twice', () => {
    const log = PartitionLog.open(dir.path, options, logger);
    const batch = buildBatch(['once'], { producerId: 7, producerEpoch: 0, baseSequence: 0 });
    log.append(Buffer.from(batch), readBatchHeader(batch));
    log.close();

    const reopened = PartitionLog.open(dir.path, options, logger);
    expect(reopened.producerStates.check(readBatchHeader(batch))).toEqual({ kind: 'duplicate', baseOffset: 0 });
    const gap = buildBatch(['gap'], { producerId: 7, producerEpoch: 0, baseSequence: 5 });
    expect(reopened.producerStates.check(readBatchHeader(gap))).toMatchObject({ kind: 'reject', errorCode: 45 });
    const stale = buildBatch(['stale'], { producerId: 7, producerEpoch: -1, baseSequence: 1 });
    expect(reopened.producerStates.check(readBatchHeader(stale))).toMatchObject({ kind: 'reject', errorCode: 47 });
    reopened.close();
  });

  it('deletes whole old segments by size, never the active one, and moves the log start', () => {
    const small = { segmentBytes: 1024, indexIntervalBytes: 256 };
    const log = PartitionLog.open(dir.path, small, logger);
    for (let i = 0; i < 40; i++) append(log, [`${i}`.padEnd(200, '.')]);
    const before = log.sizeBytes;
    const deleted = log.applyRetention(Date.now(), -1, 2048);
    expect(deleted).toBeGreaterThan(0);
    expect(log.sizeBytes).toBeLessThan(before);
    expect(log.sizeBytes).toBeGreaterThanOrEqual(2048 - 1024);
    expect(log.logStartOffset).toBeGreaterThan(0);
    expect(log.highWatermark).toBe(40);
    expect(() => log.read(0, 100)).toThrow(OffsetOutOfRangeError);
    expect(batchOffsets(log.read(log.logStartOffset, 1))).toEqual([log.logStartOffset]);
    log.close();
  });

  it('deletes segments whose newest record is older than the retention time', () => {
    const small = { segmentBytes: 1024, indexIntervalBytes: 256 };
    const log = PartitionLog.open(dir.path, small, logger);
    const old = Date.now() - 10 * 24 * 3600 * 1000;
    for (let i = 0; i < 20; i++) append(log, ['o'.repeat(300)], { timestamps: [old] });
    for (let i = 0; i < 3; i++) append(log, ['n'.repeat(300)]);
    expect(log.applyRetention(Date.now(), 7 * 24 * 3600 * 1000, -1)).toBeGreaterThan(0);
    expect(log.logStartOffset).toBe(20);
    expect(log.applyRetention(Date.now(), 7 * 24 * 3600 * 1000, -1)).toBe(0);
    log.close();
  });

  it("finds the first offset at or after a timestamp, with that record's own timestamp", () => {
    const log = PartitionLog.open(dir.path, options, logger);
    append(log, ['a', 'b', 'c'], { timestamps: [1000, 2000, 3000] });
    append(log, ['d'], { timestamps: [4000] });
    expect(log.offsetForTimestamp(0)).toEqual({ offset: 0, timestamp: 1000 });
    expect(log.offsetForTimestamp(2500)).toEqual({ offset: 2, timestamp: 3000 });
    expect(log.offsetForTimestamp(4000)).toEqual({ offset: 3, timestamp: 4000 });
    expect(log.offsetForTimestamp(5000)).toBeNull();
    log.close();
  });
});
