import {
  existsSync,
  fdatasync,
  fdatasyncSync,
  ftruncateSync,
  mkdirSync,
  readFileSync,
  readSync,
  readdirSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../logger';
import { readInt64, writeInt64 } from '../protocol/int64';
import { BATCH, batchCrcMatches, readBatchHeader, type BatchHeader } from '../protocol/record-batch';
import { fsyncDir, writeFileAtomic } from './atomic-file';
import { FileWindow } from './file-window';
import { ProducerStateTable } from './producer-state';
import { batchRecords, type LogRecord } from './records';
import { CLEANED_SUFFIX, Segment, parseSegmentFileName, parseSwapFileName, segmentFileName, swapFileName } from './segment';

export interface PartitionLogOptions {
  segmentBytes: number;
  indexIntervalBytes: number;
  /** segment.ms: roll the active segment once its first batch is older than this (default: never). */
  segmentMs?: number;
}

/** Kafka's log-start-offset-checkpoint, one per partition here: where DeleteRecords moved the log start. */
const LOG_START_FILE = 'log-start-offset';

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
  /** The log start offset set by DeleteRecords (persisted); segments deleted by retention can move it further. */
  private startOffset = 0;
  private closed = false;

  private constructor(
    readonly dir: string,
    private options: PartitionLogOptions,
    private readonly logger: Logger,
  ) {}

  /** Opens (or creates) the partition in `dir`, truncating a torn tail left by a crash. */
  static open(dir: string, options: PartitionLogOptions, logger: Logger): PartitionLog {
    mkdirSync(dir, { recursive: true });
    const log = new PartitionLog(dir, { ...options }, logger);
    log.finishInterruptedCleaning();
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
    const startPath = join(dir, LOG_START_FILE);
    if (existsSync(startPath)) log.startOffset = Math.min(Number(readFileSync(startPath, 'utf8').trim()) || 0, log.highWatermark);
    return log;
  }

  /**
   * A cleaner crash leaves `.cleaned` files (incomplete: discarded) or a `.swap` file (complete and
   * fsynced: the swap is finished by deleting the segments it replaces and renaming it into place),
   * as Kafka's LogLoader does with its .cleaned and .swap files.
   */
  private finishInterruptedCleaning(): void {
    const names = readdirSync(this.dir);
    for (const name of names) {
      if (name.endsWith(CLEANED_SUFFIX) || name.endsWith('.tmp')) {
        this.logger.warn(`${this.dir}: discarding ${name} left by an interrupted clean`);
        unlinkSync(join(this.dir, name));
      }
    }
    for (const name of names) {
      const swap = parseSwapFileName(name);
      if (!swap) continue;
      this.logger.warn(`${this.dir}: finishing the interrupted swap of ${name}`);
      for (const other of readdirSync(this.dir)) {
        const base = parseSegmentFileName(other);
        if (base !== null && base > swap.baseOffset && base < swap.endOffset) unlinkSync(join(this.dir, other));
      }
      renameSync(join(this.dir, name), join(this.dir, segmentFileName(swap.baseOffset)));
      fsyncDir(this.dir);
    }
  }

  /** Walks a segment's batches, rebuilding the index and producer state; returns where valid data ends. */
  private recover(segment: Segment, verifyCrc: boolean, rebuildProducerState = true): number {
    const window = new FileWindow(segment.fd, segment.size);
    let position = 0;
    let expectedOffset = segment.baseOffset;
    while (position < segment.size) {
      const headerBytes = window.bytesAt(position, BATCH.HEADER_SIZE);
      if (!headerBytes) break;
      const header = readBatchHeader(headerBytes);
      // Compaction leaves gaps between batches and inside them (lastOffsetDelta ≥ recordCount - 1,
      // and an emptied batch keeps its lastOffsetDelta with no records), but offsets never go back.
      if (header.magic !== 2 || header.size < BATCH.HEADER_SIZE || header.baseOffset < expectedOffset) break;
      if (header.recordCount < 0 || header.lastOffsetDelta < header.recordCount - 1 || header.lastOffsetDelta < 0) break;
      if (verifyCrc) {
        const whole = window.bytesAt(position, header.size);
        if (!whole || !batchCrcMatches(whole)) break;
      } else if (position + header.size > segment.size) {
        break;
      }
      const lastOffset = header.baseOffset + header.lastOffsetDelta;
      segment.track(position, header.baseOffset, header.size, lastOffset, header.maxTimestamp, this.options.indexIntervalBytes);
      if (rebuildProducerState) this.producerStates.record(header, header.baseOffset);
      position += header.size;
      expectedOffset = lastOffset + 1;
    }
    return position;
  }

  get logStartOffset(): number {
    return Math.max(this.startOffset, this.segments[0].baseOffset);
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
  append(batch: Buffer, header: BatchHeader, now = Date.now()): number {
    if (this.active.size > 0 && this.active.size + batch.length > this.options.segmentBytes) this.roll();
    else this.maybeRoll(now);
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

  /** New settings (alterConfigs): segment.bytes and segment.ms apply from the next append on. */
  configure(options: Partial<PartitionLogOptions>): void {
    this.options = { ...this.options, ...options };
  }

  /** Rolls the active segment when segment.ms says it is old enough (Kafka's LogSegment.shouldRoll); true if it rolled. */
  maybeRoll(now = Date.now()): boolean {
    const { segmentMs } = this.options;
    const active = this.active;
    if (segmentMs === undefined || active.size === 0) return false;
    const since = active.firstBatchTimestamp >= 0 ? active.firstBatchTimestamp : active.modifiedAt;
    if (now - since <= segmentMs) return false;
    this.roll();
    return true;
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

  /** The segment holding `offset` or the next offset after it, skipping empty segments (compaction can empty one). */
  private segmentFor(offset: number): Segment | undefined {
    let index = this.segments.length - 1;
    while (index > 0 && this.segments[index].baseOffset > offset) index--;
    const last = this.segments.length - 1;
    while (index < last && (this.segments[index].nextOffset <= offset || this.segments[index].size === 0)) index++;
    return this.segments[index];
  }

  /** Walks the batch headers of a segment (one big read per MiB); `visit` returns false to stop. */
  private forEachBatch(segment: Segment, visit: (header: BatchHeader, position: number, window: FileWindow) => boolean | void): void {
    const window = new FileWindow(segment.fd, segment.size);
    let position = 0;
    while (position < segment.size) {
      const bytes = window.bytesAt(position, BATCH.HEADER_SIZE);
      if (!bytes) return;
      const header = readBatchHeader(bytes);
      if (visit(header, position, window) === false) return;
      position += header.size;
    }
  }

  /** The decoded records of the batch at `position`, or [] when it cannot be read or decompressed. */
  private recordsAt(window: FileWindow, header: BatchHeader, position: number): LogRecord[] {
    const whole = window.bytesAt(position, header.size);
    if (!whole || header.recordCount === 0) return [];
    try {
      return batchRecords(whole, header);
    } catch (error) {
      this.logger.warn(`${this.dir}: cannot decode the batch at offset ${header.baseOffset}: ${(error as Error).message}`);
      return [];
    }
  }

  /**
   * Earliest offset (≥ the log start) whose record timestamp is ≥ `timestamp`, or null when every
   * record is older: exact in every codec (the candidate batch is decompressed), as Kafka's
   * LogSegment.findOffsetByTimestamp. Like Kafka's answer, it carries that record's own timestamp.
   */
  offsetForTimestamp(timestamp: number): { offset: number; timestamp: number } | null {
    const start = this.logStartOffset;
    let found: { offset: number; timestamp: number } | null = null;
    for (const segment of this.segments) {
      if (segment.maxTimestamp < timestamp || segment.nextOffset <= start) continue;
      this.forEachBatch(segment, (header, position, window) => {
        if (header.maxTimestamp < timestamp || header.baseOffset + header.lastOffsetDelta < start) return true;
        const record = this.recordsAt(window, header, position).find((r) => r.offset >= start && r.timestamp >= timestamp);
        if (!record) return true;
        found = { offset: record.offset, timestamp: record.timestamp };
        return false;
      });
      if (found !== null) return found;
    }
    return null;
  }

  /**
   * The record with the largest timestamp (the earliest such offset when several share it), for
   * ListOffsets' MAX_TIMESTAMP (-3); null for an empty log.
   */
  maxTimestampOffset(): { offset: number; timestamp: number } | null {
    const start = this.logStartOffset;
    let best: { segment: Segment; position: number; header: BatchHeader } | null = null;
    let bestTimestamp = -Infinity;
    for (const segment of this.segments) {
      if (segment.nextOffset <= start || segment.maxTimestamp <= bestTimestamp) continue;
      this.forEachBatch(segment, (header, position, window) => {
        if (header.recordCount === 0 || header.baseOffset + header.lastOffsetDelta < start) return;
        let max = header.maxTimestamp;
        if (header.baseOffset < start) {
          // A batch straddling the log start: only its records from the start on count.
          max = Math.max(
            -Infinity,
            ...this.recordsAt(window, header, position)
              .filter((r) => r.offset >= start)
              .map((r) => r.timestamp),
          );
        }
        if (max > bestTimestamp) {
          bestTimestamp = max;
          best = { segment, position, header };
        }
      });
    }
    if (!best) return null;
    const { segment, position, header } = best as { segment: Segment; position: number; header: BatchHeader };
    const records = this.recordsAt(new FileWindow(segment.fd, segment.size), header, position);
    const record = records.find((r) => r.offset >= start && r.timestamp === bestTimestamp);
    return { offset: record ? record.offset : Math.max(header.baseOffset, start), timestamp: bestTimestamp };
  }

  /**
   * DeleteRecords: moves the log start to `offset` (-1: the high watermark), deletes the whole
   * segments below it and persists it (fsynced, like Kafka's log-start-offset-checkpoint), so
   * reads, ListOffsets EARLIEST and a restart all honour it. Returns the new low watermark.
   */
  deleteRecordsBefore(offset: number): number {
    const target = offset === -1 ? this.highWatermark : offset;
    if (!Number.isInteger(target) || target < 0 || target > this.highWatermark) {
      throw new OffsetOutOfRangeError(
        `Cannot increment the log start offset to ${offset} of partition ${this.dir} since it is larger than the high watermark ${this.highWatermark}`,
      );
    }
    if (target <= this.logStartOffset) return this.logStartOffset;
    writeFileAtomic(join(this.dir, LOG_START_FILE), String(target));
    this.startOffset = target;
    let deleted = 0;
    // As Kafka's deleteLogStartOffsetBreachedSegments: a segment goes when the next one starts at or below the new start.
    while (this.segments.length > 1 && this.segments[1].baseOffset <= target) {
      this.dropOldest();
      deleted++;
    }
    this.logger.info(`${this.dir}: records before ${target} deleted (${deleted} segment(s)); log now starts at ${this.logStartOffset}`);
    return this.logStartOffset;
  }

  private dropOldest(): Segment {
    const oldest = this.segments.shift()!;
    this.unsyncedSegments.delete(oldest);
    oldest.delete();
    return oldest;
  }

  /**
   * The closed segments the cleaner may rewrite, oldest first: never the active one, and none from
   * the first whose newest record is younger than min.compaction.lag.ms (Kafka's firstUncleanableOffset).
   */
  cleanableSegments(now: number, minCompactionLagMs: number): Segment[] {
    const closed = this.segments.slice(0, -1);
    const firstTooYoung = closed.findIndex(
      (s) => minCompactionLagMs > 0 && s.maxTimestamp >= 0 && now - s.maxTimestamp < minCompactionLagMs,
    );
    return firstTooYoung < 0 ? closed : closed.slice(0, firstTooYoung);
  }

  /** The segment after `segment` (there always is one for a closed segment), or undefined if it is gone. */
  segmentAfter(segment: Segment): Segment | undefined {
    const index = this.segments.indexOf(segment);
    return index < 0 ? undefined : this.segments[index + 1];
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Puts a cleaned copy of `group` (consecutive closed segments, still all in the log) in their
   * place: the fsynced `.cleaned` file becomes `<base>.<end>.swap`, the replaced segments are
   * deleted, the swap file is renamed to the first one's name. A crash at any step is finished or
   * undone on open (finishInterruptedCleaning). Synchronous, so no read sees a half-swapped log.
   * Returns false (and removes the cleaned file) when the group changed meanwhile.
   */
  swapIn(group: Segment[], cleanedPath: string): boolean {
    const first = this.segments.indexOf(group[0]);
    const intact = !this.closed && first >= 0 && group.every((segment, i) => this.segments[first + i] === segment);
    const next = intact ? this.segments[first + group.length] : undefined;
    if (!intact || !next) {
      unlinkSync(cleanedPath);
      return false;
    }
    const swapPath = join(this.dir, swapFileName(group[0].baseOffset, next.baseOffset));
    renameSync(cleanedPath, swapPath);
    fsyncDir(this.dir);
    for (const segment of group.slice(1)) {
      this.unsyncedSegments.delete(segment);
      segment.delete();
    }
    group[0].close();
    this.unsyncedSegments.delete(group[0]);
    renameSync(swapPath, group[0].path);
    fsyncDir(this.dir);
    const replacement = Segment.open(this.dir, group[0].baseOffset);
    this.recover(replacement, false, false); // the producer state already holds these batches
    this.segments.splice(first, group.length, replacement);
    return true;
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
      this.dropOldest();
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
    this.closed = true;
    this.syncNow();
    for (const segment of this.segments) segment.close();
  }
}
