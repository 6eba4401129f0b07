import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../src/logger';
import { readBatchHeader } from '../src/protocol/record-batch';
import { LogCleaner } from '../src/storage/log-cleaner';
import { PartitionLog } from '../src/storage/partition-log';
import { batchRecords, type LogRecord } from '../src/storage/records';
import { TopicStore } from '../src/storage/topic-store';
import { buildBatch } from './support/batches';
import { kafkaClient, waitUntil } from './support/kafkajs-client';
import { kcat } from './support/kcat';
import { tempDir } from './support/temp-dir';
import { startTestBroker } from './support/test-broker';

const logger = createLogger('silent');
const defaults = {
  partitions: 1,
  retentionMs: -1,
  retentionBytes: -1,
  segmentBytes: 1 << 20,
  indexIntervalBytes: 4096 / 4,
  maxMessageBytes: 1 << 20,
};
const compact = { 'cleanup.policy': 'compact', 'segment.bytes': '1024', 'min.cleanable.dirty.ratio': '0.01' };

/** Every record of a partition, read batch by batch from the log start. */
function allRecords(log: PartitionLog): LogRecord[] {
  const records: LogRecord[] = [];
  let offset = log.logStartOffset;
  while (offset < log.highWatermark) {
    const bytes = log.read(offset, 1 << 20);
    if (bytes.length === 0) break;
    for (let at = 0; at < bytes.length;) {
      const header = readBatchHeader(bytes, at);
      records.push(...batchRecords(bytes.subarray(at, at + header.size), header).filter((r) => r.offset >= offset));
      offset = header.baseOffset + header.lastOffsetDelta + 1;
      at += header.size;
    }
  }
  return records;
}

const text = (r: LogRecord) => [r.key?.toString() ?? null, r.value?.toString() ?? null];

describe('log compaction (PartitionLog and LogCleaner)', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: TopicStore;
  let cleaner: LogCleaner;
  beforeEach(() => {
    dir = tempDir();
    store = new TopicStore(dir.path, defaults, logger);
    cleaner = new LogCleaner(store, logger, 60_000);
  });
  afterEach(async () => {
    await cleaner.stop();
    store.close();
    dir.remove();
  });

  function produce(topic: string, records: Array<{ key: string | null; value: string | null }>, timestamp = Date.now()): void {
    const log = store.partition(topic, 0)!;
    for (const record of records) {
      const batch = buildBatch([record as { key: string | null; value: string }], { timestamps: [timestamp] });
      log.append(batch, readBatchHeader(batch));
    }
  }
  const updates = (rounds: number, keys: number) =>
    Array.from({ length: rounds * keys }, (_, i) => ({ key: `k${i % keys}`, value: `v${Math.floor(i / keys)}-${'p'.repeat(100)}` }));

  it('keeps the newest record per key in closed segments, with their original offsets, across a reopen', async () => {
    store.create('c', 1, compact);
    produce('c', [{ key: null, value: 'keyless' }]);
    produce('c', updates(10, 3));
    produce('c', [{ key: 'tail', value: 'in the active segment' }]);
    const before = allRecords(store.partition('c', 0)!);
    expect(await cleaner.runOnce()).toBe(1);
    const after = allRecords(store.partition('c', 0)!);
    const offsets = after.map((r) => r.offset);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    expect(after.length).toBeLessThan(before.length);
    // Each surviving record is exactly the one produced at that offset.
    for (const record of after) expect(text(record)).toEqual(text(before.find((r) => r.offset === record.offset)!));
    const closedEnd = store.partition('c', 0)!.cleanableSegments(Date.now(), 0).length;
    expect(closedEnd).toBeGreaterThan(0);
    for (const key of ['k0', 'k1', 'k2']) {
      const newest = before.filter((r) => r.key?.toString() === key).pop()!;
      expect(after.filter((r) => r.key?.toString() === key).pop()!.offset).toBe(newest.offset);
    }
    expect(after.some((r) => r.key === null)).toBe(false); // Kafka's cleaner drops keyless records

    store.close();
    store = new TopicStore(dir.path, defaults, logger);
    const reopened = allRecords(store.partition('c', 0)!);
    expect(reopened.map(text)).toEqual(after.map(text));
    expect(reopened.map((r) => r.offset)).toEqual(offsets);
    expect(store.partition('c', 0)!.highWatermark).toBe(before.length);
  });

  it('stays bounded on disk under a steady stream of updates to a few keys', async () => {
    store.create('c', 1, compact);
    const sizes: number[] = [];
    for (let round = 0; round < 12; round++) {
      produce('c', updates(5, 4));
      await cleaner.runOnce();
      sizes.push(store.partition('c', 0)!.sizeBytes);
    }
    const produced = 12 * 5 * 4 * 180;
    expect(Math.max(...sizes.slice(4))).toBeLessThan(produced / 4);
    expect(sizes[sizes.length - 1]).toBeLessThanOrEqual(Math.max(...sizes.slice(0, 4)) * 2);
  });

  it('drops tombstones once older than delete.retention.ms, and keeps younger ones', async () => {
    store.create('c', 1, { ...compact, 'delete.retention.ms': '60000' });
    const old = Date.now() - 120_000;
    produce(
      'c',
      [
        { key: 'gone', value: 'x' },
        { key: 'gone', value: null },
      ],
      old,
    );
    produce('c', [
      { key: 'fresh', value: 'y' },
      { key: 'fresh', value: null },
    ]);
    produce('c', updates(6, 2));
    await cleaner.runOnce();
    const keys = allRecords(store.partition('c', 0)!).map(text);
    expect(keys).not.toContainEqual(['gone', null]);
    expect(keys).not.toContainEqual(['gone', 'x']);
    expect(keys).toContainEqual(['fresh', null]);
    expect(keys).not.toContainEqual(['fresh', 'y']);
  });

  it('does not apply retention to a compact-only topic, but does to compact,delete', () => {
    store.create('c', 1, { ...compact, 'retention.ms': '1000' });
    store.create('cd', 1, { ...compact, 'cleanup.policy': 'compact,delete', 'retention.ms': '1000' });
    const old = Date.now() - 60_000;
    produce('c', updates(5, 3), old);
    produce('cd', updates(5, 3), old);
    store.applyRetention();
    expect(store.partition('c', 0)!.logStartOffset).toBe(0);
    expect(store.partition('cd', 0)!.logStartOffset).toBeGreaterThan(0);
  });

  it('rolls the active segment once segment.ms passed, so compaction reaches the tail', async () => {
    store.create('c', 1, { ...compact, 'segment.bytes': '1048576', 'segment.ms': '1000' });
    produce(
      'c',
      [
        { key: 'a', value: '1' },
        { key: 'a', value: '2' },
      ],
      Date.now() - 10_000,
    );
    expect(await cleaner.runOnce()).toBe(1);
    expect(allRecords(store.partition('c', 0)!).map(text)).toEqual([['a', '2']]);
  });

  it('loses nothing when a crash interrupts a clean before or during the swap', async () => {
    store.create('c', 1, compact);
    produce('c', updates(10, 3));
    // A larger segment.bytes from now on lets the cleaner merge the small closed segments into one file.
    store.alterConfigs('c', [{ name: 'segment.bytes', op: 'set', value: '1048576' }], false);
    const partitionDir = join(dir.path, 'topics', 'c', '0');
    const original = allRecords(store.partition('c', 0)!).map(text);
    store.close();
    const copy = tempDir();
    const options = { segmentBytes: 1 << 20, indexIntervalBytes: 1024 };
    try {
      cpSync(partitionDir, copy.path, { recursive: true });
      store = new TopicStore(dir.path, defaults, logger);
      cleaner = new LogCleaner(store, logger, 60_000);
      expect(await cleaner.runOnce()).toBe(1);
      const cleaned = allRecords(store.partition('c', 0)!);
      const segmentFiles = (path: string) =>
        readdirSync(path)
          .filter((f) => f.endsWith('.log'))
          .sort();
      const copyFiles = segmentFiles(copy.path);
      expect(segmentFiles(partitionDir)).toEqual([copyFiles[0], copyFiles[copyFiles.length - 1]]);
      const cleanedBytes = readFileSync(join(partitionDir, copyFiles[0]));

      // 1. Crash while the .cleaned file was being written: it is discarded, the log is as it was.
      writeFileSync(join(copy.path, `${copyFiles[0]}.cleaned`), cleanedBytes.subarray(0, 100));
      let log = PartitionLog.open(copy.path, options, logger);
      expect(allRecords(log).map(text)).toEqual(original);
      log.close();
      expect(readdirSync(copy.path).some((f) => f.endsWith('.cleaned'))).toBe(false);

      // 2. Crash once the complete .swap file was in place, before the old segments were deleted.
      const swap = `${copyFiles[0].slice(0, 20)}.${copyFiles[copyFiles.length - 1].slice(0, 20)}.swap`;
      writeFileSync(join(copy.path, swap), cleanedBytes);
      log = PartitionLog.open(copy.path, options, logger);
      expect(allRecords(log).map(text)).toEqual(cleaned.map(text));
      expect(allRecords(log).map((r) => r.offset)).toEqual(cleaned.map((r) => r.offset));
      expect(log.highWatermark).toBe(original.length);
      log.close();
      expect(segmentFiles(copy.path)).toEqual(segmentFiles(partitionDir));
      expect(readdirSync(copy.path).some((f) => f.endsWith('.swap'))).toBe(false);
    } finally {
      copy.remove();
    }
  });
});

describe('log compaction through the broker (kafkajs and kcat)', () => {
  it('a consumer from the beginning sees the newest value per key at increasing offsets with gaps, also after a restart', async () => {
    const dataDir = tempDir();
    let test = await startTestBroker({ dataDir: dataDir.path, logCleanerIntervalMs: 50 });
    try {
      const admin = kafkaClient(test.bootstrap).admin();
      await admin.connect();
      await admin.createTopics({
        topics: [
          { topic: 'compacted', numPartitions: 1, configEntries: Object.entries(compact).map(([name, value]) => ({ name, value })) },
        ],
      });
      await admin.disconnect();
      const producer = kafkaClient(test.bootstrap).producer();
      await producer.connect();
      // One batch whose LAST record ('a') compaction removes: the batch must still end at its
      // original last offset, or librdkafka (kcat) reads nothing past it.
      await producer.send({
        topic: 'compacted',
        messages: [
          { key: 'once', value: 'first' },
          { key: 'a', value: 'a-initial' },
        ],
      });
      for (let round = 0; round < 8; round++) {
        await producer.send({
          topic: 'compacted',
          messages: ['a', 'b', 'c'].map((key) => ({ key, value: `${key}${round}-${'p'.repeat(200)}` })),
        });
      }
      await producer.send({ topic: 'compacted', messages: [{ key: 'z', value: 'last' }] });
      await producer.disconnect();
      const dir = join(dataDir.path, 'topics', 'compacted', '0');
      const size = () =>
        readdirSync(dir)
          .filter((f) => f.endsWith('.log'))
          .reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
      const full = 8 * 3 * 280;
      await waitUntil(() => size() < full / 2, 'the background cleaner to compact the topic');
      // …and to be done: the two clients below must read the same log, not one cleaned further in between.
      let last = -1;
      let stableSince = Date.now();
      await waitUntil(() => {
        const now = size();
        if (now !== last) [last, stableSince] = [now, Date.now()];
        return Date.now() - stableSince >= 500;
      }, 'the log to stop shrinking');

      const consume = async (bootstrap: string) => {
        const consumer = kafkaClient(bootstrap).consumer({ groupId: `g-${Math.random()}`, maxWaitTimeInMs: 100 });
        const seen: Array<{ offset: number; key: string; value: string }> = [];
        await consumer.connect();
        await consumer.subscribe({ topic: 'compacted', fromBeginning: true });
        await consumer.run({
          eachMessage: async ({ message }) => {
            seen.push({ offset: Number(message.offset), key: message.key!.toString(), value: message.value!.toString() });
          },
        });
        await waitUntil(() => seen.some((m) => m.key === 'z'), 'the consumer to reach the end');
        await consumer.disconnect();
        return seen;
      };
      const seen = await consume(test.bootstrap);
      const offsets = seen.map((m) => m.offset);
      expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
      expect(offsets.length).toBeLessThan(25);
      expect(offsets[0]).toBe(0); // 'once', never updated
      expect(offsets[1]).toBeGreaterThan(1); // the gap compaction left
      const latest = Object.fromEntries(seen.map((m) => [m.key, m.value.split('-')[0]]));
      expect(latest).toEqual({ once: 'first', a: 'a7', b: 'b7', c: 'c7', z: 'last' });
      // librdkafka, an independent client, reads the same compacted log.
      const read = await kcat(['-b', test.bootstrap, '-C', '-t', 'compacted', '-o', 'beginning', '-e', '-f', '%o %k %s\\n']);
      expect(read.code).toBe(0);
      expect(read.stdout.trim().split('\n')).toEqual(seen.map((m) => `${m.offset} ${m.key} ${m.value}`));

      await test.broker.stop();
      test = await startTestBroker({ dataDir: dataDir.path, logCleanerIntervalMs: 50 });
      const again = await consume(test.bootstrap);
      expect(Object.fromEntries(again.map((m) => [m.key, m.value.split('-')[0]]))).toEqual(latest);
    } finally {
      await test.broker.stop();
      dataDir.remove();
    }
  });
});
