import { crc32 } from '@node-rs/crc32';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompressionTypes, type Admin, type Kafka, type Producer } from 'kafkajs';
import { Reader } from '../src/protocol/reader';
import { buildBatch } from './support/batches';
import { defaultPartitioner, kafkaClient, waitUntil } from './support/kafkajs-client';
import { kcat } from './support/kcat';
import { killPythonScripts, PYTHON, runPython } from './support/python';
import { RawClient } from './support/raw-client';
import { startTestBroker, type TestBroker } from './support/test-broker';

/**
 * The broker stores RecordBatch v2 only; clients that speak the old protocol get their magic 0/1
 * message sets up-converted on Produce and the stored batches down-converted on Fetch v0-v3.
 * Checked with independent clients forced to those versions: kafka-python 2.0 with api_version
 * (0, 9) (magic 0: Produce v1, Fetch v1) and (0, 10, 1) (magic 1: Produce v2, Fetch v3), and
 * librdkafka (kcat) with ApiVersion requests off and broker.version.fallback 0.8.2 / 0.9.0 (magic 0:
 * Produce and Fetch v0 / v1; librdkafka negotiates ApiVersions for any fallback >= 0.10, so it
 * cannot be held to magic 1); plus
 * hand-made Produce v2 frames for the refusals.
 */

const SCRIPT = 'legacy_formats.py';
const KAFKA_PYTHON = spawnSync(PYTHON, ['-c', 'import kafka'], { stdio: 'ignore' }).status === 0;
const HAS_KCAT = spawnSync('kcat', ['-V'], { stdio: 'ignore' }).status === 0;
const withKafkaPython = KAFKA_PYTHON ? describe : describe.skip;
const withKcat = HAS_KCAT ? describe : describe.skip;
if (!KAFKA_PYTHON)
  console.warn(`legacy-formats: kafka-python is not importable by ${PYTHON}; its tests are skipped (tools/ensure-test-tools.sh)`);
if (!HAS_KCAT) console.warn('legacy-formats: kcat is missing; its tests are skipped (tools/ensure-test-tools.sh)');

const CORRUPT_MESSAGE = 2;
const INVALID_RECORD = 87;
const UNSUPPORTED_COMPRESSION_TYPE = 76;

interface PyRecord {
  offset: number;
  key: string | null;
  value: string | null;
  /** null for magic 0 (kafka-python's ConsumerRecord.timestamp). */
  timestamp: number | null;
  timestampType: number | null;
  headers: Array<[string, string]>;
}

interface PyConsumed {
  records: PyRecord[];
  /** Every message set entry kafka-python parsed from the Fetch responses. */
  batches: Array<{ magic: number; codec: string; offset: number }>;
}

type Api = '0.9' | '0.10.1';

interface Sent {
  key: string | null;
  value: string;
  timestamp?: number;
}

/** A legacy message set entry written from the protocol's layout: offset, size, CRC-32, magic, attributes, [timestamp], key, value. */
function legacyMessage(magic: 0 | 1, value: string, options: { key?: string; timestamp?: number; offset?: number } = {}): Buffer {
  const key = options.key === undefined ? null : Buffer.from(options.key);
  const valueBytes = Buffer.from(value);
  const headerSize = magic === 0 ? 14 : 22;
  const size = headerSize + (key?.length ?? 0) + valueBytes.length;
  const message = Buffer.alloc(12 + size);
  message.writeBigInt64BE(BigInt(options.offset ?? 0), 0);
  message.writeInt32BE(size, 8);
  message.writeInt8(magic, 16);
  message.writeInt8(0, 17);
  let at = 18;
  if (magic === 1) {
    message.writeBigInt64BE(BigInt(options.timestamp ?? Date.now()), at);
    at += 8;
  }
  message.writeInt32BE(key ? key.length : -1, at);
  at += 4;
  if (key) at += key.copy(message, at);
  message.writeInt32BE(valueBytes.length, at);
  valueBytes.copy(message, at + 4);
  message.writeUInt32BE(crc32(message.subarray(16)), 12);
  return message;
}

/** Each stored batch of partition 0, from the segment files: magic, codec, record count. */
function storedBatches(dataDir: string, topic: string): Array<{ magic: number; codec: number; records: number }> {
  const dir = join(dataDir, 'topics', topic, '0');
  const batches: Array<{ magic: number; codec: number; records: number }> = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .sort()) {
    const bytes = readFileSync(join(dir, file));
    for (let at = 0; at + 61 <= bytes.length; at += bytes.readInt32BE(at + 8) + 12) {
      batches.push({ magic: bytes.readInt8(at + 16), codec: bytes.readInt16BE(at + 21) & 0x07, records: bytes.readInt32BE(at + 57) });
    }
  }
  return batches;
}

describe('legacy message formats (magic 0 and 1) through the embedded broker', () => {
  let test: TestBroker;
  let port: number;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let correlationId = 0;

  beforeAll(async () => {
    test = await startTestBroker();
    port = Number(test.bootstrap.split(':').pop());
    kafka = kafkaClient(test.bootstrap, 'legacy-formats');
    admin = kafka.admin();
    producer = kafka.producer({ createPartitioner: defaultPartitioner });
    await Promise.all([admin.connect(), producer.connect()]);
  });

  afterEach(() => killPythonScripts());

  afterAll(async () => {
    await Promise.all([producer?.disconnect(), admin?.disconnect()]);
    await test?.cleanup();
  });

  async function createTopic(topic: string, configEntries: Array<{ name: string; value: string }> = []): Promise<void> {
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries }] });
  }

  function pyProduce(api: Api, topic: string, codec: string, records: Sent[]): Promise<{ offsets: number[] }> {
    return runPython(SCRIPT, 'produce', [api, test.bootstrap, topic, codec], { records });
  }

  function pyConsume(api: Api, topic: string, offset: number, count: number): Promise<PyConsumed> {
    return runPython(SCRIPT, 'consume', [api, test.bootstrap, topic, String(offset), String(count)]);
  }

  /** What a current client (kafkajs, Fetch v11) reads: offsets, keys, values, timestamps. */
  async function consumeWithKafkajs(topic: string, count: number) {
    const received: Array<{ offset: number; key: string | null; value: string | null; timestamp: number }> = [];
    const consumer = kafka.consumer({ groupId: `kafkajs-${topic}`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) =>
          void received.push({
            offset: Number(message.offset),
            key: message.key?.toString() ?? null,
            value: message.value?.toString() ?? null,
            timestamp: Number(message.timestamp),
          }),
      });
      await waitUntil(() => received.length >= count, `${count} records of ${topic} through kafkajs`);
    } finally {
      await consumer.disconnect();
    }
    return received;
  }

  async function highWatermark(topic: string): Promise<number> {
    const [partition] = await admin.fetchTopicOffsets(topic);
    return Number(partition.high);
  }

  /** A hand-made Produce request (v2 or v3 layout) for partition 0; its error code and base offset. */
  async function rawProduce(version: 2 | 3, topic: string, records: Buffer): Promise<{ errorCode: number; baseOffset: number }> {
    const raw = await RawClient.connect(port);
    try {
      const id = ++correlationId;
      raw.request(0, version, id, (w) => {
        if (version === 3) w.nullableString(null);
        w.int16(1)
          .int32(5000)
          .array([topic], (tw, name) => tw.string(name).array([0], (pw, index) => pw.int32(index).nullableBytes(records)));
      });
      const frame = await raw.response();
      if (!frame) throw new Error('the broker closed the connection instead of answering Produce');
      const r = new Reader(frame);
      expect(r.int32()).toBe(id);
      const [partition] = r.array(() => {
        r.string();
        return r.array(() => {
          r.int32(); // index
          const result = { errorCode: r.int16(), baseOffset: r.int64() };
          r.int64(); // log append time
          return result;
        });
      })[0];
      return partition;
    } finally {
      raw.close();
    }
  }

  /** A hand-made Fetch (v3 or v4 layout) of partition 0 from `offset`: the error code and the records' bytes. */
  async function rawFetch(version: 3 | 4, topic: string, offset: number): Promise<{ errorCode: number; records: Buffer }> {
    const raw = await RawClient.connect(port);
    try {
      const id = ++correlationId;
      raw.request(1, version, id, (w) => {
        w.int32(-1)
          .int32(0)
          .int32(0)
          .int32(1 << 20);
        if (version === 4) w.int8(0);
        w.array([topic], (tw, name) =>
          tw.string(name).array([0], (pw, index) =>
            pw
              .int32(index)
              .int64(offset)
              .int32(1 << 20),
          ),
        );
      });
      const frame = await raw.response();
      if (!frame) throw new Error('the broker closed the connection instead of answering Fetch');
      const r = new Reader(frame);
      expect(r.int32()).toBe(id);
      r.int32(); // throttle
      const [[partition]] = r.array(() => {
        r.string();
        return r.array(() => {
          r.int32(); // index
          const errorCode = r.int16();
          r.int64(); // high watermark
          if (version >= 4) {
            r.int64(); // last stable offset
            r.nullableArray(() => [r.int64(), r.int64()]);
          }
          return { errorCode, records: Buffer.from(r.nullableBytes() ?? Buffer.alloc(0)) };
        });
      });
      return partition;
    } finally {
      raw.close();
    }
  }

  withKafkaPython('kafka-python 2.0 at the old versions', () => {
    const sent: Sent[] = [
      { key: 'k0', value: 'first' },
      { key: null, value: 'no key' },
      { key: 'k2', value: 'third '.repeat(30) },
      { key: 'k3', value: 'last' },
    ];

    it.each(['none', 'gzip'])('produces magic 0 (api_version 0.9, %s) and reads it back, as do current clients', async (codec) => {
      const topic = `magic0-${codec}`;
      await createTopic(topic);
      expect(await pyProduce('0.9', topic, codec, sent)).toEqual({ offsets: [0, 1, 2, 3] });

      // Stored as ONE v2 batch with the producer's codec.
      expect(storedBatches(test.dataDir, topic)).toEqual([{ magic: 2, codec: codec === 'gzip' ? 1 : 0, records: 4 }]);

      const old = await pyConsume('0.9', topic, 0, sent.length);
      expect(old.records.map(({ offset, key, value, timestamp }) => ({ offset, key, value, timestamp }))).toEqual(
        sent.map((s, offset) => ({ offset, key: s.key, value: s.value, timestamp: null })), // magic 0 has no timestamps
      );
      // One message per record, or one gzip wrapper (magic 0: it carries the last offset too).
      expect(old.batches).toEqual(
        codec === 'gzip' ? [{ magic: 0, codec: 'gzip', offset: 3 }] : [0, 1, 2, 3].map((offset) => ({ magic: 0, codec: 'none', offset })),
      );

      // Magic-0 records got no timestamp (LogValidator: NO_TIMESTAMP under CreateTime), not the broker's clock.
      const current = await consumeWithKafkajs(topic, sent.length);
      expect(current).toEqual(sent.map((s, offset) => ({ offset, key: s.key, value: s.value, timestamp: -1 })));
    });

    it.each(['none', 'gzip'])('produces magic 1 (api_version 0.10.1, %s) with timestamps and reads them back', async (codec) => {
      const topic = `magic1-${codec}`;
      await createTopic(topic);
      const base = Date.now() - 60_000;
      const stamped = sent.map((s, i) => ({ ...s, timestamp: base + i * 1000 }));
      expect(await pyProduce('0.10.1', topic, codec, stamped)).toEqual({ offsets: [0, 1, 2, 3] });
      expect(storedBatches(test.dataDir, topic)).toEqual([{ magic: 2, codec: codec === 'gzip' ? 1 : 0, records: 4 }]);

      const old = await pyConsume('0.10.1', topic, 0, stamped.length);
      expect(old.records).toEqual(
        stamped.map((s, offset) => ({ offset, key: s.key, value: s.value, timestamp: s.timestamp, timestampType: 0, headers: [] })),
      );
      // A compressed wrapper carries the absolute offset of its last inner message.
      expect(old.batches).toEqual(
        codec === 'gzip' ? [{ magic: 1, codec: 'gzip', offset: 3 }] : [0, 1, 2, 3].map((offset) => ({ magic: 1, codec: 'none', offset })),
      );

      const current = await consumeWithKafkajs(topic, stamped.length);
      expect(current).toEqual(stamped.map((s, offset) => ({ offset, key: s.key, value: s.value, timestamp: s.timestamp })));
    });

    it('serves what kafkajs produced as v2 batches (one gzip, headers) to Fetch v1 as magic 0 and to Fetch v3 as magic 1', async () => {
      const topic = 'from-kafkajs';
      await createTopic(topic);
      const base = Date.now() - 30_000;
      const plain = [0, 1, 2].map((i) => ({
        key: `plain-${i}`,
        value: `uncompressed ${i}`,
        timestamp: String(base + i),
        headers: { h: 'x' },
      }));
      const zipped = [3, 4, 5].map((i) => ({ key: `zip-${i}`, value: `gzip ${i} ${'z'.repeat(50)}`, timestamp: String(base + i) }));
      await producer.send({ topic, acks: -1, messages: plain });
      await producer.send({ topic, acks: -1, compression: CompressionTypes.GZIP, messages: zipped });
      expect(storedBatches(test.dataDir, topic).map((b) => b.codec)).toEqual([0, 1]);
      const all = [...plain, ...zipped];

      const magic0 = await pyConsume('0.9', topic, 0, all.length);
      expect(magic0.records.map(({ offset, key, value, timestamp, headers }) => ({ offset, key, value, timestamp, headers }))).toEqual(
        all.map((m, offset) => ({ offset, key: m.key, value: m.value, timestamp: null, headers: [] })),
      );
      const entries = (magic: number, from: number) => [
        ...[0, 1, 2].filter((offset) => offset >= from).map((offset) => ({ magic, codec: 'none', offset })),
        { magic, codec: 'gzip', offset: 5 },
      ];
      expect(magic0.batches).toEqual(entries(0, 0));

      const magic1 = await pyConsume('0.10.1', topic, 0, all.length);
      expect(magic1.records).toEqual(
        all.map((m, offset) => ({ offset, key: m.key, value: m.value, timestamp: Number(m.timestamp), timestampType: 0, headers: [] })),
      );
      expect(magic1.batches).toEqual(entries(1, 0));

      // From the middle of the uncompressed batch: the records before the fetch offset are not sent.
      const middle = await pyConsume('0.10.1', topic, 1, all.length - 1);
      expect(middle.records.map((r) => r.offset)).toEqual([1, 2, 3, 4, 5]);
      expect(middle.batches).toEqual(entries(1, 1));
    });
  });

  withKcat('librdkafka (kcat) with ApiVersion requests off', () => {
    const legacy = (fallback: string) => ['-X', 'api.version.request=false', '-X', `broker.version.fallback=${fallback}`];

    it.each([
      ['0.8.2', 'Produce v0'],
      ['0.9.0', 'Produce v1'],
    ])('broker.version.fallback=%s (%s) produces gzip that kafkajs reads', async (fallback) => {
      const topic = `kcat-legacy-${fallback}`;
      await createTopic(topic);
      const values = Array.from({ length: 4 }, (_, i) => `kcat ${fallback} ${i} ${'compressible '.repeat(20)}`);
      const produced = await kcat(
        ['-b', test.bootstrap, ...legacy(fallback), '-P', '-t', topic, '-p', '0', '-z', 'gzip', '-K', ':'],
        values.map((v, i) => `key-${i}:${v}\n`).join(''),
      );
      expect(produced).toMatchObject({ code: 0 });
      expect(storedBatches(test.dataDir, topic).every((b) => b.magic === 2 && b.codec === 1)).toBe(true);
      const received = await consumeWithKafkajs(topic, values.length);
      expect(received.map(({ offset, key, value }) => ({ offset, key, value }))).toEqual(
        values.map((value, offset) => ({ offset, key: `key-${offset}`, value })),
      );
    });

    it.each([
      ['0.8.2', 'Fetch v0'],
      ['0.9.0', 'Fetch v1'],
    ])('broker.version.fallback=%s (%s) consumes what kafkajs produced', async (fallback) => {
      const topic = `kcat-fetch-${fallback}`;
      await createTopic(topic);
      const timestamp = Date.now() - 10_000;
      const messages = [0, 1, 2].map((i) => ({ key: `k${i}`, value: `v${i}`, timestamp: String(timestamp + i), headers: { h: `x${i}` } }));
      await producer.send({ topic, acks: -1, messages: messages.slice(0, 2) });
      await producer.send({ topic, acks: -1, compression: CompressionTypes.GZIP, messages: messages.slice(2) });
      const consumed = await kcat([
        '-b',
        test.bootstrap,
        ...legacy(fallback),
        '-C',
        '-t',
        topic,
        '-p',
        '0',
        '-o',
        'beginning',
        '-e',
        '-f',
        '%o|%k|%s|%T|%h\n',
      ]);
      expect(consumed).toMatchObject({ code: 0 });
      const lines = consumed.stdout.trim().split('\n');
      // Magic 0: no timestamp (kcat prints 0) and no headers, where v2 batches would have shown both.
      expect(lines).toEqual(messages.map((m, i) => `${i}|${m.key}|${m.value}|0|`));
    });
  });

  describe('refusals, as Kafka answers them', () => {
    it('a legacy message with a bad CRC is CORRUPT_MESSAGE and nothing of the request is appended', async () => {
      const topic = 'legacy-bad-crc';
      await createTopic(topic);
      const bad = legacyMessage(1, 'second', { offset: 1 });
      bad.writeUInt32BE((bad.readUInt32BE(12) + 1) >>> 0, 12);
      expect(await rawProduce(2, topic, Buffer.concat([legacyMessage(1, 'first'), bad]))).toEqual({
        errorCode: CORRUPT_MESSAGE,
        baseOffset: -1,
      });
      expect(await highWatermark(topic)).toBe(0);
      // The same message with its CRC intact is taken (so the refusal was about the CRC).
      expect(await rawProduce(2, topic, Buffer.concat([legacyMessage(1, 'first'), legacyMessage(1, 'second', { offset: 1 })]))).toEqual({
        errorCode: 0,
        baseOffset: 0,
      });
      expect(await highWatermark(topic)).toBe(2);
    });

    it('a v2 batch after legacy messages is INVALID_RECORD, and Produce v3 may carry magic 2 only', async () => {
      const topic = 'legacy-mixed';
      await createTopic(topic);
      const mixed = Buffer.concat([legacyMessage(0, 'legacy', { key: 'k' }), buildBatch(['modern'])]);
      expect(await rawProduce(2, topic, mixed)).toEqual({ errorCode: INVALID_RECORD, baseOffset: -1 });
      expect(await rawProduce(3, topic, legacyMessage(1, 'too new a request'))).toEqual({ errorCode: INVALID_RECORD, baseOffset: -1 });
      expect(await highWatermark(topic)).toBe(0);
      expect(await rawProduce(2, topic, legacyMessage(0, 'legacy alone', { key: 'k' }))).toEqual({ errorCode: 0, baseOffset: 0 });
    });

    it('zstd batches cannot be down-converted: UNSUPPORTED_COMPRESSION_TYPE to Fetch v3, served as stored to Fetch v4', async () => {
      const topic = 'zstd-stored';
      await createTopic(topic);
      // Compressible enough that librdkafka does compress it.
      const produced = await kcat(['-b', test.bootstrap, '-P', '-t', topic, '-p', '0', '-z', 'zstd'], `${'zstd '.repeat(200)}\n`.repeat(3));
      expect(produced).toMatchObject({ code: 0 });
      expect(storedBatches(test.dataDir, topic).map((b) => b.codec)).toEqual([4]);
      expect(await rawFetch(3, topic, 0)).toEqual({ errorCode: UNSUPPORTED_COMPRESSION_TYPE, records: Buffer.alloc(0) });
      const v4 = await rawFetch(4, topic, 0);
      expect(v4.errorCode).toBe(0);
      expect(v4.records.readInt8(16)).toBe(2);

      // A topic configured compression.type=zstd is refused to Fetch < v10 whatever its batches hold (KafkaApis).
      const configured = 'zstd-configured';
      await createTopic(configured, [{ name: 'compression.type', value: 'zstd' }]);
      await producer.send({ topic: configured, acks: -1, messages: [{ value: 'plain' }] });
      expect((await rawFetch(4, configured, 0)).errorCode).toBe(UNSUPPORTED_COMPRESSION_TYPE);
    });

    it('Fetch v3 never sees a magic-2 byte, and Fetch v4 gets the batch as stored', async () => {
      const topic = 'magic-bytes';
      await createTopic(topic);
      await producer.send({ topic, acks: -1, messages: [{ key: 'a', value: 'one' }, { value: 'two' }] });
      const v3 = await rawFetch(3, topic, 0);
      expect(v3.errorCode).toBe(0);
      const magics: number[] = [];
      const offsets: number[] = [];
      for (let at = 0; at + 12 <= v3.records.length; at += v3.records.readInt32BE(at + 8) + 12) {
        offsets.push(Number(v3.records.readBigInt64BE(at)));
        magics.push(v3.records.readInt8(at + 16));
      }
      expect({ magics, offsets }).toEqual({ magics: [1, 1], offsets: [0, 1] });
      expect((await rawFetch(4, topic, 0)).records.readInt8(16)).toBe(2);
    });
  });
});
