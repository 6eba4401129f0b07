import type { Admin, Kafka, Producer } from 'kafkajs';
import { kafkaClient, waitUntil } from './support/kafkajs-client';
import { startTestBroker, type TestBroker } from './support/test-broker';

describe('kafkajs against the embedded broker', () => {
  let test: TestBroker;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;

  beforeAll(async () => {
    test = await startTestBroker();
    kafka = kafkaClient(test.bootstrap);
    admin = kafka.admin();
    producer = kafka.producer({ idempotent: true, createPartitioner: undefined });
    await Promise.all([admin.connect(), producer.connect()]);
  });

  afterAll(async () => {
    await Promise.all([producer?.disconnect(), admin?.disconnect()]);
    await test?.cleanup();
  });

  it('creates, lists, describes and deletes topics', async () => {
    expect(await admin.createTopics({ topics: [{ topic: 'admin-topic', numPartitions: 3 }] })).toBe(true);
    expect(await admin.createTopics({ topics: [{ topic: 'admin-topic', numPartitions: 3 }] })).toBe(false);
    expect(await admin.listTopics()).toContain('admin-topic');
    const { topics } = await admin.fetchTopicMetadata({ topics: ['admin-topic'] });
    expect(topics[0].partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2]);
    expect(topics[0].partitions.every((p) => p.leader === 0)).toBe(true);
    await admin.deleteTopics({ topics: ['admin-topic'] });
    expect(await admin.listTopics()).not.toContain('admin-topic');
  });

  it('delivers produced messages to a consumer group, in order per partition, with keys and headers', async () => {
    await admin.createTopics({ topics: [{ topic: 'orders-like', numPartitions: 2 }] });
    const messages = Array.from({ length: 50 }, (_, i) => ({ key: `k${i % 5}`, value: `v${i}`, headers: { seq: String(i) } }));
    await producer.send({ topic: 'orders-like', acks: -1, messages });

    const consumer = kafka.consumer({ groupId: 'reader', maxWaitTimeInMs: 200 });
    const received: Array<{ partition: number; key: string; value: string; seq: string }> = [];
    await consumer.connect();
    await consumer.subscribe({ topic: 'orders-like', fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        received.push({ partition, key: message.key!.toString(), value: message.value!.toString(), seq: message.headers!.seq!.toString() });
      },
    });
    await waitUntil(() => received.length >= 50, '50 messages');
    await consumer.disconnect();

    expect(received.map((m) => m.value).sort()).toEqual(messages.map((m) => m.value).sort());
    for (const key of ['k0', 'k1', 'k2', 'k3', 'k4']) {
      const ofKey = received.filter((m) => m.key === key);
      expect(new Set(ofKey.map((m) => m.partition)).size).toBe(1);
      expect(ofKey.map((m) => Number(m.seq))).toEqual([...ofKey.map((m) => Number(m.seq))].sort((a, b) => a - b));
    }
  });

  it('keeps committed offsets, reports them to the admin and resumes from them', async () => {
    await admin.createTopics({ topics: [{ topic: 'resume', numPartitions: 1 }] });
    await producer.send({ topic: 'resume', messages: Array.from({ length: 10 }, (_, i) => ({ value: `first-${i}` })) });

    const first = kafka.consumer({ groupId: 'resumer', maxWaitTimeInMs: 200 });
    const seenFirst: string[] = [];
    await first.connect();
    await first.subscribe({ topic: 'resume', fromBeginning: true });
    await first.run({ eachMessage: async ({ message }) => void seenFirst.push(message.value!.toString()) });
    await waitUntil(() => seenFirst.length >= 10, 'first 10 messages');
    await first.disconnect(); // commits what it processed

    const offsets = await admin.fetchOffsets({ groupId: 'resumer', topics: ['resume'] });
    expect(offsets[0].partitions).toEqual([{ partition: 0, offset: '10', metadata: null }]);

    await producer.send({ topic: 'resume', messages: [{ value: 'second-0' }, { value: 'second-1' }] });
    const second = kafka.consumer({ groupId: 'resumer', maxWaitTimeInMs: 200 });
    const seenSecond: string[] = [];
    await second.connect();
    await second.subscribe({ topic: 'resume', fromBeginning: true });
    await second.run({ eachMessage: async ({ message }) => void seenSecond.push(message.value!.toString()) });
    await waitUntil(() => seenSecond.length >= 2, 'the two new messages');
    await second.disconnect();
    expect(seenSecond).toEqual(['second-0', 'second-1']);
  });

  it('describes and lists groups', async () => {
    await admin.createTopics({ topics: [{ topic: 'described', numPartitions: 1 }] });
    const consumer = kafka.consumer({ groupId: 'describe-me', maxWaitTimeInMs: 200 });
    await consumer.connect();
    await consumer.subscribe({ topic: 'described', fromBeginning: true });
    let running = false;
    consumer.on(consumer.events.GROUP_JOIN, () => (running = true));
    await consumer.run({ eachMessage: async () => undefined });
    await waitUntil(() => running, 'the consumer to join');

    const { groups } = await admin.describeGroups(['describe-me']);
    expect(groups[0]).toMatchObject({ groupId: 'describe-me', state: 'Stable', protocolType: 'consumer', protocol: 'RoundRobinAssigner' });
    expect(groups[0].members).toHaveLength(1);
    expect(groups[0].members[0].clientHost).toBe('/127.0.0.1');
    expect((await admin.listGroups()).groups).toContainEqual({ groupId: 'describe-me', protocolType: 'consumer' });

    await consumer.disconnect();
    expect((await admin.describeGroups(['describe-me'])).groups[0].state).toBe('Empty');
  });

  it('answers offsets by time: earliest, latest and the first record at or after a timestamp', async () => {
    await admin.createTopics({ topics: [{ topic: 'timed', numPartitions: 1 }] });
    const base = Date.now() - 60_000;
    await producer.send({
      topic: 'timed',
      messages: Array.from({ length: 6 }, (_, i) => ({ value: `t${i}`, timestamp: String(base + i * 1000) })),
    });
    expect(await admin.fetchTopicOffsets('timed')).toEqual([{ partition: 0, offset: '6', high: '6', low: '0' }]);
    expect(await admin.fetchTopicOffsetsByTimestamp('timed', base + 2500)).toEqual([{ partition: 0, offset: '3' }]);
  });

  it('applies topic-level retention.bytes and segment.bytes given at creation', async () => {
    await admin.createTopics({
      topics: [
        {
          topic: 'bounded',
          numPartitions: 1,
          configEntries: [
            { name: 'segment.bytes', value: '4096' },
            { name: 'retention.bytes', value: '8192' },
          ],
        },
      ],
    });
    for (let i = 0; i < 40; i++) await producer.send({ topic: 'bounded', messages: [{ value: 'r'.repeat(900) }] });
    expect(await admin.fetchTopicOffsets('bounded')).toEqual([{ partition: 0, offset: '40', high: '40', low: '0' }]);

    expect(test.broker.applyRetention()).toBeGreaterThan(0);
    const [after] = await admin.fetchTopicOffsets('bounded');
    expect(Number(after.low)).toBeGreaterThan(20);
    expect(after.high).toBe('40');
  });

  it('refuses a topic config it cannot honour', async () => {
    await expect(
      admin.createTopics({ topics: [{ topic: 'misconfigured', configEntries: [{ name: 'retention.ms', value: 'forever' }] }] }),
    ).rejects.toMatchObject({ errors: [expect.objectContaining({ type: 'INVALID_CONFIG', topic: 'misconfigured' })] });
    expect(await admin.listTopics()).not.toContain('misconfigured');
  });
});
