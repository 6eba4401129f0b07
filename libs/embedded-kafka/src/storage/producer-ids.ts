import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const BLOCK = 1000;

/**
 * Hands out producer ids for InitProducerId. Ids are reserved on disk a block at a time, so a
 * restarted broker never gives a new producer the id (and sequence history) of an old one.
 */
export class ProducerIdAllocator {
  private readonly path: string;
  private next: number;
  private reservedUntil: number;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'producer-ids.json');
    this.next = existsSync(this.path) ? (JSON.parse(readFileSync(this.path, 'utf8')) as { reservedUntil: number }).reservedUntil : 0;
    this.reservedUntil = this.next;
  }

  allocate(): number {
    if (this.next >= this.reservedUntil) {
      this.reservedUntil = this.next + BLOCK;
      const tmp = `${this.path}.tmp`;
      writeFileSync(tmp, JSON.stringify({ reservedUntil: this.reservedUntil }));
      renameSync(tmp, this.path);
    }
    return this.next++;
  }
}
