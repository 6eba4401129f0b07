import { waitFor } from '@kafka-sync/testing';
import { Writer } from '../src/protocol/writer';
import { kcat } from './support/kcat';
import { RawClient } from './support/raw-client';
import { startTestBroker, type TestBroker } from './support/test-broker';

/**
 * The group APIs at the versions current clients negotiate, spoken over real sockets: requests
 * are encoded and responses decoded with the codec of Kafka's message definitions (whose own
 * correctness is checked against kcat and the Python clients elsewhere), and kcat's librdkafka
 * runs a balanced consumer group on them.
 */
describe('group APIs at current versions', () => {
  let test: TestBroker;
  const clients: RawClient[] = [];

  async function connect(): Promise<RawClient> {
    const raw = await RawClient.connect(test.broker.port);
    clients.push(raw);
    return raw;
  }

  /** One request of API `name` at `version` on `raw`, and its decoded response. */
  const call = <T>(raw: RawClient, name: string, version: number, body: object, timeoutMs?: number): Promise<T> =>
    raw.call<T>(name, version, body, timeoutMs);

  /** The consumer protocol's subscription (version 0: topics, no user data), as a Java consumer sends it. */
  const subscription = (topics: string[]) =>
    Buffer.concat(
      new Writer()
        .int16(0)
        .array(topics, (w, t) => w.string(t))
        .nullableBytes(null)
        .toBuffers(),
    );

  interface JoinResponse {
    errorCode: number;
    generationId: number;
    protocolType: string | null;
    protocolName: string | null;
    leader: string;
    memberId: string;
    skipAssignment: boolean;
    members: Array<{ memberId: string; groupInstanceId: string | null; metadata: Buffer }>;
  }

  interface Joined {
    raw: RawClient;
    join: JoinResponse;
  }

  /** JoinGroup v9 on a connection of its own (a parked join holds its connection), through MEMBER_ID_REQUIRED for dynamic members. */
  async function join(groupId: string, options: { topics?: string[]; instanceId?: string; protocolType?: string } = {}): Promise<Joined> {
    const raw = await connect();
    const request = (memberId: string) => ({
      groupId,
      sessionTimeoutMs: 10_000,
      rebalanceTimeoutMs: 10_000,
      memberId,
      groupInstanceId: options.instanceId ?? null,
      protocolType: options.protocolType ?? 'consumer',
      protocols: [{ name: 'range', metadata: subscription(options.topics ?? []) }],
      reason: 'test',
    });
    let response = await call<JoinResponse>(raw, 'JoinGroup', 9, request(''));
    if (response.errorCode === 79) response = await call<JoinResponse>(raw, 'JoinGroup', 9, request(response.memberId));
    expect(response.errorCode).toBe(0);
    return { raw, join: response };
  }

  /** SyncGroup v5 (the leader hands every member an empty assignment); resolves with its error code. */
  async function sync(groupId: string, { raw, join: joined }: Joined): Promise<number> {
    const isLeader = joined.leader === joined.memberId;
    const response = await call<{ errorCode: number; protocolType: string | null; protocolName: string | null }>(raw, 'SyncGroup', 5, {
      groupId,
      generationId: joined.generationId,
      memberId: joined.memberId,
      groupInstanceId: null,
      protocolType: joined.protocolType,
      protocolName: joined.protocolName,
      assignments: isLeader ? joined.members.map((m) => ({ memberId: m.memberId, assignment: Buffer.alloc(0) })) : [],
    });
    if (response.errorCode === 0) expect(response).toMatchObject({ protocolType: 'consumer', protocolName: 'range' });
    return response.errorCode;
  }

  /** A group of one member, Stable, subscribed to `topics`. */
  async function stableGroup(groupId: string, topics: string[]): Promise<Joined> {
    const member = await join(groupId, { topics });
    expect(await sync(groupId, member)).toBe(0);
    return member;
  }

  interface CommitPartition {
    partitionIndex: number;
    committedOffset: number;
    committedLeaderEpoch?: number;
  }

  /** OffsetCommit v8 (generation -1 and no member unless given); the partition error codes. */
  async function commit(
    groupId: string,
    topic: string,
    partitions: CommitPartition[],
    member?: { generationId: number; memberId: string },
  ): Promise<number[]> {
    const admin = await connect();
    const response = await call<{ topics: Array<{ partitions: Array<{ errorCode: number }> }> }>(admin, 'OffsetCommit', 8, {
      groupId,
      generationIdOrMemberEpoch: member?.generationId ?? -1,
      memberId: member?.memberId ?? '',
      groupInstanceId: null,
      topics: [{ name: topic, partitions: partitions.map((p) => ({ committedLeaderEpoch: -1, committedMetadata: 'm', ...p })) }],
    });
    return response.topics.flatMap((t) => t.partitions.map((p) => p.errorCode));
  }

  interface FetchedGroup {
    groupId: string;
    errorCode: number;
    topics: Array<{
      name: string;
      partitions: Array<{
        partitionIndex: number;
        committedOffset: number;
        committedLeaderEpoch: number;
        metadata: string | null;
        errorCode: number;
      }>;
    }>;
  }

  async function fetchOffsets(
    groups: Array<{ groupId: string; topics: Array<{ name: string; partitionIndexes: number[] }> | null }>,
  ): Promise<FetchedGroup[]> {
    const raw = await connect();
    const response = await call<{ groups: FetchedGroup[] }>(raw, 'OffsetFetch', 8, { groups, requireStable: true });
    return response.groups;
  }

  const committedOffsets = (group: FetchedGroup) =>
    Object.fromEntries(group.topics.flatMap((t) => t.partitions.map((p) => [`${t.name}-${p.partitionIndex}`, p.committedOffset])));

  async function createTopic(name: string, partitions: number): Promise<void> {
    const raw = await connect();
    const response = await call<{ topics: Array<{ errorCode: number }> }>(raw, 'CreateTopics', 7, {
      topics: [{ name, numPartitions: partitions, replicationFactor: 1, assignments: [], configs: [] }],
      timeoutMs: 5000,
      validateOnly: false,
    });
    expect(response.topics[0].errorCode).toBe(0);
  }

  beforeAll(async () => {
    // A short initial delay lets members that start together join one generation, as in Kafka.
    test = await startTestBroker({ initialRebalanceDelayMs: 300 });
  });

  afterEach(() => {
    for (const raw of clients.splice(0)) raw.close();
  });

  afterAll(async () => {
    await test?.cleanup();
  });

  it('FindCoordinator v4 answers a batch of group keys with this broker each, and transactional ids with COORDINATOR_NOT_AVAILABLE', async () => {
    const raw = await connect();
    const self = { nodeId: 0, host: '127.0.0.1', port: test.broker.port };
    const groups = await call<{ coordinators: unknown[] }>(raw, 'FindCoordinator', 4, {
      keyType: 0,
      coordinatorKeys: ['g-one', 'g-two', 'g-three'],
    });
    expect(groups.coordinators).toEqual(['g-one', 'g-two', 'g-three'].map((key) => ({ key, ...self, errorCode: 0, errorMessage: null })));

    // No transaction coordinator: what a Kafka without a creatable __transaction_state answers.
    const txn = await call<{ coordinators: unknown[] }>(raw, 'FindCoordinator', 4, { keyType: 1, coordinatorKeys: ['tx-a', 'tx-b'] });
    expect(txn.coordinators).toEqual(
      ['tx-a', 'tx-b'].map((key) => ({ key, nodeId: -1, host: '', port: -1, errorCode: 15, errorMessage: null })),
    );

    // The unbatched v3 layout still answers one key, with Kafka's "NONE" message.
    const single = await call<object>(raw, 'FindCoordinator', 3, { key: 'g-one', keyType: 0 });
    expect(single).toMatchObject({ errorCode: 0, errorMessage: 'NONE', ...self });
  });

  it('ListGroups v4 filters by state (case-insensitively) and names each group state as Kafka does', async () => {
    await createTopic('lg-topic', 1);
    await stableGroup('lg-stable', ['lg-topic']);
    expect(await commit('lg-empty', 'lg-topic', [{ partitionIndex: 0, committedOffset: 3 }])).toEqual([0]);
    const raw = await connect();
    type Listed = { errorCode: number; groups: Array<{ groupId: string; protocolType: string; groupState: string }> };
    const list = async (statesFilter: string[]) =>
      (await call<Listed>(raw, 'ListGroups', 4, { statesFilter })).groups
        .filter((g) => g.groupId.startsWith('lg-'))
        .sort((a, b) => a.groupId.localeCompare(b.groupId));

    expect((await list(['Stable'])).map(({ groupId, protocolType, groupState }) => ({ groupId, protocolType, groupState }))).toEqual([
      { groupId: 'lg-stable', protocolType: 'consumer', groupState: 'Stable' },
    ]);
    expect((await list(['Empty'])).map((g) => [g.groupId, g.groupState])).toEqual([['lg-empty', 'Empty']]);
    expect((await list(['stable', 'EMPTY'])).map((g) => g.groupId)).toEqual(['lg-empty', 'lg-stable']);
    expect(await list(['PreparingRebalance', 'Dead'])).toEqual([]);
    // No filter: every group, each with its state.
    expect((await list([])).map((g) => [g.groupId, g.groupState])).toEqual([
      ['lg-empty', 'Empty'],
      ['lg-stable', 'Stable'],
    ]);
  });

  it('OffsetFetch v8 answers two groups in one request: one with all its offsets, one with the partitions asked for', async () => {
    await createTopic('of-topic', 2);
    expect(
      await commit('of-a', 'of-topic', [
        { partitionIndex: 0, committedOffset: 5, committedLeaderEpoch: 3 },
        { partitionIndex: 1, committedOffset: 7 },
      ]),
    ).toEqual([0, 0]);
    expect(await commit('of-b', 'of-topic', [{ partitionIndex: 0, committedOffset: 42 }])).toEqual([0]);

    const [a, b, unknown] = await fetchOffsets([
      { groupId: 'of-a', topics: null },
      { groupId: 'of-b', topics: [{ name: 'of-topic', partitionIndexes: [0, 1] }] },
      { groupId: 'of-nobody', topics: null },
    ]);
    expect(a.groupId).toBe('of-a');
    expect(a.errorCode).toBe(0);
    expect(committedOffsets(a)).toEqual({ 'of-topic-0': 5, 'of-topic-1': 7 });
    const a0 = a.topics[0].partitions.find((p) => p.partitionIndex === 0)!;
    expect(a0).toEqual({ partitionIndex: 0, committedOffset: 5, committedLeaderEpoch: 3, metadata: 'm', errorCode: 0 });
    expect(b.groupId).toBe('of-b');
    expect(committedOffsets(b)).toEqual({ 'of-topic-0': 42, 'of-topic-1': -1 });
    expect(unknown).toEqual({ groupId: 'of-nobody', errorCode: 0, topics: [] });
  });

  it('LeaveGroup v5 removes a batch of members, by member id and by group instance id, with an error for each', async () => {
    await createTopic('lv-topic', 2);
    // A dynamic and a static member start together: one generation with both.
    const [dynamic, fixed] = await Promise.all([
      join('lv-group', { topics: ['lv-topic'] }),
      join('lv-group', { topics: ['lv-topic'], instanceId: 'lv-instance' }),
    ]);
    expect(dynamic.join.generationId).toBe(fixed.join.generationId);
    const leader = [dynamic, fixed].find((m) => m.join.leader === m.join.memberId)!;
    expect(leader.join.members.map((m) => m.groupInstanceId).sort()).toEqual(['lv-instance', null]);
    expect(await Promise.all([sync('lv-group', dynamic), sync('lv-group', fixed)])).toEqual([0, 0]);

    const raw = await connect();
    type Described = { groups: Array<{ groupState: string; members: Array<{ memberId: string; groupInstanceId: string | null }> }> };
    const describe = async () =>
      (await call<Described>(raw, 'DescribeGroups', 5, { groups: ['lv-group'], includeAuthorizedOperations: false })).groups[0];
    expect((await describe()).members.map((m) => m.groupInstanceId).sort()).toEqual(['lv-instance', null]);

    const left = await call<{ errorCode: number; members: unknown[] }>(raw, 'LeaveGroup', 5, {
      groupId: 'lv-group',
      members: [
        { memberId: dynamic.join.memberId, groupInstanceId: null, reason: 'shutting down' },
        { memberId: '', groupInstanceId: 'lv-instance', reason: 'removed by an admin' },
        { memberId: 'no-such-member', groupInstanceId: null, reason: null },
      ],
    });
    expect(left).toEqual({
      throttleTimeMs: 0,
      errorCode: 0,
      members: [
        { memberId: dynamic.join.memberId, groupInstanceId: null, errorCode: 0 },
        { memberId: '', groupInstanceId: 'lv-instance', errorCode: 0 },
        { memberId: 'no-such-member', groupInstanceId: null, errorCode: 25 },
      ],
    });
    expect(await describe()).toMatchObject({ groupState: 'Empty', members: [] });
  });

  it('a static member rejoining a stable group takes its place back without a rebalance, fencing its old member id', async () => {
    const raw = await connect();
    const original = await stableGroupStatic('st-static', 'st-instance');
    const again = await join('st-static', { topics: ['st-topic'], instanceId: 'st-instance' });
    expect(again.join.memberId).not.toBe(original.join.memberId);
    expect(again.join.generationId).toBe(original.join.generationId); // no new generation
    // JoinGroup v9: the static leader is told to keep the current assignment.
    expect(again.join).toMatchObject({
      leader: again.join.memberId,
      skipAssignment: true,
      protocolType: 'consumer',
      protocolName: 'range',
    });
    const beat = (memberId: string) =>
      call<{ errorCode: number }>(raw, 'Heartbeat', 4, {
        groupId: 'st-static',
        generationId: original.join.generationId,
        memberId,
        groupInstanceId: 'st-instance',
      });
    expect((await beat(again.join.memberId)).errorCode).toBe(0);
    expect((await beat(original.join.memberId)).errorCode).toBe(82); // FENCED_INSTANCE_ID
  });

  async function stableGroupStatic(groupId: string, instanceId: string): Promise<Joined> {
    const member = await join(groupId, { topics: ['st-topic'], instanceId });
    expect(await sync(groupId, member)).toBe(0);
    return member;
  }

  it('SyncGroup v5 refuses a protocol type or name that is not the group’s with INCONSISTENT_GROUP_PROTOCOL', async () => {
    const member = await join('sg-group', { topics: ['sg-topic'] });
    const attempt = (protocolType: string | null, protocolName: string | null) =>
      call<{ errorCode: number }>(member.raw, 'SyncGroup', 5, {
        groupId: 'sg-group',
        generationId: member.join.generationId,
        memberId: member.join.memberId,
        groupInstanceId: null,
        protocolType,
        protocolName,
        assignments: [],
      });
    expect((await attempt('connect', 'range')).errorCode).toBe(23);
    expect((await attempt('consumer', 'roundrobin')).errorCode).toBe(23);
    expect((await attempt(null, 'range')).errorCode).toBe(23); // v5 requires both
    expect(await sync('sg-group', member)).toBe(0);
  });

  describe('OffsetDelete', () => {
    type Deleted = { errorCode: number; topics: Array<{ name: string; partitions: Array<{ partitionIndex: number; errorCode: number }> }> };
    async function offsetDelete(groupId: string, topics: Array<{ name: string; partitions: number[] }>): Promise<Deleted> {
      const raw = await connect();
      return call<Deleted>(raw, 'OffsetDelete', 0, {
        groupId,
        topics: topics.map((t) => ({ name: t.name, partitions: t.partitions.map((partitionIndex) => ({ partitionIndex })) })),
      });
    }
    const errorsOf = (deleted: Deleted) =>
      Object.fromEntries(deleted.topics.flatMap((t) => t.partitions.map((p) => [`${t.name}-${p.partitionIndex}`, p.errorCode])));

    it('deletes an empty group’s offsets of the partitions given, for good (a restart does not bring them back)', async () => {
      const dataDir = test.dataDir;
      await createTopic('od-topic', 2);
      expect(
        await commit('od-empty', 'od-topic', [
          { partitionIndex: 0, committedOffset: 10 },
          { partitionIndex: 1, committedOffset: 20 },
        ]),
      ).toEqual([0, 0]);

      const deleted = await offsetDelete('od-empty', [
        { name: 'od-topic', partitions: [0] },
        { name: 'od-missing-topic', partitions: [0] },
      ]);
      expect(deleted.errorCode).toBe(0);
      expect(errorsOf(deleted)).toEqual({ 'od-topic-0': 0, 'od-missing-topic-0': 3 });
      expect(committedOffsets((await fetchOffsets([{ groupId: 'od-empty', topics: null }]))[0])).toEqual({ 'od-topic-1': 20 });

      for (const raw of clients.splice(0)) raw.close();
      const before = test;
      await before.broker.stop();
      const restarted = await startTestBroker({ dataDir, initialRebalanceDelayMs: 300 });
      test = { ...restarted, cleanup: async () => (await restarted.cleanup(), await before.cleanup()) };
      expect(committedOffsets((await fetchOffsets([{ groupId: 'od-empty', topics: null }]))[0])).toEqual({ 'od-topic-1': 20 });
    });

    it('refuses partitions of topics the active members subscribe to with GROUP_SUBSCRIBED_TO_TOPIC, and deletes the others', async () => {
      await createTopic('od-subscribed', 1);
      await createTopic('od-other', 1);
      const member = await stableGroup('od-active', ['od-subscribed']);
      const asMember = { generationId: member.join.generationId, memberId: member.join.memberId };
      expect(await commit('od-active', 'od-subscribed', [{ partitionIndex: 0, committedOffset: 4 }], asMember)).toEqual([0]);
      expect(await commit('od-active', 'od-other', [{ partitionIndex: 0, committedOffset: 9 }], asMember)).toEqual([0]);

      const deleted = await offsetDelete('od-active', [
        { name: 'od-subscribed', partitions: [0] },
        { name: 'od-other', partitions: [0] },
      ]);
      expect(deleted.errorCode).toBe(0);
      expect(errorsOf(deleted)).toEqual({ 'od-subscribed-0': 86, 'od-other-0': 0 });
      expect(committedOffsets((await fetchOffsets([{ groupId: 'od-active', topics: null }]))[0])).toEqual({ 'od-subscribed-0': 4 });
    });

    it('answers GROUP_ID_NOT_FOUND for an unknown group, and NON_EMPTY_GROUP for a non-consumer group with members', async () => {
      await createTopic('od-x', 1);
      expect(await offsetDelete('od-nobody', [{ name: 'od-x', partitions: [0] }])).toEqual({
        errorCode: 69,
        throttleTimeMs: 0,
        topics: [],
      });

      const connectMember = await join('od-connect', { protocolType: 'connect' });
      expect(connectMember.join.protocolType).toBe('connect');
      expect((await offsetDelete('od-connect', [{ name: 'od-x', partitions: [0] }])).errorCode).toBe(68);
    });
  });

  it('kcat (librdkafka) balances one topic between two consumers of a group at the new JoinGroup/SyncGroup/OffsetCommit/OffsetFetch versions', async () => {
    const topic = 'kcat-balanced';
    const group = 'kcat-balanced-group';
    await createTopic(topic, 4);
    const lines = Array.from({ length: 40 }, (_, i) => `m-${i}`);
    for (const partition of [0, 1, 2, 3]) {
      const values = lines.filter((_, i) => i % 4 === partition);
      expect(
        (await kcat(['-b', test.bootstrap, '-P', '-t', topic, '-p', String(partition)], values.map((v) => `${v}\n`).join(''))).code,
      ).toBe(0);
    }

    // Two consumers in one group, started together: the assignment is split between them.
    const consumer = () =>
      kcat(
        [
          '-b',
          test.bootstrap,
          '-G',
          group,
          '-X',
          'auto.offset.reset=earliest',
          '-e',
          '-X',
          'debug=protocol',
          '-X',
          'session.timeout.ms=6000',
          '-f',
          '%s|%p\n',
          topic,
        ],
        '',
        40_000,
      );
    const [a, b] = await Promise.all([consumer(), consumer()]);
    // A kcat still running at the timeout (code null) once hung in a CI run: its protocol log says where.
    for (const [name, run] of [
      ['a', a],
      ['b', b],
    ] as const)
      if (run.code !== 0) throw new Error(`kcat consumer ${name} ended with ${run.code}; its log's tail:\n${run.stderr.slice(-4000)}`);
    const partitionsOf = (out: string) =>
      new Set(
        out
          .split('\n')
          .filter(Boolean)
          .map((l) => Number(l.split('|')[1])),
      );
    const received = [...a.stdout.split('\n'), ...b.stdout.split('\n')].filter(Boolean).map((l) => l.split('|')[0]);
    expect(received.sort()).toEqual([...lines].sort());
    expect(partitionsOf(a.stdout).size).toBeGreaterThan(0);
    expect(partitionsOf(b.stdout).size).toBeGreaterThan(0);

    // librdkafka picked the broker's newest versions it speaks (it logs "Sent <Api>Request (v<N>, ...").
    const sentVersion = (api: string) =>
      Math.max(...[...(a.stderr + b.stderr).matchAll(new RegExp(`Sent ${api}Request \\(v(\\d+)`, 'g'))].map((m) => Number(m[1])));
    expect(sentVersion('JoinGroup')).toBeGreaterThanOrEqual(5);
    expect(sentVersion('SyncGroup')).toBeGreaterThanOrEqual(3);
    expect(sentVersion('OffsetCommit')).toBeGreaterThanOrEqual(7);
    expect(sentVersion('OffsetFetch')).toBeGreaterThanOrEqual(7);

    // Both closed their consumers, committing what they read: ten messages per partition.
    const committed = await waitFor('the group to have committed every partition', async () => {
      const [now] = await fetchOffsets([{ groupId: group, topics: [{ name: topic, partitionIndexes: [0, 1, 2, 3] }] }]);
      return Object.values(committedOffsets(now)).every((o) => o === 10) && now;
    });
    expect(committedOffsets(committed)).toEqual({ [`${topic}-0`]: 10, [`${topic}-1`]: 10, [`${topic}-2`]: 10, [`${topic}-3`]: 10 });
  });
});
