import { RawClient } from './support/raw-client';
import { defaultPartitioner, kafkaClient } from './support/kafkajs-client';
import { startTestBroker, type TestBroker } from './support/test-broker';

// Kafka's codes, written out so the test pins the protocol values.
const NONE = 0;
const OFFSET_OUT_OF_RANGE = 1;
const UNKNOWN_TOPIC_OR_PARTITION = 3;
const INVALID_PARTITIONS = 37;
const INVALID_REPLICA_ASSIGNMENT = 39;
const INVALID_CONFIG = 40;
const INVALID_REQUEST = 42;
const UNKNOWN_TOPIC_ID = 100;
const UNSUPPORTED_ENDPOINT_TYPE = 115;
const TOPIC = 2;
const BROKER = 4;
const DYNAMIC_TOPIC_CONFIG = 1;
const DEFAULT_CONFIG = 5;
const ZERO_UUID = Buffer.alloc(16);

interface Synonym {
  name: string;
  value: string | null;
  source: number;
}
interface DescribedConfig {
  name: string;
  value: string | null;
  readOnly: boolean;
  configSource: number;
  synonyms: Synonym[];
  configType: number;
  documentation: string | null;
}
interface DescribeConfigsResponse {
  results: Array<{ errorCode: number; errorMessage: string | null; resourceName: string; configs: DescribedConfig[] }>;
}
interface AlterResponse {
  responses: Array<{ errorCode: number; errorMessage: string | null; resourceName: string }>;
}
interface MetadataTopic {
  errorCode: number;
  name: string | null;
  topicId: Buffer;
  partitions: Array<{ partitionIndex: number }>;
}

/**
 * The admin APIs that Kafka's own tools call (kafka-topics --describe/--alter, kafka-configs,
 * kafka-delete-records, kafka-log-dirs), at the versions the Java admin client negotiates, over a
 * real socket. Requests and responses go through the codec of Kafka's message definitions.
 */
describe('admin APIs at current versions', () => {
  const BROKER_RETENTION_MS = 3_600_000;
  const BROKER_SEGMENT_BYTES = 1 << 20;
  let test: TestBroker;
  let raw: RawClient;

  beforeAll(async () => {
    test = await startTestBroker({ retentionMs: BROKER_RETENTION_MS, segmentBytes: BROKER_SEGMENT_BYTES });
    raw = await RawClient.connect(test.broker.port);
  });

  afterAll(async () => {
    raw?.close();
    await test?.cleanup();
  });

  async function createTopic(name: string, partitions: number, configs: Array<{ name: string; value: string }> = []) {
    const created = await raw.call<{
      topics: Array<{
        name: string;
        topicId: Buffer;
        errorCode: number;
        numPartitions: number;
        configs: Array<{ name: string; value: string; configSource: number }>;
      }>;
    }>('CreateTopics', 7, {
      topics: [{ name, numPartitions: partitions, replicationFactor: 1, assignments: [], configs }],
      timeoutMs: 5000,
    });
    expect(created.topics[0]).toMatchObject({ name, errorCode: NONE, numPartitions: partitions });
    return created.topics[0];
  }

  const describeTopic = async (name: string, body: object = {}) =>
    (
      await raw.call<DescribeConfigsResponse>('DescribeConfigs', 4, {
        resources: [{ resourceType: TOPIC, resourceName: name, configurationKeys: null }],
        ...body,
      })
    ).results[0];

  it('CreateTopics v7 answers the topic id and every config with its source', async () => {
    const topic = await createTopic('admin-created', 2, [{ name: 'retention.ms', value: '1000' }]);
    expect(topic.topicId.equals(ZERO_UUID)).toBe(false);
    const configs = new Map(topic.configs.map((c) => [c.name, c]));
    expect(configs.get('retention.ms')).toMatchObject({ value: '1000', configSource: DYNAMIC_TOPIC_CONFIG });
    expect(configs.get('segment.bytes')).toMatchObject({ value: String(BROKER_SEGMENT_BYTES), configSource: DEFAULT_CONFIG });
  });

  it('DescribeConfigs v4 lists every topic config, the broker config each falls back to when asked, and the documentation', async () => {
    await createTopic('admin-described', 1, [
      { name: 'retention.ms', value: '2000' },
      { name: 'cleanup.policy', value: 'compact' },
    ]);
    const plain = await describeTopic('admin-described');
    expect(plain.errorCode).toBe(NONE);
    expect(plain.configs.length).toBeGreaterThanOrEqual(30);
    expect(plain.configs.every((c) => c.synonyms.length === 0 && c.documentation === null)).toBe(true);

    const full = await describeTopic('admin-described', { includeSynonyms: true, includeDocumentation: true });
    const byName = new Map(full.configs.map((c) => [c.name, c]));
    expect(byName.get('retention.ms')).toMatchObject({
      value: '2000',
      configSource: DYNAMIC_TOPIC_CONFIG,
      configType: 5, // LONG
      synonyms: [
        { name: 'retention.ms', value: '2000', source: DYNAMIC_TOPIC_CONFIG },
        { name: 'log.retention.ms', value: String(BROKER_RETENTION_MS), source: DEFAULT_CONFIG },
      ],
    });
    expect(byName.get('cleanup.policy')?.synonyms).toEqual([
      { name: 'cleanup.policy', value: 'compact', source: DYNAMIC_TOPIC_CONFIG },
      { name: 'log.cleanup.policy', value: 'delete', source: DEFAULT_CONFIG },
    ]);
    expect(byName.get('max.message.bytes')?.synonyms).toEqual([{ name: 'message.max.bytes', value: '1048588', source: DEFAULT_CONFIG }]);
    expect(byName.get('retention.ms')?.documentation).toEqual(expect.stringContaining('retain'));

    const some = await describeTopic('admin-described', {
      resources: [{ resourceType: TOPIC, resourceName: 'admin-described', configurationKeys: ['segment.bytes'] }],
    });
    expect(some.configs.map((c) => c.name)).toEqual(['segment.bytes']);
  });

  it("DescribeConfigs describes the broker's own settings read-only, and refuses unknown topics and other broker ids", async () => {
    const { results } = await raw.call<DescribeConfigsResponse>('DescribeConfigs', 4, {
      resources: [
        { resourceType: BROKER, resourceName: '0', configurationKeys: null },
        { resourceType: BROKER, resourceName: '7', configurationKeys: null },
        { resourceType: TOPIC, resourceName: 'admin-nowhere', configurationKeys: null },
      ],
    });
    const broker = new Map(results[0].configs.map((c) => [c.name, c]));
    expect(broker.get('log.retention.ms')).toMatchObject({ value: String(BROKER_RETENTION_MS), readOnly: true });
    expect(broker.get('advertised.listeners')?.value).toBe(`PLAINTEXT://${test.bootstrap}`);
    expect(results[1].errorCode).toBe(INVALID_REQUEST);
    expect(results[2]).toMatchObject({ errorCode: UNKNOWN_TOPIC_OR_PARTITION, errorMessage: "The topic 'admin-nowhere' does not exist." });
  });

  it('IncrementalAlterConfigs v1 sets, validates all changes first, and leaves everything as it was on a refusal or a validateOnly', async () => {
    await createTopic('admin-altered', 1);
    const alter = (configs: object[], validateOnly = false, resourceType = TOPIC, resourceName = 'admin-altered') =>
      raw.call<AlterResponse>('IncrementalAlterConfigs', 1, { resources: [{ resourceType, resourceName, configs }], validateOnly });
    const retention = async () => (await describeTopic('admin-altered')).configs.find((c) => c.name === 'retention.ms');

    expect((await alter([{ name: 'retention.ms', configOperation: 0, value: '5000' }], true)).responses[0].errorCode).toBe(NONE);
    expect(await retention()).toMatchObject({ value: String(BROKER_RETENTION_MS), configSource: DEFAULT_CONFIG });

    const refused = await alter([
      { name: 'retention.ms', configOperation: 0, value: '5000' },
      { name: 'no.such.config', configOperation: 0, value: '1' },
    ]);
    expect(refused.responses[0]).toMatchObject({ errorCode: INVALID_CONFIG, errorMessage: expect.stringContaining('no.such.config') });
    expect(await retention()).toMatchObject({ value: String(BROKER_RETENTION_MS) });

    expect((await alter([{ name: 'retention.ms', configOperation: 0, value: '5000' }])).responses[0].errorCode).toBe(NONE);
    expect(await retention()).toMatchObject({ value: '5000', configSource: DYNAMIC_TOPIC_CONFIG });
    expect((await alter([{ name: 'retention.ms', configOperation: 1, value: null }])).responses[0].errorCode).toBe(NONE);
    expect(await retention()).toMatchObject({ value: String(BROKER_RETENTION_MS), configSource: DEFAULT_CONFIG });

    expect((await alter([{ name: 'log.retention.ms', configOperation: 0, value: '1' }], false, BROKER, '0')).responses[0].errorCode).toBe(
      INVALID_REQUEST,
    );
    expect((await alter([{ name: 'retention.ms', configOperation: 9, value: '1' }])).responses[0].errorCode).toBe(INVALID_REQUEST);
  });

  it('CreatePartitions v3 grows a topic (validateOnly changes nothing) and refuses shrinking and replicas on other brokers', async () => {
    await createTopic('admin-grown', 1);
    const grow = (count: number, assignments: object[] | null = null, validateOnly = false) =>
      raw.call<{ results: Array<{ errorCode: number; errorMessage: string | null }> }>('CreatePartitions', 3, {
        topics: [{ name: 'admin-grown', count, assignments }],
        timeoutMs: 5000,
        validateOnly,
      });
    const partitions = async () =>
      (await raw.call<{ topics: MetadataTopic[] }>('Metadata', 12, { topics: [{ name: 'admin-grown' }] })).topics[0].partitions.length;

    expect((await grow(3, null, true)).results[0].errorCode).toBe(NONE);
    expect(await partitions()).toBe(1);
    expect((await grow(3, [{ brokerIds: [0] }, { brokerIds: [5] }])).results[0].errorCode).toBe(INVALID_REPLICA_ASSIGNMENT);
    expect((await grow(3)).results[0].errorCode).toBe(NONE);
    expect(await partitions()).toBe(3);
    expect((await grow(2)).results[0]).toMatchObject({
      errorCode: INVALID_PARTITIONS,
      errorMessage: expect.stringContaining('3 partitions'),
    });
  });

  async function produce(topic: string, count: number): Promise<void> {
    const producer = kafkaClient(test.bootstrap).producer({ createPartitioner: defaultPartitioner });
    await producer.connect();
    await producer.send({ topic, messages: Array.from({ length: count }, (_, i) => ({ partition: 0, value: `v${i}` })) });
    await producer.disconnect();
  }

  it('DeleteRecords v2 moves the log start offset, which ListOffsets and Fetch then honour', async () => {
    await produce('admin-trimmed', 5);
    const deleteBefore = (offset: number) =>
      raw.call<{ topics: Array<{ partitions: Array<{ lowWatermark: number; errorCode: number }> }> }>('DeleteRecords', 2, {
        topics: [{ name: 'admin-trimmed', partitions: [{ partitionIndex: 0, offset }] }],
        timeoutMs: 5000,
      });
    expect((await deleteBefore(3)).topics[0].partitions[0]).toEqual({ partitionIndex: 0, lowWatermark: 3, errorCode: NONE });
    expect((await deleteBefore(99)).topics[0].partitions[0].errorCode).toBe(OFFSET_OUT_OF_RANGE);

    const earliest = await raw.call<{ topics: Array<{ partitions: Array<{ offset: number }> }> }>('ListOffsets', 7, {
      replicaId: -1,
      topics: [{ name: 'admin-trimmed', partitions: [{ partitionIndex: 0, timestamp: -2 }] }],
    });
    expect(earliest.topics[0].partitions[0].offset).toBe(3);
    const below = await raw.call<{ responses: Array<{ partitions: Array<{ errorCode: number; logStartOffset: number }> }> }>('Fetch', 12, {
      replicaId: -1,
      maxWaitMs: 0,
      minBytes: 1,
      maxBytes: 1 << 20,
      topics: [{ topic: 'admin-trimmed', partitions: [{ partition: 0, fetchOffset: 1, partitionMaxBytes: 1 << 20 }] }],
      forgottenTopicsData: [],
      rackId: '',
    });
    expect(below.responses[0].partitions[0]).toMatchObject({ errorCode: OFFSET_OUT_OF_RANGE, logStartOffset: 3 });
  });

  it('Metadata v12, Fetch v13+ and DeleteTopics v6 find a topic by its id; an unknown id gets UNKNOWN_TOPIC_ID', async () => {
    const { topicId } = await createTopic('admin-by-id', 1);
    const stranger = Buffer.alloc(16, 9);
    const metadata = await raw.call<{ topics: MetadataTopic[] }>('Metadata', 12, {
      topics: [
        { topicId, name: null },
        { topicId: stranger, name: null },
      ],
    });
    expect(metadata.topics[0]).toMatchObject({ errorCode: NONE, name: 'admin-by-id' });
    expect(metadata.topics[0].topicId.equals(topicId)).toBe(true);
    expect(metadata.topics[1].errorCode).toBe(UNKNOWN_TOPIC_ID);

    const fetched = await raw.call<{
      responses: Array<{ topicId: Buffer; partitions: Array<{ errorCode: number; highWatermark: number }> }>;
    }>('Fetch', 16, {
      maxWaitMs: 0,
      minBytes: 1,
      maxBytes: 1 << 20,
      topics: [topicId, stranger].map((id) => ({
        topicId: id,
        partitions: [{ partition: 0, fetchOffset: 0, partitionMaxBytes: 1 << 20 }],
      })),
      forgottenTopicsData: [],
      rackId: '',
    });
    expect(fetched.responses.map((t) => t.partitions[0].errorCode)).toEqual([NONE, UNKNOWN_TOPIC_ID]);

    const deleted = await raw.call<{ responses: Array<{ name: string | null; errorCode: number }> }>('DeleteTopics', 6, {
      topics: [
        { name: null, topicId },
        { name: null, topicId: stranger },
      ],
      timeoutMs: 5000,
    });
    expect(deleted.responses.map((r) => [r.name, r.errorCode])).toEqual([
      ['admin-by-id', NONE],
      [null, UNKNOWN_TOPIC_ID],
    ]);
    const all = await raw.call<{ topics: MetadataTopic[] }>('Metadata', 12, { topics: null, allowAutoTopicCreation: false });
    expect(all.topics.map((t) => t.name)).not.toContain('admin-by-id');
  });

  it('DescribeCluster v1 names the one broker as controller; DescribeLogDirs v4 gives the data directory and partition sizes', async () => {
    const cluster = await raw.call<{
      errorCode: number;
      controllerId: number;
      brokers: Array<{ brokerId: number; host: string; port: number }>;
    }>('DescribeCluster', 1, { endpointType: 1 });
    expect(cluster).toMatchObject({ errorCode: NONE, controllerId: 0, brokers: [{ brokerId: 0, port: test.broker.port }] });
    expect((await raw.call<{ errorCode: number }>('DescribeCluster', 1, { endpointType: 2 })).errorCode).toBe(UNSUPPORTED_ENDPOINT_TYPE);

    await produce('admin-sized', 3);
    const dirs = await raw.call<{
      results: Array<{
        logDir: string;
        totalBytes: number;
        usableBytes: number;
        topics: Array<{ name: string; partitions: Array<{ partitionSize: number }> }>;
      }>;
    }>('DescribeLogDirs', 4, { topics: [{ topic: 'admin-sized', partitions: [0] }] });
    expect(dirs.results).toHaveLength(1);
    expect(dirs.results[0].logDir).toBe(test.dataDir);
    expect(dirs.results[0].totalBytes).toBeGreaterThan(dirs.results[0].usableBytes);
    expect(dirs.results[0].topics).toEqual([{ name: 'admin-sized', partitions: [expect.objectContaining({ partitionIndex: 0 })] }]);
    expect(dirs.results[0].topics[0].partitions[0].partitionSize).toBeGreaterThan(0);
  });
});
