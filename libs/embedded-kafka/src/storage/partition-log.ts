import { fdatasync, fdatasyncSync, ftruncateSync, mkdirSync, readSync, readdirSync, writeSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Logger } from '../logger';
import { readInt64, writeInt64 } from '../protocol/int64';
import { BATCH, batchCrcMatches, compressionCodec, readBatchHeader, type BatchHeader } from '../protocol/record-batch';
import { FileWindow } from './file-window';
import { ProducerStateTable } from './producer-state';
import { Segment, parseSegmentFileName } from './segment';

export interface PartitionLogOptions {
  segmentBytes: number;
  indexIntervalBytes: number;
}

export class OffsetOutOfRangeError extends Error {}

/**
 * One partition: an append-only list of segment files. Batches are validated by the caller,
 * get their base offset here, and are written with a single write() before the produce is
 * acknowledged, so they survive the broker process being killed; fsync is the caller's policy.
 */
export class PartitionLog {
  private readonly segments: Segment[] = [];
  readonly producerStates = new ProducerStateTable();
  private unsyncedSegments = new Set<Segment>();
  private syncWaiters: Array<(error: Error | null) => void> = [];

  private constructor(
    readonly dir: string,
    private readonly options: PartitionLogOptions,
    private readonly logger: Logger,
  ) {}

  /** Opens (or creates) the partition in `dir`, truncating a torn tail left by a crash. */
  static open(dir: string, options: PartitionLogOptions, logger: Logger): PartitionLog {
    mkdirSync(dir, { recursive: true });
    const log = new PartitionLog(dir, options, logger);
    const baseOffsets = readdirSync(dir)
      .map(parseSegmentFileName)
      .filter((offset): offset is number => offset !== null)
      .sort((a, b) => a - b);
    if (baseOffsets.length === 0) baseOffsets.push(0);
    baseOffsets.forEach((baseOffset, i) => {
      const segment = Segment.open(dir, baseOffset);
      log.segments.push(segment);
      const isLast = i === baseOffsets.length - 1;
      const validEnd = log.recover(segment, isLast);
      if (validEnd < segment.size) {
        logger.warn(`${dir}: truncating ${segment.size - validEnd} bytes of torn or corrupt tail in ${segment.path}`);
        ftruncateSync(segment.fd, validEnd);
        segment.size = validEnd;
      }
    });
    return log;
  }

  /** Walks a segment's batches, rebuilding the index and producer state; returns where valid data ends. */
  private recover(segment: Segment, verifyCrc: boolean): number {
    const window = new FileWindow(segment.fd, segment.size);
    let position = 0;
    let expectedOffset = segment.baseOffset;
    while (position < segment.size) {
      const headerBytes = window.bytesAt(position, BATCH.HEADER_SIZE);
      if (!headerBytes) break;
      const header = readBatchHeader(headerBytes);
      if (header.magic !== 2 || header.size < BATCH.HEADER_SIZE || header.baseOffset !== expectedOffset) break;
      if (header.lastOffsetDelta !== header.recordCount - 1) break;
      if (verifyCrc) {
        const whole = window.bytesAt(position, header.size);
        if (!whole || !batchCrcMatches(whole)) break;
      } else if (position + header.size > segment.size) {
        break;
      }
      const lastOffset = header.baseOffset + header.lastOffsetDelta;
      segment.track(position, header.baseOffset, header.size, lastOffset, header.maxTimestamp, this.options.indexIntervalBytes);
      this.producerStates.record(header, header.baseOffset);
      position += header.size;
      expectedOffset = lastOffset + 1;
    }
    return position;
  }

  get logStartOffset(): number {
    return this.segments[0].baseOffset;
  }

  get highWatermark(): number {
    return this.active.nextOffset;
  }

  get sizeBytes(): number {
    return this.segments.reduce((sum, s) => sum + s.size, 0);
  }

  private get active(): Segment {
    return this.segments[this.segments.length - 1];
  }

  /** Appends one validated batch (its bytes are patched in place); returns the assigned base offset. */
  append(batch: Buffer, header: BatchHeader): number {
    if (this.active.size > 0 && this.active.size + batch.length > this.options.segmentBytes) this.roll();
    const segment = this.active;
    const baseOffset = segment.nextOffset;
    writeInt64(batch, BATCH.BASE_OFFSET, baseOffset);
    const position = segment.size;
    try {
      let written = 0;
      while (written < batch.length) written += writeSync(segment.fd, batch, written, batch.length - written);
    } catch (error) {
      ftruncateSync(segment.fd, position);
      throw error;
    }
    segment.size += batch.length;
    segment.track(
      position,
      baseOffset,
      batch.length,
      baseOffset + header.lastOffsetDelta,
      header.maxTimestamp,
      this.options.indexIntervalBytes,
    );
    this.producerStates.record(header, baseOffset);
    this.unsyncedSegments.add(segment);
    return baseOffset;
  }

  private roll(): void {
    const previous = this.active;
    fdatasyncSync(previous.fd);
    this.unsyncedSegments.delete(previous);
    this.segments.push(Segment.open(this.dir, previous.nextOffset));
  }

  /**
   * Whole batches starting with the one that contains `offset`, up to `maxBytes` (at least one
   * batch, even a larger one, so a consumer can always make progress). Empty at the high watermark.
   */
  read(offset: number, maxBytes: number): Buffer {
    if (offset < this.logStartOffset || offset > this.highWatermark) {
      throw new OffsetOutOfRangeError(`offset ${offset} is outside [${this.logStartOffset}, ${this.highWatermark}]`);
    }
    const segment = this.segmentFor(offset);
    if (!segment) return Buffer.alloc(0);
    let position = segment.lookup(offset);
    const header = Buffer.allocUnsafe(BATCH.LAST_OFFSET_DELTA + 4);
    while (position < segment.size) {
      readSync(segment.fd, header, 0, header.length, position);
      const lastOffset = readInt64(header, BATCH.BASE_OFFSET) + header.readInt32BE(BATCH.LAST_OFFSET_DELTA);
      if (lastOffset >= offset) break;
      position += header.readInt32BE(BATCH.LENGTH) + BATCH.LOG_OVERHEAD;
    }
    if (position >= segment.size) return Buffer.alloc(0);
    const length = Math.min(segment.size - position, Math.max(maxBytes, BATCH.HEADER_SIZE));
    const chunk = Buffer.allocUnsafe(length);
    readSync(segment.fd, chunk, 0, length, position);
    let end = 0;
    while (end + BATCH.LOG_OVERHEAD <= chunk.length) {
      const size = chunk.readInt32BE(end + BATCH.LENGTH) + BATCH.LOG_OVERHEAD;
      if (end + size > chunk.length) break;
      end += size;
    }
    if (end > 0) return chunk.subarray(0, end);
    // The first batch alone is larger than maxBytes: serve it whole.
    const firstSize = chunk.readInt32BE(BATCH.LENGTH) + BATCH.LOG_OVERHEAD;
    const whole = Buffer.allocUnsafe(firstSize);
    readSync(segment.fd, whole, 0, firstSize, position);
    return whole;
  }

  /** The segment holding `offset`, skipping empty segments. */
  private segmentFor(offset: number): Segment | undefined {
    let index = this.segments.length - 1;
    while (index > 0 && this.segments[index].baseOffset > offset) index--;
    while (index < this.segments.length && this.segments[index].nextOffset <= offset) index++;
    return this.segments[index];
  }

  /** Earliest offset whose record timestamp is ≥ `timestamp`, or null when every record is older. */
  offsetForTimestamp(timestamp: number): number | null {
    for (const segment of this.segments) {
      if (segment.maxTimestamp < timestamp) continue;
      const window = new FileWindow(segment.fd, segment.size);
      let position = 0;
      while (position < segment.size) {
        const bytes = window.bytesAt(position, BATCH.HEADER_SIZE);
        if (!bytes) break;
        const header = readBatchHeader(bytes);
        if (header.maxTimestamp >= timestamp) {
          const whole = window.bytesAt(position, header.size);
          return whole ? firstRecordAtOrAfter(whole, header, timestamp) : header.baseOffset;
        }
        position += header.size;
      }
    }
    return null;
  }

  /** Deletes whole closed segments that are too old or beyond the size limit; returns how many. */
  applyRetention(now: number, retentionMs: number, retentionBytes: number): number {
    let deleted = 0;
    let total = this.sizeBytes;
    while (this.segments.length > 1) {
      const oldest = this.segments[0];
      const expired = retentionMs >= 0 && now - oldest.retentionTimestamp > retentionMs;
      const oversize = retentionBytes >= 0 && total - oldest.size >= retentionBytes;
      if (!expired && !oversize) break;
      this.segments.shift();
      this.unsyncedSegments.delete(oldest);
      oldest.delete();
      total -= oldest.size;
      deleted++;
    }
    if (deleted > 0) this.logger.info(`${this.dir}: retention deleted ${deleted} segment(s); log now starts at ${this.logStartOffset}`);
    return deleted;
  }

  /** fdatasync of everything appended so far; concurrent callers share one sync. */
  sync(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.syncWaiters.push((error) => (error ? reject(error) : resolve()));
      if (this.syncWaiters.length === 1) setImmediate(() => this.runSync());
    });
  }

  private runSync(): void {
    const waiters = this.syncWaiters;
    this.syncWaiters = [];
    const segments = [...this.unsyncedSegments];
    this.unsyncedSegments.clear();
    let pending = segments.length;
    let failure: Error | null = null;
    const done = () => waiters.forEach((waiter) => waiter(failure));
    if (pending === 0) return done();
    for (const segment of segments) {
      fdatasync(segment.fd, (error) => {
        if (error) failure = error;
        if (--pending === 0) done();
      });
    }
  }

  syncNow(): void {
    for (const segment of this.unsyncedSegments) fdatasyncSync(segment.fd);
    this.unsyncedSegments.clear();
  }

  close(): void {
    this.syncNow();
    for (const segment of this.segments) segment.close();
  }
}

/** Exact offset of the first record with timestamp ≥ target, for uncompressed and gzip batches. */
function firstRecordAtOrAfter(batch: Buffer, header: BatchHeader, timestamp: number): number {
  const codec = compressionCodec(header.attributes);
  let records: Buffer;
  if (codec === 0) records = batch.subarray(BATCH.HEADER_SIZE);
  else if (codec === 1) records = gunzipSync(batch.subarray(BATCH.HEADER_SIZE));
  else return header.baseOffset;
  let position = 0;
  const varint = (): number => {
    let value = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = records[position++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80 && position < records.length);
    return value % 2 === 0 ? value / 2 : -(value + 1) / 2; // zig-zag
  };
  for (let i = 0; i < header.recordCount && position < records.length; i++) {
    const length = varint();
    const recordEnd = position + length;
    position += 1; // attributes
    const timestampDelta = varint();
    const offsetDelta = varint();
    if (header.baseTimestamp + timestampDelta >= timestamp) return header.baseOffset + offsetDelta;
    position = recordEnd;
  }
  return header.baseOffset;
}
