import zlib from 'node:zlib';
import { waitFor } from '@kafka-sync/testing';
import {
  startPlatformaticClients,
  RemoteError,
  type ConsumedMessage,
  type PlatformaticClients,
  type RemoteClient,
} from './support/platformatic';
import { startTestBroker, type TestBroker } from './support/test-broker';

/**
 * @platformatic/kafka is a modern client that speaks only the flexible (KIP-482) versions: Metadata ≥ 9,
 * Produce ≥ 7, Fetch ≥ 12, ListOffsets ≥ 5, JoinGroup ≥ 6, OffsetCommit ≥ 8… With it as an independent
 * client, every test here goes through the versions the broker's message codec builds from Kafka's JSON.
 * BROKER_LOG_LEVEL=debug shows what the broker read and answered.
 */
describe('@platformatic/kafka (flexible versions) against the embedded broker', () => {
  const TOPIC_RESOURCE = 2; // ConfigResourceTypes.TOPIC
  const EARLIEST = -2n;
  const LATEST = -1n;
  const MAX_TIMESTAMP = -3n; // ListOffsets v7 (KIP-734)
  const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

  let broker: TestBroker;
  let clients: PlatformaticClients;
  let admin: RemoteClient;
  let producer: RemoteClient;

  beforeAll(async () => {
    broker = await startTestBroker({ logLevel: (process.env.BROKER_LOG_LEVEL as 'info') ?? 'warn' });
    clients = await startPlatformaticClients(broker.bootstrap);
    admin = await clients.admin({ retryDelay: 100 });
    producer = await clients.producer({ retries: 0 });
  });

  afterAll(async () => {
    await clients?.stop();
    await broker?.cleanup();
  });

  let topicCounter = 0;
  /** A topic made by the admin client (CreateTopics v7), unique to the calling test. */
  async function createTopic(partitions = 1, configs: Array<{ name: string; value: string }> = []): Promise<string> {
    const name = `plt-${++topicCounter}-${Date.now().toString(36)}`;
    await admin.call('createTopics', { topics: [name], partitions, replicas: 1, configs });
    return name;
  }

  const text = (buffer: Buffer | null | undefined) => buffer?.toString('utf8');
  const headersOf = (headers: Map<Buffer, Buffer>) => [...headers].map(([key, value]) => [text(key), text(value)]);

  /** Offsets that ListOffsets (v7 at most) answers for each `timestamp` on partition 0. */
  async function listOffsets(topic: string, ...timestamps: bigint[]): Promise<Array<{ offset: bigint; timestamp: bigint }>> {
    const answers = [];
    for (const timestamp of timestamps) {
      const [listed] = await admin.call<Array<{ name: string; partitions: Array<{ offset: bigint; timestamp: bigint }> }>>('listOffsets', {
        topics: [{ name: topic, partitions: [{ partitionIndex: 0, timestamp }] }],
      });
      answers.push({ offset: listed.partitions[0].offset, timestamp: listed.partitions[0].timestamp });
    }
    return answers;
  }

  /** A Fetch of partition 0 from `offset` by a consumer client (its own, unless given), as records with absolute offsets. */
  async function fetchPartition(topic: string, offset: bigint, by?: RemoteClient) {
    const consumer = by ?? (await clients.consumer({ groupId: `fetch-${topic}` }));
    const metadata = await consumer.call<{ brokers: Map<number, unknown>; topics: Map<string, { id: string }> }>('metadata', {
      topics: [topic],
    });
    const [node] = metadata.brokers.keys();
    const topicId = metadata.topics.get(topic)!.id;
    const response = await consumer.call<{
      responses: Array<{
        topicId: string;
        partitions: Array<{
          partitionIndex: number;
          errorCode: number;
          highWatermark: bigint;
          records?: Array<{
            firstOffset: bigint;
            firstTimestamp: bigint;
            attributes: number;
            records: Array<{
              offsetDelta: number;
              timestampDelta: bigint;
              key: Buffer | null;
              value: Buffer | null;
              headers: [Buffer, Buffer][];
            }>;
          }>;
        }>;
      }>;
    }>('fetch', {
      node,
      maxWaitTime: 100,
      topics: [
        {
          topicId,
          partitions: [{ partition: 0, fetchOffset: offset, partitionMaxBytes: 1_048_576, currentLeaderEpoch: -1, lastFetchedEpoch: -1 }],
        },
      ],
    });
    if (!by) await consumer.call('close');
    const [partition] = response.responses[0].partitions;
    return {
      highWatermark: partition.highWatermark,
      batches: (partition.records ?? []).map((batch) => ({ compression: batch.attributes & 0x7, count: batch.records.length })),
      // Fetch answers whole batches: a client drops the records before the offset it asked for.
      records: (partition.records ?? [])
        .flatMap((batch) =>
          batch.records.map((record) => ({
            offset: batch.firstOffset + BigInt(record.offsetDelta),
            timestamp: batch.firstTimestamp + record.timestampDelta,
            key: text(record.key),
            value: text(record.value),
            headers: record.headers.map(([key, value]) => [text(key), text(value)]),
          })),
        )
        .filter((record) => record.offset >= offset),
    };
  }

  describe('admin: topics and metadata', () => {
    test('createTopics makes the topics with their partitions and configs, metadata and listTopics show them', async () => {
      const name = `plt-created-${Date.now().toString(36)}`;
      const created = await admin.call<Array<{ id: string; name: string; partitions: number; configuration: Record<string, string> }>>(
        'createTopics',
        { topics: [name], partitions: 3, replicas: 1, configs: [{ name: 'retention.ms', value: '3600000' }] },
      );
      expect(created).toHaveLength(1);
      expect(created[0]).toMatchObject({ name, partitions: 3, replicas: 1 });
      expect(created[0].id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(created[0].id).not.toBe(ZERO_UUID);
      expect(created[0].configuration['retention.ms']).toBe('3600000');

      const metadata = await admin.call<{
        brokers: Map<number, { host: string; port: number }>;
        topics: Map<
          string,
          { id: string; partitionsCount: number; partitions: Array<{ leader: number; replicas: number[]; isr: number[] }> }
        >;
      }>('metadata', { topics: [name], forceUpdate: true });
      const [host, port] = broker.bootstrap.split(':');
      expect([...metadata.brokers.values()]).toEqual([expect.objectContaining({ host, port: Number(port) })]);
      const [nodeId] = metadata.brokers.keys();
      const topic = metadata.topics.get(name);
      expect(topic).toMatchObject({ id: created[0].id, partitionsCount: 3 });
      expect(topic?.partitions).toEqual(
        [0, 1, 2].map(() => expect.objectContaining({ leader: nodeId, replicas: [nodeId], isr: [nodeId] })),
      );

      expect(await admin.call<string[]>('listTopics')).toContain(name);
    });

    test('createTopics of an existing topic fails with TOPIC_ALREADY_EXISTS', async () => {
      const name = await createTopic();
      const failure = await admin.call('createTopics', { topics: [name], partitions: 1, replicas: 1 }).catch((error: RemoteError) => error);
      expect(failure).toBeInstanceOf(RemoteError);
      const response = (failure as RemoteError).details.response as { topics: Array<{ name: string; errorCode: number }> };
      expect(response.topics).toEqual([expect.objectContaining({ name, errorCode: 36 })]); // TOPIC_ALREADY_EXISTS
    });

    test('deleteTopics removes the topic from listTopics and metadata', async () => {
      const name = await createTopic(2);
      await admin.call('deleteTopics', { topics: [name] });
      expect(await admin.call<string[]>('listTopics')).not.toContain(name);
      const failure = await admin.call('metadata', { topics: [name], forceUpdate: true }).catch((error: RemoteError) => error);
      // The library turns Metadata's UNKNOWN_TOPIC_OR_PARTITION (3) into this error.
      expect(failure).toEqual(expect.objectContaining({ message: `Unknown topic ${name}.` }));
    });

    test('createPartitions grows a topic, and the new partition takes records', async () => {
      const name = await createTopic(1);
      await admin.call('createPartitions', { topics: [{ name, count: 4 }] });
      const metadata = await admin.call<{ topics: Map<string, { partitionsCount: number }> }>('metadata', {
        topics: [name],
        forceUpdate: true,
      });
      expect(metadata.topics.get(name)?.partitionsCount).toBe(4);
      const sent = await producer.call<{ offsets: Array<{ topic: string; partition: number; offset: bigint }> }>('send', {
        messages: [{ topic: name, partition: 3, value: Buffer.from('on the new partition') }],
      });
      expect(sent.offsets).toEqual([{ topic: name, partition: 3, offset: 0n }]);
    });
  });

  describe('admin: configs', () => {
    test('describeConfigs shows a topic override and the defaults', async () => {
      const name = await createTopic(1, [{ name: 'retention.ms', value: '7200000' }]);
      const [described] = await admin.call<Array<{ resourceName: string; configs: Array<{ name: string; value: string | null }> }>>(
        'describeConfigs',
        { resources: [{ resourceType: TOPIC_RESOURCE, resourceName: name, configurationKeys: ['retention.ms', 'cleanup.policy'] }] },
      );
      expect(described.resourceName).toBe(name);
      const values = Object.fromEntries(described.configs.map((config) => [config.name, config.value]));
      expect(values).toEqual({ 'retention.ms': '7200000', 'cleanup.policy': 'delete' });
    });

    test('alterConfigs replaces and incrementalAlterConfigs sets and deletes topic configs', async () => {
      const name = await createTopic(1, [{ name: 'retention.ms', value: '7200000' }]);
      const describe = async () => {
        const [described] = await admin.call<Array<{ configs: Array<{ name: string; value: string | null }> }>>('describeConfigs', {
          resources: [{ resourceType: TOPIC_RESOURCE, resourceName: name, configurationKeys: ['retention.ms', 'max.message.bytes'] }],
        });
        return Object.fromEntries(described.configs.map((config) => [config.name, config.value]));
      };

      await admin.call('alterConfigs', {
        resources: [{ resourceType: TOPIC_RESOURCE, resourceName: name, configs: [{ name: 'max.message.bytes', value: '4096' }] }],
      });
      // AlterConfigs replaces the whole set of overrides: retention.ms falls back to the default (7 days).
      expect(await describe()).toEqual({ 'retention.ms': '604800000', 'max.message.bytes': '4096' });

      await admin.call('incrementalAlterConfigs', {
        resources: [
          {
            resourceType: TOPIC_RESOURCE,
            resourceName: name,
            configs: [
              { name: 'retention.ms', configOperation: 0, value: '60000' }, // SET
              { name: 'max.message.bytes', configOperation: 1 }, // DELETE
            ],
          },
        ],
      });
      expect(await describe()).toEqual({ 'retention.ms': '60000', 'max.message.bytes': '1048588' });
    });
  });

  describe('produce and fetch (Produce v11, Fetch v16)', () => {
    const compressions = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
    let available: Record<string, boolean> = {};
    beforeAll(async () => {
      available = await clients.compressions();
    });

    const BITS = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 };
    for (const compression of compressions) {
      // The library compresses zstd with zlib.zstdCompressSync (Node ≥ 22.15); the child runs this same Node.
      const runs = compression !== 'zstd' || typeof (zlib as { zstdCompressSync?: unknown }).zstdCompressSync === 'function';
      (runs ? test : test.skip)(
        `a ${compression} batch with keys, values and headers is stored and fetched back unchanged${runs ? '' : ' [skipped: this Node has no zlib zstd, which the library compresses with]'}`,
        async () => {
          expect(available[compression]).toBe(true);
          const topic = await createTopic(1);
          const base = 1_700_000_000_000n;
          const messages = [0, 1, 2, 3, 4].map((i) => ({
            topic,
            partition: 0,
            key: Buffer.from(`key-${i}`),
            value: Buffer.from(`${compression} value ${i} `.repeat(20)),
            headers: new Map([
              [Buffer.from('trace'), Buffer.from(`t-${i}`)],
              [Buffer.from('kind'), Buffer.from(compression)],
            ]),
            timestamp: base + BigInt(i),
          }));
          const sent = await producer.call<{ offsets: Array<{ topic: string; partition: number; offset: bigint }> }>('send', {
            messages,
            compression,
            acks: -1,
          });
          expect(sent.offsets).toEqual([{ topic, partition: 0, offset: 0n }]);

          const fetched = await fetchPartition(topic, 0n);
          expect(fetched.highWatermark).toBe(5n);
          // The broker keeps the producer's batch as it came: one batch, with its compression bits.
          expect(fetched.batches).toEqual([{ compression: BITS[compression], count: 5 }]);
          expect(fetched.records).toEqual(
            messages.map((message, i) => ({
              offset: BigInt(i),
              timestamp: message.timestamp,
              key: text(message.key),
              value: text(message.value),
              headers: headersOf(message.headers),
            })),
          );
          // A timestamp inside the batch: the broker has to decompress it to find the record (LogSegment.findOffsetByTimestamp).
          expect((await listOffsets(topic, base + 2n))[0].offset).toBe(2n);
        },
      );
    }

    test('an idempotent producer (InitProducerId v4) gets a producer id and its batches are stored once', async () => {
      const topic = await createTopic(1);
      const idempotent = await clients.producer({ idempotent: true, acks: -1, retries: 0 });
      try {
        const info = await idempotent.call<{ producerId: bigint; producerEpoch: number }>('initIdempotentProducer', {});
        expect(info.producerId).toBeGreaterThanOrEqual(0n);
        expect(info.producerEpoch).toBeGreaterThanOrEqual(0);
        for (const i of [0, 1, 2]) {
          const sent = await idempotent.call<{ offsets: Array<{ offset: bigint }> }>('send', {
            messages: [{ topic, partition: 0, value: Buffer.from(`v${i}`) }],
          });
          expect(sent.offsets).toEqual([expect.objectContaining({ offset: BigInt(i) })]);
        }
        expect((await fetchPartition(topic, 0n)).records.map((r) => r.value)).toEqual(['v0', 'v1', 'v2']);
      } finally {
        await idempotent.call('close');
      }
    });
  });

  describe('list offsets and delete records', () => {
    const timestamps = [1_000n, 2_000n, 5_000n, 3_000n];
    async function topicWithTimestamps(): Promise<string> {
      const topic = await createTopic(1);
      await producer.call('send', {
        messages: timestamps.map((timestamp, i) => ({ topic, partition: 0, value: Buffer.from(`m${i}`), timestamp })),
      });
      return topic;
    }

    test('listOffsets answers earliest, latest, the newest timestamp (-3, v7) and the first offset at or after a timestamp', async () => {
      const topic = await topicWithTimestamps();
      const [earliest, latest, max] = await listOffsets(topic, EARLIEST, LATEST, MAX_TIMESTAMP);
      expect(earliest.offset).toBe(0n);
      expect(latest.offset).toBe(4n);
      expect(max).toEqual({ offset: 2n, timestamp: 5_000n });
      const offsets = (await listOffsets(topic, 500n, 1_500n, 2_000n, 4_000n, 9_000n)).map((answer) => answer.offset);
      expect(offsets).toEqual([0n, 1n, 1n, 2n, -1n]);
    });

    // As Kafka (LogSegment.findOffsetByTimestamp → TimestampAndOffset(record.timestamp(), …)).
    test('a lookup by timestamp answers the found record’s own timestamp', async () => {
      const topic = await topicWithTimestamps();
      expect(await listOffsets(topic, 1_500n, 2_000n, 4_000n)).toEqual([
        { offset: 1n, timestamp: 2_000n },
        { offset: 1n, timestamp: 2_000n },
        { offset: 2n, timestamp: 5_000n },
      ]);
    });

    test('deleteRecords moves the log start offset, which listOffsets earliest then answers', async () => {
      const topic = await createTopic(1);
      await producer.call('send', { messages: [0, 1, 2, 3, 4].map((i) => ({ topic, partition: 0, value: Buffer.from(`m${i}`) })) });
      const deleted = await admin.call<Array<{ name: string; partitions: Array<{ partition: number; lowWatermark: bigint }> }>>(
        'deleteRecords',
        {
          topics: [{ name: topic, partitions: [{ partition: 0, offset: 3n }] }],
        },
      );
      expect(deleted).toEqual([{ name: topic, partitions: [{ partition: 0, lowWatermark: 3n }] }]);
      const [earliest, latest] = await listOffsets(topic, EARLIEST, LATEST);
      expect(earliest.offset).toBe(3n);
      expect(latest.offset).toBe(5n);
    });
  });

  describe('consumer groups (FindCoordinator v4, JoinGroup v9, SyncGroup v5, Heartbeat v4, OffsetCommit v8, OffsetFetch v8, LeaveGroup v5)', () => {
    const GROUP_OPTIONS = { sessionTimeout: 10_000, rebalanceTimeout: 10_000, heartbeatInterval: 200, maxWaitTime: 100 };
    const members: RemoteClient[] = [];
    afterEach(async () => {
      for (const member of members.splice(0)) await member.call('close', true).catch(() => undefined);
    });

    /** A consumer that has joined `groupId` with a subscription to `topic`, without a message stream. */
    async function joinedMember(groupId: string, topic: string, options: Record<string, unknown> = {}): Promise<RemoteClient> {
      const member = await clients.consumer({ groupId, ...GROUP_OPTIONS, ...options });
      members.push(member);
      await member.call('topics.trackAll', topic);
      const memberId = await member.call<string>('joinGroup', {});
      expect(memberId).toMatch(/.+/);
      return member;
    }

    /** Records 0..5 to partition 0 of `topic`: key `k<i>`, value `v<i>`, header n=`<i>`. */
    const sendNumbered = (topic: string) =>
      producer.call('send', {
        messages: [0, 1, 2, 3, 4, 5].map((i) => ({
          topic,
          partition: 0,
          key: Buffer.from(`k${i}`),
          value: Buffer.from(`v${i}`),
          headers: new Map([[Buffer.from('n'), Buffer.from(String(i))]]),
        })),
      });
    const groupState = async (groupId: string) => (await admin.call<Map<string, { state: string }>>('listGroups')).get(groupId)?.state;
    const committed = async (member: RemoteClient, topic: string) =>
      (await member.call<Map<string, bigint[]>>('listCommittedOffsets', { topics: [{ topic, partitions: [0] }] })).get(topic);

    test('a member joins, heartbeats, reads, commits; after it leaves, a new member resumes from the committed offset', async () => {
      const topic = await createTopic(1);
      const groupId = `resume-${topic}`;
      await sendNumbered(topic);
      const expected = (i: number) => ({
        offset: BigInt(i),
        timestamp: expect.any(BigInt),
        key: `k${i}`,
        value: `v${i}`,
        headers: [['n', String(i)]],
      });

      const first = await joinedMember(groupId, topic);
      expect(await first.get('assignments')).toEqual([{ topic, partitions: [0] }]);
      expect(await groupState(groupId)).toBe('STABLE');
      await waitFor('two heartbeats', async () => ((await first.events()).counts['consumer:heartbeat:end'] ?? 0) >= 2);
      expect((await first.events()).errors).toEqual([]);

      expect((await fetchPartition(topic, 0n, first)).records).toEqual([0, 1, 2, 3, 4, 5].map(expected));
      expect(await committed(first, topic)).toEqual([-1n]);
      await first.call('commit', { offsets: [{ topic, partition: 0, offset: 4n, leaderEpoch: -1 }] });
      expect(await committed(first, topic)).toEqual([4n]);
      await first.call('leaveGroup');
      expect(await groupState(groupId)).toBe('EMPTY');

      const second = await joinedMember(groupId, topic);
      const resumeAt = (await committed(second, topic))?.[0];
      expect(resumeAt).toBe(4n);
      expect((await fetchPartition(topic, resumeAt as bigint, second)).records).toEqual([4, 5].map(expected));
    });

    test('listGroups and describeGroups (ListGroups v4, DescribeGroups v5) show a stable group, its member and its assignment', async () => {
      const topic = await createTopic(2);
      const groupId = `described-${topic}`;
      const clientId = `member-of-${groupId}`;
      await joinedMember(groupId, topic, { clientId });

      const listed = await admin.call<Map<string, { id: string; state: string; protocolType: string }>>('listGroups');
      expect(listed.get(groupId)).toEqual(expect.objectContaining({ id: groupId, state: 'STABLE', protocolType: 'consumer' }));

      const described = await admin.call<
        Map<
          string,
          {
            state: string;
            protocolType: string;
            protocol: string;
            members: Map<string, { clientId: string; assignments?: Map<string, { partitions: number[] }> }>;
          }
        >
      >('describeGroups', { groups: [groupId] });
      const group = described.get(groupId);
      expect(group).toEqual(expect.objectContaining({ state: 'STABLE', protocolType: 'consumer', protocol: 'roundrobin' }));
      const groupMembers = [...(group?.members.values() ?? [])];
      expect(groupMembers).toHaveLength(1);
      expect(groupMembers[0].clientId).toBe(clientId);
      expect([...(groupMembers[0].assignments?.values() ?? [])].flatMap((assignment) => assignment.partitions).sort()).toEqual([0, 1]);
    });

    test('deleteConsumerGroupOffsets (OffsetDelete v0) forgets an empty group’s committed offset', async () => {
      const topic = await createTopic(1);
      const groupId = `offsets-${topic}`;
      const member = await joinedMember(groupId, topic);
      await member.call('commit', { offsets: [{ topic, partition: 0, offset: 1n, leaderEpoch: -1 }] });
      await member.call('leaveGroup');
      const listed = async () => {
        const [group] = await admin.call<Array<{ topics: Array<{ partitions: Array<{ committedOffset: bigint }> }> }>>(
          'listConsumerGroupOffsets',
          {
            groups: [{ groupId, topics: [{ name: topic, partitionIndexes: [0] }] }],
          },
        );
        return group.topics[0]?.partitions[0]?.committedOffset;
      };
      expect(await listed()).toBe(1n);
      await admin.call('deleteConsumerGroupOffsets', { groupId, topics: [{ name: topic, partitionIndexes: [0] }] });
      expect(await listed()).toBe(-1n);
    });

    const view = (message: ConsumedMessage) => ({
      partition: message.partition,
      offset: message.offset,
      key: text(message.key),
      value: text(message.value),
      headers: headersOf(message.headers),
    });

    // The library's MessagesStream names topics by id: it needs Fetch v13+ (KIP-516).
    test('a consumer stream (Fetch v13+, topics by id) reads keys, values and headers, commits, and a new one resumes after the commit', async () => {
      const topic = await createTopic(1);
      const groupId = `stream-${topic}`;
      await sendNumbered(topic);
      const expected = (i: number) => ({ partition: 0, offset: BigInt(i), key: `k${i}`, value: `v${i}`, headers: [['n', String(i)]] });

      const first = await clients.consumer({ groupId, ...GROUP_OPTIONS });
      members.push(first);
      const stream = await first.consume({ topics: [topic], mode: 'earliest', autocommit: false });
      expect((await stream.take(4)).map(view)).toEqual([0, 1, 2, 3].map(expected));
      await stream.commit(3); // the offset after message 3
      await first.call('close', true); // force: it closes the stream first

      const second = await clients.consumer({ groupId, ...GROUP_OPTIONS });
      members.push(second);
      const resumed = await second.consume({ topics: [topic], mode: 'committed', autocommit: false });
      expect((await resumed.take(2)).map(view)).toEqual([4, 5].map(expected));
    });
  });
});
