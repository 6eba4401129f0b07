import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../src/logger';
import { ErrorCode } from '../src/protocol/error-codes';
import { readBatchHeader } from '../src/protocol/record-batch';
import { OffsetOutOfRangeError } from '../src/storage/partition-log';
import { TOPIC_CONFIG_NAMES } from '../src/storage/topic-config';
import { TopicError, TopicStore, type TopicDefaults } from '../src/storage/topic-store';
import { buildBatch } from './support/batches';
import { tempDir } from './support/temp-dir';

const logger = createLogger('silent');
const defaults: TopicDefaults = {
  partitions: 1,
  retentionMs: 3_600_000,
  retentionBytes: -1,
  segmentBytes: 1 << 20,
  maxMessageBytes: 500_000,
  indexIntervalBytes: 4096,
};

describe('TopicStore configs, partitions and DeleteRecords', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: TopicStore;
  beforeEach(() => {
    dir = tempDir();
    store = new TopicStore(dir.path, defaults, logger);
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });
  const reopen = () => {
    store.close();
    store = new TopicStore(dir.path, defaults, logger);
  };
  const rejection = (action: () => void) => {
    try {
      action();
    } catch (error) {
      expect(error).toBeInstanceOf(TopicError);
      return { code: (error as TopicError).errorCode, message: (error as Error).message };
    }
    throw new Error('expected a TopicError');
  };

  it('describes every Kafka topic config, sorted, with the broker defaults where the broker has a setting', () => {
    store.create('t', 1, { 'cleanup.policy': 'compact', 'retention.ms': '1000' });
    const entries = store.describeConfigs('t');
    expect(entries.map((e) => e.name)).toEqual([...TOPIC_CONFIG_NAMES]);
    expect(entries.map((e) => e.name)).toEqual([...entries.map((e) => e.name)].sort());
    expect(entries.length).toBeGreaterThanOrEqual(33);
    const byName = Object.fromEntries(entries.map((e) => [e.name, e]));
    expect(byName['cleanup.policy']).toMatchObject({
      value: 'compact',
      source: 'topic',
      type: 'LIST',
      readOnly: false,
      isSensitive: false,
    });
    expect(byName['retention.ms']).toMatchObject({ value: '1000', source: 'topic', type: 'LONG' });
    expect(byName['max.message.bytes']).toMatchObject({ value: '500000', source: 'default', type: 'INT' });
    expect(byName['delete.retention.ms']).toMatchObject({ value: '86400000', source: 'default' });
    expect(byName['min.cleanable.dirty.ratio']).toMatchObject({ value: '0.5', type: 'DOUBLE' });
  });

  it('refuses unknown and malformed configs at creation, as Kafka does, and accepts what Connect passes', () => {
    expect(rejection(() => store.create('a', 1, { 'retention.mss': '1' }))).toEqual({
      code: ErrorCode.INVALID_CONFIG,
      message: 'Unknown topic config name: retention.mss',
    });
    expect(rejection(() => store.create('b', 1, { 'cleanup.policy': 'shred' })).code).toBe(ErrorCode.INVALID_CONFIG);
    expect(rejection(() => store.create('c', 1, { 'min.cleanable.dirty.ratio': '2' })).message).toMatch(/min\.cleanable\.dirty\.ratio/);
    expect(store.list()).toEqual([]);
    store.create('connect-configs', 1, { 'cleanup.policy': 'compact' });
    store.create('both', 1, { 'cleanup.policy': 'compact,delete', 'segment.bytes': '4096', 'min.insync.replicas': '1' });
    expect(store.get('both')!.limits.cleanupPolicy).toEqual({ compact: true, delete: true });
  });

  it('alters configs all-or-none, live, and persists them', () => {
    const topic = store.create('t', 1);
    const err = rejection(() =>
      store.alterConfigs(
        't',
        [
          { name: 'retention.ms', op: 'set', value: '5000' },
          { name: 'no.such.config', op: 'set', value: '1' },
        ],
        false,
      ),
    );
    expect(err).toEqual({ code: ErrorCode.INVALID_CONFIG, message: 'Unknown topic config name: no.such.config' });
    expect(topic.configs).toEqual({});
    expect(rejection(() => store.alterConfigs('t', [{ name: 'retention.ms', op: 'append', value: '1' }], false)).code).toBe(
      ErrorCode.INVALID_CONFIG,
    );
    expect(rejection(() => store.alterConfigs('t', [{ name: 'segment.bytes', op: 'set', value: 'big' }], false)).message).toMatch(
      /segment\.bytes/,
    );

    store.alterConfigs('t', [{ name: 'max.message.bytes', op: 'set', value: '1234' }], true);
    expect(topic.limits.maxMessageBytes).toBe(500_000); // validateOnly changes nothing

    store.alterConfigs(
      't',
      [
        { name: 'max.message.bytes', op: 'set', value: '1234' },
        { name: 'cleanup.policy', op: 'append', value: 'compact' },
      ],
      false,
    );
    expect(topic.limits.maxMessageBytes).toBe(1234);
    expect(topic.limits.cleanupPolicy).toEqual({ delete: true, compact: true });
    store.alterConfigs('t', [{ name: 'cleanup.policy', op: 'subtract', value: 'delete' }], false);
    expect(store.get('t')!.configs).toEqual({ 'max.message.bytes': '1234', 'cleanup.policy': 'compact' });

    reopen();
    expect(store.get('t')!.limits).toMatchObject({ maxMessageBytes: 1234, cleanupPolicy: { delete: false, compact: true } });
    store.alterConfigs('t', [{ name: 'max.message.bytes', op: 'delete', value: null }], false);
    expect(store.get('t')!.limits.maxMessageBytes).toBe(500_000);

    store.replaceConfigs('t', { 'retention.bytes': '100' }, false);
    expect(store.get('t')!.configs).toEqual({ 'retention.bytes': '100' });
    expect(store.describeConfigs('t').find((e) => e.name === 'cleanup.policy')).toMatchObject({ value: 'delete', source: 'default' });
    expect(rejection(() => store.replaceConfigs('t', { bogus: '1' }, false)).code).toBe(ErrorCode.INVALID_CONFIG);
  });

  it('applies a new segment.bytes to the next roll', () => {
    store.create('t', 1);
    const log = store.partition('t', 0)!;
    const append = () => {
      const batch = buildBatch(['x'.repeat(600)]);
      log.append(batch, readBatchHeader(batch));
    };
    for (let i = 0; i < 4; i++) append();
    store.alterConfigs('t', [{ name: 'segment.bytes', op: 'set', value: '1024' }], false);
    for (let i = 0; i < 4; i++) append();
    expect(store.list()[0].partitions[0].sizeBytes).toBeGreaterThan(0);
    expect(log.cleanableSegments(Date.now(), 0).length).toBeGreaterThanOrEqual(3);
  });

  it('grows a topic, keeping existing data, and refuses to shrink it', () => {
    store.create('t', 2);
    const batch = buildBatch(['kept']);
    store.partition('t', 1)!.append(batch, readBatchHeader(batch));
    expect(rejection(() => store.addPartitions('t', 1, false))).toEqual({
      code: ErrorCode.INVALID_PARTITIONS,
      message: 'Topic currently has 2 partitions, which is higher than the requested 1.',
    });
    expect(rejection(() => store.addPartitions('t', 2, false)).code).toBe(ErrorCode.INVALID_PARTITIONS);
    store.addPartitions('t', 5, true);
    expect(store.get('t')!.partitions).toHaveLength(2);
    store.addPartitions('t', 5, false);
    expect(store.get('t')!.partitions).toHaveLength(5);
    reopen();
    expect(store.get('t')!.partitions).toHaveLength(5);
    expect(store.partition('t', 1)!.highWatermark).toBe(1);
    expect(existsSync(join(dir.path, 'topics', 't', '4'))).toBe(true);
  });

  it('moves the log start with deleteRecordsBefore, deletes whole segments below it, and keeps it across a restart', () => {
    store.create('t', 1, { 'segment.bytes': '1024' });
    const log = store.partition('t', 0)!;
    for (let i = 0; i < 20; i++) {
      const batch = buildBatch([`v${i}-${'p'.repeat(300)}`]);
      log.append(batch, readBatchHeader(batch));
    }
    const sizeBefore = log.sizeBytes;
    expect(log.deleteRecordsBefore(9)).toBe(9);
    expect(log.logStartOffset).toBe(9);
    expect(log.sizeBytes).toBeLessThan(sizeBefore);
    expect(() => log.read(8, 1 << 20)).toThrow(OffsetOutOfRangeError);
    expect(readBatchHeader(log.read(9, 1 << 20)).baseOffset).toBeLessThanOrEqual(9);
    expect(log.deleteRecordsBefore(3)).toBe(9); // never moves back
    expect(() => log.deleteRecordsBefore(21)).toThrow(OffsetOutOfRangeError);
    reopen();
    const reopened = store.partition('t', 0)!;
    expect(reopened.logStartOffset).toBe(9);
    expect(() => reopened.read(8, 1 << 20)).toThrow(OffsetOutOfRangeError);
    expect(reopened.offsetForTimestamp(0)?.offset).toBe(9);
    expect(reopened.deleteRecordsBefore(-1)).toBe(20);
    expect(reopened.highWatermark).toBe(20);
  });
});
