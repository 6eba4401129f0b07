import { closeSync, fsyncSync, openSync, unlinkSync, writeSync } from 'node:fs';
import type { Logger } from '../logger';
import { BATCH, readBatchHeader, type BatchHeader } from '../protocol/record-batch';
import { FileWindow } from './file-window';
import type { PartitionLog } from './partition-log';
import { batchRecords, isControlBatch, rebuildBatch, type LogRecord } from './records';
import { CLEANED_SUFFIX, type Segment } from './segment';
import type { TopicLimits, TopicStore } from './topic-store';

/** Work done between two yields to the event loop, so produce and fetch never wait long on a clean. */
const YIELD_EVERY_BYTES = 256 * 1024;

export interface CleanResult {
  /** Segments read and rewritten. */
  segments: number;
  bytesBefore: number;
  bytesAfter: number;
  recordsRemoved: number;
}

class LogChanged extends Error {}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Log compaction for topics whose cleanup.policy includes compact, after Kafka's LogCleaner
 * (core/src/main/scala/kafka/log/LogCleaner.scala): keep the newest record of each key in the
 * closed segments (the active one is never touched), drop records without a key, drop tombstones
 * once older than delete.retention.ms, keep every surviving record's offset (batches are rewritten
 * in place with their base offset), and swap the cleaned copy in crash-safely.
 */
export class LogCleaner {
  /** Kafka's cleaner-offset-checkpoint, in memory: where each partition's dirty part starts (the whole log after a restart). */
  private readonly firstDirty = new WeakMap<PartitionLog, number>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopped = false;

  constructor(
    private readonly topics: TopicStore,
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  /** Runs every intervalMs (Kafka's log.cleaner.backoff.ms), one run at a time. */
  start(): void {
    const schedule = () => {
      if (this.stopped) return;
      this.timer = setTimeout(() => {
        void this.runOnce().finally(schedule);
      }, this.intervalMs);
      this.timer.unref();
    };
    schedule();
  }

  /** Stops the timer and waits for a run in progress (which stops at its next yield). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /**
   * Rolls segments that segment.ms says are old enough (every topic), then cleans every compacted
   * partition whose dirty ratio reached min.cleanable.dirty.ratio. Returns the partitions cleaned.
   * Concurrent calls share the run in progress.
   */
  runOnce(now = Date.now()): Promise<number> {
    if (!this.running) {
      this.running = this.run(now).finally(() => (this.running = null));
    }
    return this.running;
  }

  private async run(now: number): Promise<number> {
    let cleaned = 0;
    for (const topic of this.topics.list()) {
      for (const [index, log] of topic.partitions.entries()) {
        if (this.stopped || log.isClosed) continue;
        log.maybeRoll(now);
        if (!topic.limits.cleanupPolicy.compact) continue;
        try {
          const result = await this.clean(log, topic.limits, now);
          if (result) {
            cleaned++;
            this.logger.info(
              `cleaned ${topic.name}-${index}: ${result.segments} segment(s), ${result.bytesBefore} → ${result.bytesAfter} bytes, ${result.recordsRemoved} record(s) removed`,
            );
          }
        } catch (error) {
          if (error instanceof LogChanged) continue; // deleted, truncated or closed meanwhile: the next run starts over
          this.logger.error(`cleaning ${topic.name}-${index} failed: ${(error as Error).message}`);
        }
      }
    }
    return cleaned;
  }

  /** One pass over a partition's cleanable segments; null when there was nothing (or not enough) to clean. */
  async clean(log: PartitionLog, limits: TopicLimits, now: number): Promise<CleanResult | null> {
    const segments = log.cleanableSegments(now, limits.minCompactionLagMs);
    if (segments.length === 0) return null;
    const endOffset = log.segmentAfter(segments[segments.length - 1])!.baseOffset;
    const firstDirty = Math.max(this.firstDirty.get(log) ?? 0, log.logStartOffset);
    const cleanBytes = sum(segments.filter((s) => s.nextOffset <= firstDirty).map((s) => s.size));
    const dirtyBytes = sum(segments.map((s) => s.size)) - cleanBytes;
    // LogCleanerManager: a log is cleanable once dirty / (clean + dirty) ≥ min.cleanable.dirty.ratio.
    if (dirtyBytes === 0 || dirtyBytes / (cleanBytes + dirtyBytes) < limits.minCleanableDirtyRatio) return null;

    // Kafka builds its offset map (key → newest offset) over the dirty part and cleans from the log
    // start; here the map covers every cleanable segment, which gives the same result.
    const newest = new Map<string, number>();
    await this.scan(log, segments, (_header, records) => {
      for (const record of records) if (record.key) newest.set(record.key.toString('latin1'), record.offset);
    });

    const result: CleanResult = { segments: 0, bytesBefore: 0, bytesAfter: 0, recordsRemoved: 0 };
    for (const group of groupBySize(segments, limits.segmentBytes)) {
      const cleanedPath = `${group[0].path}${CLEANED_SUFFIX}`;
      const fd = openSync(cleanedPath, 'w');
      let written = 0;
      try {
        await this.scan(log, group, (header, records, bytes) => {
          const kept = bytes === null ? null : records.filter((record) => retain(record, newest, now, limits.deleteRetentionMs));
          let out: Buffer | null = bytes;
          if (kept && kept.length < records.length) {
            result.recordsRemoved += records.length - kept.length;
            // Kafka keeps an emptied batch's header when it is its producer's last batch, so the
            // producer's sequence survives (MemoryRecords.filterTo, BatchRetention.RETAIN_EMPTY).
            const lastOfProducer =
              header.producerId >= 0 && log.producerStates.lastBatchBaseOffset(header.producerId) === header.baseOffset;
            out = kept.length > 0 || lastOfProducer ? rebuildBatch(bytes!, header, kept) : null;
          }
          if (!out) return;
          let done = 0;
          while (done < out.length) done += writeSync(fd, out, done, out.length - done);
          written += out.length;
        });
        fsyncSync(fd);
      } catch (error) {
        closeSync(fd);
        unlinkSync(cleanedPath);
        throw error;
      }
      closeSync(fd);
      const before = sum(group.map((s) => s.size));
      if (!log.swapIn(group, cleanedPath)) throw new LogChanged();
      result.segments += group.length;
      result.bytesBefore += before;
      result.bytesAfter += written;
      await yieldToEventLoop();
    }
    this.firstDirty.set(log, endOffset);
    return result;
  }

  /**
   * Calls `visit` for every batch of `segments` with its decoded records (control batches and
   * batches that fail to decode are passed with `records` [] and kept verbatim: `bytes` is the
   * whole batch, or null for those that must not be filtered). Yields to the event loop every
   * YIELD_EVERY_BYTES and checks, before touching a segment's file again, that the segment is
   * still in the log (retention, DeleteRecords, a topic deletion or stop may have removed it).
   */
  private async scan(
    log: PartitionLog,
    segments: Segment[],
    visit: (header: BatchHeader, records: LogRecord[], bytes: Buffer | null) => void,
  ): Promise<void> {
    let sinceYield = 0;
    for (const segment of segments) {
      const stillThere = () => !this.stopped && !log.isClosed && log.segmentAfter(segment) !== undefined;
      if (!stillThere()) throw new LogChanged();
      const window = new FileWindow(segment.fd, segment.size);
      let position = 0;
      while (position < segment.size) {
        if (sinceYield >= YIELD_EVERY_BYTES) {
          sinceYield = 0;
          await yieldToEventLoop();
          if (!stillThere()) throw new LogChanged();
        }
        const headerBytes = window.bytesAt(position, BATCH.HEADER_SIZE);
        if (!headerBytes) break;
        const header = readBatchHeader(headerBytes);
        const whole = window.bytesAt(position, header.size);
        if (!whole) break;
        if (isControlBatch(header) || header.recordCount === 0) {
          visit(header, [], whole);
        } else {
          let records: LogRecord[] | null = null;
          try {
            records = batchRecords(whole, header);
          } catch (error) {
            this.logger.warn(`${log.dir}: keeping undecodable batch at offset ${header.baseOffset} as it is: ${(error as Error).message}`);
          }
          if (records) visit(header, records, Buffer.from(whole));
          else visit(header, [], null);
        }
        position += header.size;
        sinceYield += header.size;
      }
    }
  }
}

/**
 * LogCleaner.shouldRetainRecord: a record survives when it has a key (Kafka drops keyless records
 * from compacted logs), it is the newest for that key, and it is not a tombstone past
 * delete.retention.ms (measured here from the tombstone's own timestamp, where Kafka 3.x stamps a
 * delete horizon on the batch at its first clean).
 */
function retain(record: LogRecord, newest: Map<string, number>, now: number, deleteRetentionMs: number): boolean {
  if (!record.key) return false;
  const newestOffset = newest.get(record.key.toString('latin1')) ?? -1;
  if (record.offset < newestOffset) return false;
  if (record.value === null && now - record.timestamp > deleteRetentionMs) return false;
  return true;
}

/** Consecutive segments whose sizes add up to at most `maxBytes` (at least one each), as LogCleaner.groupSegmentsBySize. */
function groupBySize(segments: Segment[], maxBytes: number): Segment[][] {
  const groups: Segment[][] = [];
  let current: Segment[] = [];
  let bytes = 0;
  for (const segment of segments) {
    if (current.length > 0 && bytes + segment.size > maxBytes) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(segment);
    bytes += segment.size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
