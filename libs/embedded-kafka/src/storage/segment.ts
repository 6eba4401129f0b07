import { closeSync, fstatSync, openSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

const SEGMENT_SUFFIX = '.log';
/** A cleaned copy of a group of segments being written (discarded if found on open). */
export const CLEANED_SUFFIX = '.cleaned';
/** A complete cleaned copy named `<first base>.<end offset>.swap`, replacing the segments in [first base, end) (finished if found on open). */
export const SWAP_SUFFIX = '.swap';

export function segmentFileName(baseOffset: number): string {
  return `${String(baseOffset).padStart(20, '0')}${SEGMENT_SUFFIX}`;
}

export function swapFileName(baseOffset: number, endOffset: number): string {
  return `${String(baseOffset).padStart(20, '0')}.${String(endOffset).padStart(20, '0')}${SWAP_SUFFIX}`;
}

export function parseSwapFileName(name: string): { baseOffset: number; endOffset: number } | null {
  const match = /^(\d{20})\.(\d{20})\.swap$/.exec(name);
  return match ? { baseOffset: Number(match[1]), endOffset: Number(match[2]) } : null;
}

export function parseSegmentFileName(name: string): number | null {
  const match = /^(\d{20})\.log$/.exec(name);
  return match ? Number(match[1]) : null;
}

/**
 * One file of a partition's log: record batches back to back, exactly as produced (with the
 * broker-assigned base offset). A sparse in-memory index maps offsets to file positions.
 */
export class Segment {
  size: number;
  /** Offset after the last batch in this segment. */
  nextOffset: number;
  /** Largest record timestamp seen, or -1 while empty. */
  maxTimestamp = -1;
  /** The first batch's max timestamp, what segment.ms measures a segment's age by (Kafka's rollingBasedTimestamp); -1 while empty. */
  firstBatchTimestamp = -1;
  readonly modifiedAt: number;
  private readonly indexOffsets: number[] = [];
  private readonly indexPositions: number[] = [];
  private bytesSinceIndexEntry = 0;

  private constructor(
    readonly baseOffset: number,
    readonly path: string,
    readonly fd: number,
  ) {
    const stat = fstatSync(fd);
    this.size = stat.size;
    this.modifiedAt = stat.mtimeMs;
    this.nextOffset = baseOffset;
  }

  static open(dir: string, baseOffset: number): Segment {
    const path = join(dir, segmentFileName(baseOffset));
    return new Segment(baseOffset, path, openSync(path, 'a+'));
  }

  /** Notes a batch at `position` (appended or found during recovery) in the index and the bounds. */
  track(position: number, baseOffset: number, size: number, lastOffset: number, maxTimestamp: number, indexIntervalBytes: number): void {
    if (this.indexOffsets.length === 0 || this.bytesSinceIndexEntry >= indexIntervalBytes) {
      this.indexOffsets.push(baseOffset);
      this.indexPositions.push(position);
      this.bytesSinceIndexEntry = 0;
    }
    this.bytesSinceIndexEntry += size;
    this.nextOffset = lastOffset + 1;
    if (this.firstBatchTimestamp < 0) this.firstBatchTimestamp = maxTimestamp;
    if (maxTimestamp > this.maxTimestamp) this.maxTimestamp = maxTimestamp;
  }

  /** File position of the indexed batch at or before `offset`, from which a scan finds it. */
  lookup(offset: number): number {
    let lo = 0;
    let hi = this.indexOffsets.length - 1;
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.indexOffsets[mid] <= offset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return this.indexPositions[found] ?? 0;
  }

  /** The time retention measures this segment by: its newest record, or the file's mtime. */
  get retentionTimestamp(): number {
    return this.maxTimestamp >= 0 ? this.maxTimestamp : this.modifiedAt;
  }

  close(): void {
    closeSync(this.fd);
  }

  delete(): void {
    this.close();
    unlinkSync(this.path);
  }
}
