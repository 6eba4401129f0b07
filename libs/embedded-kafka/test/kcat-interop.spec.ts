import type { Admin, Kafka, Producer } from 'kafkajs';
import { Reader } from '../src/protocol/reader';
import { defaultPartitioner, kafkaClient, waitUntil } from './support/kafkajs-client';
import { kcat } from './support/kcat';
import { RawClient } from './support/raw-client';
import { startTestBroker, type TestBroker } from './support/test-broker';

/**
 * librdkafka (through the kcat CLI) is a second, independent Kafka client: whatever one client
 * writes through the embedded broker, the other must read back unchanged.
 */
describe('kcat (librdkafka) and kafkajs through the embedded broker', () => {
  let test: TestBroker;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;

  beforeAll(async () => {
    test = await startTestBroker();
    kafka = kafkaClient(test.bootstrap, 'kcat-interop');
    admin = kafka.admin();
    producer = kafka.producer({ createPartitioner: defaultPartitioner });
    await Promise.all([admin.connect(), producer.connect()]);
  });

  afterAll(async () => {
    await Promise.all([producer?.disconnect(), admin?.disconnect()]);
    await test?.cleanup();
  });

  interface Consumed {
    partition: number;
    offset: number;
    key: string | null;
    value: string | null;
  }

  /** Reads `expected` messages of `topic` from the beginning with a kafkajs consumer group. */
  async function consumeWithKafkajs(topic: string, expected: number): Promise<Consumed[]> {
    const consumer = kafka.consumer({ groupId: `kafkajs-reader-${topic}`, maxWaitTimeInMs: 100 });
    const received: Consumed[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ partition, message }) => {
          received.push({
            partition,
            offset: Number(message.offset),
            key: message.key?.toString() ?? null,
            value: message.value?.toString() ?? null,
          });
        },
      });
      await waitUntil(() => received.length >= expected, `${expected} messages from ${topic}`);
    } finally {
      await consumer.disconnect();
    }
    return received;
  }

  /** kcat's non-empty stdout lines grouped by partition, read from `|`-separated field number `partitionField`. */
  function linesByPartition(stdout: string, partitionField: number): Map<number, string[]> {
    const byPartition = new Map<number, string[]>();
    for (const line of stdout.split('\n').filter((l) => l.length > 0)) {
      const partition = Number(line.split('|')[partitionField]);
      byPartition.set(partition, [...(byPartition.get(partition) ?? []), line]);
    }
    return byPartition;
  }

  const sortByKeyValue = (a: { key: string | null; value: string | null }, b: { key: string | null; value: string | null }) =>
    `${a.key}\u0000${a.value}`.localeCompare(`${b.key}\u0000${b.value}`);

  it('kcat produces keyed messages (-K:) that kafkajs consumes with the right keys and values', async () => {
    const topic = 'from-kcat';
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] });
    const sent = Array.from({ length: 12 }, (_, i) => ({ key: `user-${i % 4}`, value: `event ${i} {"n":${i},"text":"héllo wörld"}` }));
    const input = sent.map((m) => `${m.key}:${m.value}\n`).join('');

    const produced = await kcat(['-b', test.bootstrap, '-P', '-t', topic, '-K:'], input);
    expect(produced.code).toBe(0);

    const received = await consumeWithKafkajs(topic, sent.length);
    expect(received.map(({ key, value }) => ({ key, value })).sort(sortByKeyValue)).toEqual([...sent].sort(sortByKeyValue));
    // librdkafka hashes keys to partitions: one key, one partition.
    for (const key of ['user-0', 'user-1', 'user-2', 'user-3']) {
      expect(new Set(received.filter((m) => m.key === key).map((m) => m.partition)).size).toBe(1);
    }
    // The broker hands out offsets 0..n-1 in every partition, with no gaps.
    for (const partition of new Set(received.map((m) => m.partition))) {
      const offsets = received.filter((m) => m.partition === partition).map((m) => m.offset);
      expect(offsets).toEqual(offsets.map((_, i) => i));
    }
    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets.reduce((sum, p) => sum + Number(p.high), 0)).toBe(sent.length);
  });

  it('kafkajs produces and kcat consumes (-C -o beginning -e) exactly what was sent, per partition in order', async () => {
    const topic = 'from-kafkajs';
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    await producer.send({
      topic,
      acks: -1,
      messages: [
        { partition: 0, key: 'a', value: 'one' },
        { partition: 1, key: 'b', value: 'two', headers: { trace: 'xyz' } },
        { partition: 0, key: null, value: 'three' },
        { partition: 1, key: 'd', value: 'four with spaces' },
        { partition: 0, key: 'e', value: 'five' },
      ],
    });

    const { code, stdout } = await kcat(['-b', test.bootstrap, '-C', '-t', topic, '-o', 'beginning', '-e', '-Z', '-f', '%k|%s|%p|%o|%h\n']);
    expect(code).toBe(0);
    const byPartition = linesByPartition(stdout, 2);
    expect([...byPartition.keys()].sort()).toEqual([0, 1]);
    expect(byPartition.get(0)).toEqual(['a|one|0|0|', 'NULL|three|0|1|', 'e|five|0|2|']);
    expect(byPartition.get(1)).toEqual(['b|two|1|0|trace=xyz', 'd|four with spaces|1|1|']);
  });

  it('kcat -G consumes every message of a multi-partition topic and commits offsets kafkajs admin reports', async () => {
    const topic = 'group-read';
    const group = 'kcat-group';
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] });
    await producer.send({ topic, acks: -1, messages: Array.from({ length: 30 }, (_, i) => ({ partition: i % 3, value: `m-${i}` })) });

    const first = await kcat(['-b', test.bootstrap, '-G', group, '-o', 'beginning', '-e', '-f', '%s|%p|%o\n', topic]);
    expect(first.code).toBe(0);
    const byPartition = linesByPartition(first.stdout, 1);
    for (const partition of [0, 1, 2]) {
      const expected = Array.from({ length: 10 }, (_, n) => `m-${n * 3 + partition}|${partition}|${n}`);
      expect(byPartition.get(partition)).toEqual(expected);
    }
    expect([...byPartition.keys()].sort()).toEqual([0, 1, 2]);

    const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    expect(committed.topic).toBe(topic);
    expect(committed.partitions.map(({ partition, offset }) => ({ partition, offset })).sort((a, b) => a.partition - b.partition)).toEqual([
      { partition: 0, offset: '10' },
      { partition: 1, offset: '10' },
      { partition: 2, offset: '10' },
    ]);

    // A second kcat in the same group resumes from the committed offsets: only the new messages.
    await producer.send({
      topic,
      acks: -1,
      messages: [
        { partition: 1, value: 'late-1' },
        { partition: 2, value: 'late-2' },
      ],
    });
    const second = await kcat(['-b', test.bootstrap, '-G', group, '-e', '-f', '%s|%p|%o\n', topic]);
    expect(second.code).toBe(0);
    expect(
      second.stdout
        .split('\n')
        .filter((l) => l.length > 0)
        .sort(),
    ).toEqual(['late-1|1|10', 'late-2|2|10']);
    const [after] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    expect(after.partitions.map(({ partition, offset }) => ({ partition, offset })).sort((a, b) => a.partition - b.partition)).toEqual([
      { partition: 0, offset: '10' },
      { partition: 1, offset: '11' },
      { partition: 2, offset: '11' },
    ]);
  });

  it('kcat -L and -L -J list broker 0 at the bound host:port as controller, and the topics with their partition counts', async () => {
    await admin.createTopics({
      topics: [
        { topic: 'listed-one', numPartitions: 1 },
        { topic: 'listed-five', numPartitions: 5 },
      ],
    });
    const address = `127.0.0.1:${test.broker.port}`;

    const text = await kcat(['-b', test.bootstrap, '-L']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(' 1 brokers:\n');
    expect(text.stdout).toContain(`  broker 0 at ${address} (controller)\n`);
    expect(text.stdout).toContain('  topic "listed-one" with 1 partitions:\n');
    expect(text.stdout).toContain('  topic "listed-five" with 5 partitions:\n');
    expect(text.stdout).toContain('    partition 4, leader 0, replicas: 0, isrs: 0\n');

    interface KcatMetadata {
      controllerid: number;
      brokers: Array<{ id: number; name: string }>;
      topics: Array<{
        topic: string;
        error?: string;
        partitions: Array<{ partition: number; leader: number; replicas: Array<{ id: number }> }>;
      }>;
    }
    const json = await kcat(['-b', test.bootstrap, '-L', '-J']);
    expect(json.code).toBe(0);
    const all = JSON.parse(json.stdout) as KcatMetadata;
    expect(all.controllerid).toBe(0);
    expect(all.brokers).toEqual([{ id: 0, name: address }]);
    const partitionsOf = (metadata: KcatMetadata, topic: string) =>
      metadata.topics
        .find((t) => t.topic === topic)
        ?.partitions.map((p) => p.partition)
        .sort();
    expect(partitionsOf(all, 'listed-one')).toEqual([0]);
    expect(partitionsOf(all, 'listed-five')).toEqual([0, 1, 2, 3, 4]);
    const five = all.topics.find((t) => t.topic === 'listed-five')!;
    expect(five.error).toBeUndefined();
    expect(five.partitions.every((p) => p.leader === 0 && p.replicas.length === 1 && p.replicas[0].id === 0)).toBe(true);

    const single = await kcat(['-b', test.bootstrap, '-L', '-J', '-t', 'listed-five']);
    expect(single.code).toBe(0);
    const one = JSON.parse(single.stdout) as KcatMetadata;
    expect(one.topics.map((t) => t.topic)).toEqual(['listed-five']);
    expect(partitionsOf(one, 'listed-five')).toEqual([0, 1, 2, 3, 4]);
  });

  /** Fetch v4 of one partition from offset 0 over a raw connection: the stored batches, verbatim. */
  async function fetchRawBatches(topic: string, partition: number): Promise<Buffer> {
    const raw = await RawClient.connect(test.broker.port);
    try {
      raw.request(1, 4, 77, (w) =>
        w
          .int32(-1)
          .int32(0)
          .int32(0)
          .int32(1 << 20)
          .int8(0)
          .array([topic], (tw, name) =>
            tw.string(name).array([partition], (pw, index) =>
              pw
                .int32(index)
                .int64(0)
                .int32(1 << 20),
            ),
          ),
      );
      const frame = await raw.response();
      if (!frame) throw new Error('broker closed the connection instead of answering Fetch');
      const r = new Reader(frame);
      expect(r.int32()).toBe(77);
      r.int32(); // throttle
      const topics = r.array((t) => ({
        name: t.string(),
        partitions: t.array((p) => {
          const index = p.int32();
          const errorCode = p.int16();
          p.int64(); // high watermark
          p.int64(); // last stable offset
          p.nullableArray((a) => [a.int64(), a.int64()]);
          return { index, errorCode, records: p.nullableBytes() };
        }),
      }));
      expect(topics).toHaveLength(1);
      expect(topics[0].partitions).toHaveLength(1);
      expect(topics[0].partitions[0].errorCode).toBe(0);
      return Buffer.from(topics[0].partitions[0].records ?? Buffer.alloc(0));
    } finally {
      raw.close();
    }
  }

  it('kcat produces gzip-compressed batches (-z gzip) that kafkajs reads back', async () => {
    const topic = 'gzipped';
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const values = Array.from({ length: 5 }, (_, i) => `payload-${i}-${'compressible '.repeat(40)}`);
    const produced = await kcat(['-b', test.bootstrap, '-P', '-t', topic, '-p', '0', '-z', 'gzip'], values.map((v) => `${v}\n`).join(''));
    expect(produced.code).toBe(0);

    // What the broker stored is really gzip (codec bits of every batch's attributes), all 5 records.
    const stored = await fetchRawBatches(topic, 0);
    let records = 0;
    let batches = 0;
    for (let at = 0; at + 61 <= stored.length; at += stored.readInt32BE(at + 8) + 12) {
      expect(stored.readInt8(at + 16)).toBe(2); // magic
      expect(stored.readInt16BE(at + 21) & 0x07).toBe(1); // gzip
      records += stored.readInt32BE(at + 57);
      batches++;
    }
    expect(batches).toBeGreaterThan(0);
    expect(records).toBe(values.length);
    expect(stored.length).toBeLessThan(values.join('').length); // compressed, not stored raw

    const received = await consumeWithKafkajs(topic, values.length);
    expect(received.map((m) => m.value)).toEqual(values);
    expect(received.map((m) => m.offset)).toEqual([0, 1, 2, 3, 4]);
  });
});
