import { killPythonScripts, pythonCaps, runPython, type PythonClientCaps } from './support/python';
import { RawClient } from './support/raw-client';
import { startTestBroker, type TestBroker } from './support/test-broker';

/**
 * Two independent Python clients from Debian, kafka-python (python3-kafka) and confluent-kafka
 * (python3-confluent-kafka, on librdkafka), run scenarios from test/interop/*.py against a real
 * broker over real sockets. Each script prints what its client observed as one JSON line; what
 * Kafka would answer is asserted here. tools/ensure-test-tools.sh installs the clients.
 */

/** A test the installed client cannot run (it lacks the call): skipped, saying so. */
function itIfClientHas(caps: PythonClientCaps, operation: string, call: string, title: string, fn: () => Promise<void>): void {
  if (caps.admin[operation]) it(title, fn);
  else it.skip(`${title} [SKIPPED: python3-${caps.client} ${caps.version} has no ${call}]`, fn);
}

/** A scenario neither installed client can run, so there is no script for it: it fails once a client gains the call. */
function itClientLacks(caps: PythonClientCaps, operation: string, call: string, title: string): void {
  itIfClientHas(caps, operation, call, title, async () => {
    throw new Error(`python3-${caps.client} ${caps.version} now has ${call}: write this scenario in test/interop`);
  });
}

interface PyRecord {
  partition: number;
  offset: number;
  timestamp: number;
  key: string | null;
  value: string | null;
  headers: Array<[string, string]>;
}
type Delivered = { partition: number; offset: number };
type ConfigEntry = { value: string | null; source?: number; isDefault?: boolean; readOnly: boolean; sensitive: boolean };
type Configs = { version?: number; entries: Record<string, ConfigEntry> };

const CLIENTS = [
  { script: 'kafka_python_client.py', short: 'kp' },
  { script: 'confluent_kafka_client.py', short: 'ck' },
].map((c) => ({ ...c, caps: pythonCaps(c.script) }));

/** Kafka's record batch codec ids (attributes & 0x07). */
const CODEC_ID: Record<string, number> = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 };
/** Kafka's DescribeConfigs ConfigSource ids. */
const DYNAMIC_TOPIC_CONFIG = 1;
const STATIC_BROKER_CONFIG = 4;
const DEFAULT_CONFIG = 5;
/** Every topic-level config Kafka describes (TopicConfig.java) that a single-node broker without tiered storage has. */
const TOPIC_CONFIG_NAMES = [
  'cleanup.policy',
  'compression.type',
  'delete.retention.ms',
  'file.delete.delay.ms',
  'flush.messages',
  'flush.ms',
  'index.interval.bytes',
  'max.compaction.lag.ms',
  'max.message.bytes',
  'message.timestamp.type',
  'min.cleanable.dirty.ratio',
  'min.compaction.lag.ms',
  'min.insync.replicas',
  'preallocate',
  'retention.bytes',
  'retention.ms',
  'segment.bytes',
  'segment.index.bytes',
  'segment.jitter.ms',
  'segment.ms',
  'unclean.leader.election.enable',
];

const compressible = (text: string) => `${text} ${'compressible text '.repeat(30)}`;
/**
 * Keys (and none), values (and a tombstone), headers (repeated keys, empty values, non-ASCII). Each record
 * compresses on its own: librdkafka sends a batch uncompressed when compressing does not make it smaller.
 */
const RECORDS = [
  {
    key: 'user-1',
    value: compressible('héllo wörld ✓'),
    headers: [
      ['trace', 'abc'],
      ['empty', ''],
      ['trace', 'second, same key'],
    ],
  },
  { key: null, value: compressible('no key'), headers: [] },
  { key: `deleted ${'compressible key '.repeat(10)}`, value: null, headers: [['reason', 'tombstone '.repeat(10)]] },
  { key: 'json', value: JSON.stringify({ n: 1, text: 'ünïcödé' }).repeat(10), headers: [] },
  ...Array.from({ length: 6 }, (_, i) => ({ key: `k${i}`, value: compressible(`record ${i}`), headers: [['i', `${i}`]] })),
];

/** Codec id of every batch stored in partition 0 of `topic`, read with a hand-written Fetch v4. */
async function storedCodecs(port: number, topic: string): Promise<number[]> {
  const name = Buffer.from(topic);
  const clientId = Buffer.from('python-interop');
  const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length + 4 * 4 + 1 + 4 + 2 + name.length + 4 + 4 + 8 + 4);
  let at = 0;
  at = body.writeInt16BE(1, at); // Fetch
  at = body.writeInt16BE(4, at);
  at = body.writeInt32BE(7, at);
  at = body.writeInt16BE(clientId.length, at);
  at += clientId.copy(body, at);
  at = body.writeInt32BE(-1, at); // replica
  at = body.writeInt32BE(0, at); // max wait
  at = body.writeInt32BE(0, at); // min bytes
  at = body.writeInt32BE(1 << 20, at); // max bytes
  at = body.writeInt8(0, at); // read uncommitted
  at = body.writeInt32BE(1, at);
  at = body.writeInt16BE(name.length, at);
  at += name.copy(body, at);
  at = body.writeInt32BE(1, at);
  at = body.writeInt32BE(0, at); // partition
  body.writeBigInt64BE(0n, at); // fetch offset
  body.writeInt32BE(1 << 20, at + 8);
  const frame = Buffer.alloc(4);
  frame.writeInt32BE(body.length);
  const raw = await RawClient.connect(port);
  try {
    raw.write(Buffer.concat([frame, body]));
    const response = await raw.response();
    if (!response) throw new Error('broker closed the connection instead of answering Fetch');
    // correlation, throttle, [topic: name, [partition: index, error, hw, lso, aborted[], records]]
    let p = 4 + 4 + 4;
    p += 2 + response.readInt16BE(p) + 4;
    expect(response.readInt32BE(p)).toBe(0); // partition 0
    expect(response.readInt16BE(p + 4)).toBe(0); // no error
    p += 4 + 2 + 8 + 8;
    const aborted = response.readInt32BE(p);
    p += 4 + Math.max(aborted, 0) * 16;
    const records = response.subarray(p + 4, p + 4 + response.readInt32BE(p));
    const codecs: number[] = [];
    for (let b = 0; b + 61 <= records.length; b += records.readInt32BE(b + 8) + 12) codecs.push(records.readInt16BE(b + 21) & 0x07);
    return codecs;
  } finally {
    raw.close();
  }
}

const byPosition = (a: PyRecord, b: PyRecord) => a.partition - b.partition || a.offset - b.offset;
const values = (records: PyRecord[]) => records.map((r) => r.value);

describe('Python clients (kafka-python, confluent-kafka) against the embedded broker', () => {
  let test: TestBroker;

  beforeAll(async () => {
    test = await startTestBroker();
  });

  afterAll(async () => {
    killPythonScripts();
    await test?.cleanup();
  });

  for (const { script, short, caps } of CLIENTS) {
    const label = `${caps.client} ${caps.version}${caps.librdkafka ? ` (librdkafka ${caps.librdkafka})` : ''}`;
    const run = <T>(command: string, prefix: string, input?: unknown) =>
      runPython<T>(script, command, [test.bootstrap, `${short}-${prefix}`], input);

    describe(label, () => {
      describe('produce with every codec, consume everything back', () => {
        const usable = Object.keys(CODEC_ID).filter((codec) => caps.codecs[codec] === null);
        type Result = Record<string, { topic: string; produced: Delivered[]; consumed: PyRecord[] }>;
        let result: Result;

        beforeAll(async () => {
          result = await run<Result>('codecs', 'codecs', { records: RECORDS });
        });

        for (const codec of Object.keys(CODEC_ID)) {
          if (caps.codecs[codec] !== null) {
            it.skip(`${codec} [SKIPPED: ${caps.codecs[codec]}]`, () => undefined);
            continue;
          }
          it(`${codec}: keys, values, tombstones and headers come back unchanged at offsets 0..n-1, stored as ${codec}`, async () => {
            const { topic, produced, consumed } = result[codec];
            expect(produced).toEqual(RECORDS.map((_, offset) => ({ partition: 0, offset })));
            expect(consumed.map(({ offset, key, value, headers }) => ({ offset, key, value, headers }))).toEqual(
              RECORDS.map((r, offset) => ({ offset, ...r })),
            );
            const codecs = await storedCodecs(test.broker.port, topic);
            expect(codecs.length).toBeGreaterThan(0);
            expect(new Set(codecs)).toEqual(new Set([CODEC_ID[codec]]));
          });
        }
        it('uses at least none, gzip and one more codec', () => {
          expect(usable).toEqual(expect.arrayContaining(['none', 'gzip']));
          expect(usable.length).toBeGreaterThan(2);
        });
      });

      it('two members of a group split the partitions on rebalance, read every record once and commit; a third resumes there', async () => {
        const r = await run<{
          a: PyRecord[];
          b: PyRecord[];
          split: { a: number[]; b: number[] };
          c: PyRecord[];
          committed: Record<string, number>;
        }>('group', 'group');
        const batch = (tag: string, n: number, partitions = [0, 1, 2, 3]) =>
          partitions.flatMap((p) => Array.from({ length: n }, (_, i) => `${tag}-p${p}-${i}`));

        // The rebalance gave each member a share, and no partition to both.
        expect(r.split.a.length).toBeGreaterThan(0);
        expect(r.split.b.length).toBeGreaterThan(0);
        expect([...r.split.a, ...r.split.b].sort()).toEqual([0, 1, 2, 3]);
        // a alone read the first 20; after the split each read the second 20 of its own partitions only.
        expect(values(r.a.filter((m) => m.value!.startsWith('first')).sort(byPosition))).toEqual(batch('first', 5));
        expect(r.b.every((m) => r.split.b.includes(m.partition) && m.value!.startsWith('second'))).toBe(true);
        expect(r.a.filter((m) => m.value!.startsWith('second')).every((m) => r.split.a.includes(m.partition))).toBe(true);
        // Exactly once across both: 40 records, none twice.
        expect(values([...r.a, ...r.b].sort(byPosition))).toEqual(
          [0, 1, 2, 3].flatMap((p) => [...batch('first', 5, [p]), ...batch('second', 5, [p])]),
        );
        // c started at the committed offsets (10) and read only what came after.
        expect(r.c.sort(byPosition).map((m) => `${m.value}@${m.offset}`)).toEqual(
          [0, 1, 2, 3].flatMap((p) => [`third-p${p}-0@10`, `third-p${p}-1@11`]),
        );
        expect(r.committed).toEqual({ '0': 12, '1': 12, '2': 12, '3': 12 });
      });

      it('offsets committed before a broker restart are where the group resumes after it; no record is lost', async () => {
        const first = await startTestBroker();
        let second: TestBroker | undefined;
        try {
          const args = (t: TestBroker) => [t.bootstrap, `${short}-restart`];
          const before = await runPython<{ consumed: PyRecord[]; committed: Record<string, number>; unread: Delivered[] }>(
            script,
            'restart-before',
            args(first),
          );
          expect(before.consumed).toHaveLength(20);
          expect(before.committed).toEqual({ '0': 10, '1': 10 });
          expect(before.unread.map((d) => d.offset).sort()).toEqual([10, 10, 11, 11, 12, 12]);

          await first.broker.stop();
          second = await startTestBroker({ dataDir: first.dataDir });
          const after = await runPython<{
            committedAtStart: Record<string, number>;
            resumed: PyRecord[];
            committed: Record<string, number>;
            all: PyRecord[];
          }>(script, 'restart-after', args(second));

          expect(after.committedAtStart).toEqual({ '0': 10, '1': 10 });
          expect(after.resumed.sort(byPosition).map((m) => `${m.key}=${m.value}@${m.partition}/${m.offset}`)).toEqual(
            [0, 1].flatMap((p) => [0, 1, 2].map((i) => `k${i}=unread-p${p}-${i}@${p}/${10 + i}`)),
          );
          expect(after.committed).toEqual({ '0': 13, '1': 13 });
          const everything = (records: PyRecord[]) =>
            records.map(({ partition, offset, key, value }) => ({ partition, offset, key, value }));
          expect(everything(after.all.sort(byPosition))).toEqual(everything([...before.consumed, ...after.resumed].sort(byPosition)));
        } finally {
          await second?.broker.stop();
          await first.cleanup();
        }
      });

      describe('offsets for times', () => {
        const base = Math.floor(Date.now() / 1000) * 1000 - 60_000;
        const timestamps = Array.from({ length: 10 }, (_, i) => base + i * 1000);
        // Before the first, exactly the first, between the 4th and 5th, exactly the last, after the last.
        const queries = [base - 5000, base, base + 3500, base + 9000, base + 9001];
        const codecs = Object.keys(CODEC_ID).filter((codec) => caps.codecs[codec] === null);
        type Result = Record<
          string,
          { lookups: Array<{ offset: number; timestamp?: number } | null>; read: Array<{ offset: number; timestamp: number }> }
        >;
        let result: Result;

        beforeAll(async () => {
          result = await run<Result>('timestamps', 'timestamps', { codecs, timestamps, queries });
        });

        it('records keep the CreateTime the producer gave them', () => {
          for (const codec of codecs) expect(result[codec].read).toEqual(timestamps.map((timestamp, offset) => ({ offset, timestamp })));
        });

        for (const codec of codecs) {
          const title = `${codec}: each timestamp finds the first offset at or after it, none past the last record`;
          const check = () => expect(result[codec].lookups.map((l) => l && l.offset)).toEqual([0, 0, 4, 9, null]);
          it(title, check);
        }

        if (caps.client === 'kafka-python') {
          it("each found offset comes with that record's own timestamp", () => {
            expect(result.none.lookups.map((l) => l && l.timestamp)).toEqual([base, base, base + 4000, base + 9000, null]);
          });
        }
      });

      describe('admin', () => {
        describe('create topics', () => {
          let r: { partitions: number[]; errors: Record<string, string>; listed: string[] };
          beforeAll(async () => {
            r = await run('admin-create-topics', 'create');
          });

          it('creates a topic with its partitions; a duplicate and zero partitions are refused with Kafka errors', () => {
            expect(r.partitions).toEqual([0, 1, 2]);
            expect(r.errors.duplicate).toBe('TOPIC_ALREADY_EXISTS');
            expect(r.errors.zeroPartitions).toBe('INVALID_PARTITIONS');
            expect(r.listed).toContain(`${short}-create-created`);
            expect(r.listed).not.toContain(`${short}-create-zero`);
          });

          it('an unknown topic config name is refused with INVALID_CONFIG, and no topic is made', () => {
            expect(r.errors.unknownConfig).toBe('INVALID_CONFIG');
            expect(r.listed).not.toContain(`${short}-create-badconfig`);
          });
        });

        describe('describe configs', () => {
          let r: { all: Configs; only?: Configs };
          beforeAll(async () => {
            r = await run('admin-describe-configs', 'describe');
          });

          it('lists every topic config; the ones set at creation with their values as DYNAMIC_TOPIC_CONFIG', () => {
            expect(Object.keys(r.all.entries)).toEqual(expect.arrayContaining(TOPIC_CONFIG_NAMES));
            const set = { 'retention.ms': '3600000', 'cleanup.policy': 'compact', 'max.message.bytes': '65536' };
            for (const [name, value] of Object.entries(set)) {
              expect({ name, ...r.all.entries[name] }).toEqual({
                name,
                value,
                source: DYNAMIC_TOPIC_CONFIG,
                readOnly: false,
                sensitive: false,
              });
            }
            const notFromBrokerOrDefault = Object.entries(r.all.entries)
              .filter(([name, entry]) => !(name in set) && ![STATIC_BROKER_CONFIG, DEFAULT_CONFIG].includes(entry.source!))
              .map(([name, entry]) => `${name}: source ${entry.source}`);
            expect(notFromBrokerOrDefault).toEqual([]);
            expect(r.all.entries['segment.bytes'].value).toBe(String(test.broker.config.segmentBytes));
            expect(r.all.entries['retention.bytes'].value).toBe(String(test.broker.config.retentionBytes));
          });

          if (caps.client === 'kafka-python') {
            it('asked for two configs by name, answers exactly those', () => {
              expect(Object.keys(r.only!.entries).sort()).toEqual(['retention.ms', 'segment.bytes']);
            });
          }
        });

        it("alter configs (AlterConfigs, not incremental) replaces the topic's overrides: one set, the rest back to default", async () => {
          const r = await run<{ altered: Array<[string, string]>; after: Configs }>('admin-alter-configs', 'alter');
          expect(r.altered).toEqual([['NONE', `${short}-alter-altered`]]);
          expect(r.after.entries['retention.ms']).toMatchObject({ value: '7200000', source: DYNAMIC_TOPIC_CONFIG });
          expect(r.after.entries['cleanup.policy'].value).toBe('delete');
          expect(r.after.entries['cleanup.policy'].source).not.toBe(DYNAMIC_TOPIC_CONFIG);
        });

        itClientLacks(
          caps,
          'incremental_alter_configs',
          'AdminClient.incremental_alter_configs',
          'incremental alter configs sets one config and keeps the others',
        );

        it('create partitions grows a topic from 2 to 5, refuses to shrink it, and the new partitions take records', async () => {
          const r = await run<{ partitions: number[]; shrinkError: string; produced: Delivered[]; read: PyRecord[] }>(
            'admin-create-partitions',
            'partitions',
          );
          expect(r.partitions).toEqual([0, 1, 2, 3, 4]);
          expect(r.shrinkError).toBe('INVALID_PARTITIONS');
          expect(r.produced).toEqual([{ partition: 4, offset: 0 }]);
          expect(r.read.map((m) => `${m.partition}/${m.offset}=${m.value}`)).toEqual(['4/0=in-new-partition']);
        });

        describe('consumer groups', () => {
          const active = `${short}-groups-active`;
          const empty = `${short}-groups-empty`;
          type Described = {
            error: string;
            state: string;
            protocolType: string;
            protocol: string;
            members: Array<Record<string, unknown>>;
          };
          let r: { listed: string[][]; described: Record<string, Described>; offsets: Record<string, number> };
          beforeAll(async () => {
            r = await run('admin-groups', 'groups');
          });

          if (caps.client === 'confluent-kafka') {
            it('list groups shows both groups with their states: Stable with a member, Empty with only offsets', () => {
              expect(r.listed).toEqual([
                [active, 'consumer', 'Stable'],
                [empty, 'consumer', 'Empty'],
              ]);
            });
          } else {
            it('list groups shows both groups as consumer groups (ListGroups v0-v2: the state comes from describe)', () => {
              expect(r.listed).toEqual([
                [active, 'consumer'],
                [empty, 'consumer'],
              ]);
            });
          }

          itClientLacks(
            caps,
            'list_groups_states_filter',
            'AdminClient.list_consumer_groups(states=...) (ListGroups v4)',
            'list groups filtered by state',
          );

          it('describe groups: the active one Stable with its member and assignment, the empty one Empty without members', () => {
            expect(r.described[active]).toMatchObject({ error: 'NONE', state: 'Stable', protocolType: 'consumer', protocol: 'range' });
            expect(r.described[active].members).toEqual([
              expect.objectContaining({ clientId: `${caps.client}-active-member`, assignment: [[`${short}-groups-topic`, [0, 1]]] }),
            ]);
            expect(r.described[empty]).toMatchObject({ error: 'NONE', state: 'Empty', protocolType: 'consumer', members: [] });
            expect(r.offsets).toEqual({ '0': 3, '1': 3 });
          });
        });

        itIfClientHas(
          caps,
          'delete_groups',
          'AdminClient.delete_consumer_groups',
          'delete groups removes an empty group and its offsets, refuses one with a member (NON_EMPTY_GROUP)',
          async () => {
            const r = await run<{
              listedBefore: string[];
              deleted: Record<string, string>;
              listedAfter: string[];
              offsetsAfter: Record<string, number>;
            }>('admin-delete-groups', 'delete');
            expect(r.listedBefore).toEqual([`${short}-delete-active`, `${short}-delete-empty`]);
            expect(r.deleted).toEqual({ [`${short}-delete-empty`]: 'NONE', [`${short}-delete-active`]: 'NON_EMPTY_GROUP' });
            expect(r.listedAfter).toEqual([`${short}-delete-active`]);
            expect(r.offsetsAfter).toEqual({});
          },
        );

        itClientLacks(caps, 'delete_records', 'AdminClient.delete_records', 'delete records moves the log start offset');
        itClientLacks(
          caps,
          'delete_group_offsets',
          'AdminClient.delete_consumer_group_offsets (OffsetDelete)',
          "delete a group's offsets for one topic",
        );
      });
    });
  }
});
