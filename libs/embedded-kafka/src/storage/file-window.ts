import { readSync } from 'node:fs';

/**
 * Reads a file through a sliding window of one large block, so walking thousands of small batch
 * headers (recovery, timestamp look-ups) costs a few big reads instead of a syscall per header.
 */
export class FileWindow {
  private window = Buffer.alloc(0);
  private windowStart = 0;

  constructor(
    private readonly fd: number,
    private readonly fileSize: number,
    private readonly blockSize = 1 << 20,
  ) {}

  /** The bytes [position, position + length), or null when the file ends before that. */
  bytesAt(position: number, length: number): Buffer | null {
    if (position + length > this.fileSize) return null;
    const end = this.windowStart + this.window.length;
    if (position < this.windowStart || position + length > end) {
      const size = Math.min(Math.max(length, this.blockSize), this.fileSize - position);
      const block = Buffer.allocUnsafe(size);
      const read = readSync(this.fd, block, 0, size, position);
      this.window = block.subarray(0, read);
      this.windowStart = position;
      if (read < length) return null;
    }
    const from = position - this.windowStart;
    return this.window.subarray(from, from + length);
  }
}
