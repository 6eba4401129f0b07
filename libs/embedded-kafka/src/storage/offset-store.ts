import { closeSync, existsSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface CommittedOffset {
  offset: number;
  metadata: string | null;
  /** The leader epoch the client committed with (OffsetCommit v6+), -1 when none. */
  leaderEpoch: number;
}

export interface OffsetCommit {
  topic: string;
  partition: number;
  offset: number;
  metadata: string | null;
  leaderEpoch?: number;
}

type Entry =
  | { g: string; t: string; p: number; o: number; m: string | null; e?: number }
  | { g: string; deleted: true }
  | { g: string; t: string; deletedTopic: true }
  | { g: string; t: string; p: number; deletedPartition: true };

/**
 * Committed consumer-group offsets: an append-only JSON-lines journal, replayed on start and
 * compacted when it holds many more lines than live offsets. A commit is written before it is
 * acknowledged, so it survives the broker being killed.
 */
export class OffsetStore {
  private readonly offsets = new Map<string, Map<string, CommittedOffset>>();
  private readonly path: string;
  private fd: number;
  private journalLines = 0;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'group-offsets.jsonl');
    if (existsSync(this.path)) this.replay(readFileSync(this.path, 'utf8'));
    this.compact();
    this.fd = openSync(this.path, 'a');
  }

  private replay(journal: string): void {
    for (const line of journal.split('\n')) {
      if (!line) continue;
      let entry: Entry;
      try {
        entry = JSON.parse(line) as Entry;
      } catch {
        continue; // a torn last line from a crash mid-write: that commit was never acknowledged
      }
      if ('deleted' in entry) this.offsets.delete(entry.g);
      else if ('deletedTopic' in entry) this.forgetTopic(entry.g, entry.t);
      else if ('deletedPartition' in entry) this.forgetPartitions(entry.g, [{ topic: entry.t, partition: entry.p }]);
      else this.groupOffsets(entry.g).set(key(entry.t, entry.p), { offset: entry.o, metadata: entry.m, leaderEpoch: entry.e ?? -1 });
    }
  }

  private groupOffsets(group: string): Map<string, CommittedOffset> {
    let offsets = this.offsets.get(group);
    if (!offsets) {
      offsets = new Map();
      this.offsets.set(group, offsets);
    }
    return offsets;
  }

  private append(entries: Entry[]): void {
    if (entries.length === 0) return;
    writeSync(this.fd, entries.map((e) => JSON.stringify(e)).join('\n') + '\n');
    this.journalLines += entries.length;
    if (this.journalLines > 10_000 && this.journalLines > 10 * this.liveCount()) {
      closeSync(this.fd);
      this.compact();
      this.fd = openSync(this.path, 'a');
    }
  }

  private liveCount(): number {
    let count = 0;
    for (const offsets of this.offsets.values()) count += offsets.size;
    return count;
  }

  private compact(): void {
    const lines: string[] = [];
    for (const [group, offsets] of this.offsets) {
      for (const [k, committed] of offsets) {
        const [topic, partition] = splitKey(k);
        lines.push(JSON.stringify(entryOf(group, { topic, partition, ...committed })));
      }
    }
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, lines.length ? lines.join('\n') + '\n' : '');
    renameSync(tmp, this.path);
    this.journalLines = lines.length;
  }

  commit(group: string, commits: OffsetCommit[]): void {
    this.append(commits.map((c) => entryOf(group, c)));
    const offsets = this.groupOffsets(group);
    for (const c of commits)
      offsets.set(key(c.topic, c.partition), { offset: c.offset, metadata: c.metadata, leaderEpoch: c.leaderEpoch ?? -1 });
  }

  get(group: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.offsets.get(group)?.get(key(topic, partition));
  }

  /** Every committed offset of a group, by topic. */
  all(group: string): Map<string, Map<number, CommittedOffset>> {
    const byTopic = new Map<string, Map<number, CommittedOffset>>();
    for (const [k, committed] of this.offsets.get(group) ?? []) {
      const [topic, partition] = splitKey(k);
      if (!byTopic.has(topic)) byTopic.set(topic, new Map());
      byTopic.get(topic)!.set(partition, committed);
    }
    return byTopic;
  }

  groups(): string[] {
    return [...this.offsets.keys()];
  }

  hasGroup(group: string): boolean {
    return this.offsets.has(group);
  }

  deleteGroup(group: string): void {
    this.append([{ g: group, deleted: true }]);
    this.offsets.delete(group);
  }

  /**
   * OffsetDelete: forgets these partitions' committed offsets of one group, durably (one journal
   * line per partition that had an offset). A group left without offsets is gone, as in Kafka.
   */
  deleteOffsets(group: string, partitions: Array<{ topic: string; partition: number }>): void {
    const offsets = this.offsets.get(group);
    const present = partitions.filter((p) => offsets?.has(key(p.topic, p.partition)));
    this.append(present.map((p) => ({ g: group, t: p.topic, p: p.partition, deletedPartition: true as const })));
    this.forgetPartitions(group, present);
  }

  private forgetPartitions(group: string, partitions: Array<{ topic: string; partition: number }>): void {
    const offsets = this.offsets.get(group);
    if (!offsets) return;
    for (const p of partitions) offsets.delete(key(p.topic, p.partition));
    if (offsets.size === 0) this.offsets.delete(group);
  }

  /** Forgets a deleted topic's offsets in every group (as Kafka does). */
  deleteTopic(topic: string): void {
    for (const group of this.offsets.keys()) {
      if (this.forgetTopic(group, topic)) this.append([{ g: group, t: topic, deletedTopic: true }]);
    }
  }

  private forgetTopic(group: string, topic: string): boolean {
    const offsets = this.offsets.get(group);
    const doomed = [...(offsets?.keys() ?? [])].filter((k) => splitKey(k)[0] === topic);
    for (const k of doomed) offsets!.delete(k);
    if (offsets?.size === 0) this.offsets.delete(group);
    return doomed.length > 0;
  }

  close(): void {
    closeSync(this.fd);
  }
}

function entryOf(group: string, c: OffsetCommit): Entry {
  const entry: Entry = { g: group, t: c.topic, p: c.partition, o: c.offset, m: c.metadata };
  if (c.leaderEpoch !== undefined && c.leaderEpoch >= 0) entry.e = c.leaderEpoch;
  return entry;
}

function key(topic: string, partition: number): string {
  return `${partition}:${topic}`;
}

function splitKey(k: string): [string, number] {
  const colon = k.indexOf(':');
  return [k.slice(colon + 1), Number(k.slice(0, colon))];
}
