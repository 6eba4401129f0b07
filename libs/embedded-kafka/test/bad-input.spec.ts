import { crc32 } from '@node-rs/crc32';
import type { Admin, Kafka, Producer } from 'kafkajs';
import type { Logger } from '../src';
import { Reader } from '../src/protocol/reader';
import { Writer } from '../src/protocol/writer';
import { defaultPartitioner, kafkaClient, waitUntil } from './support/kafkajs-client';
import { buildBatch } from './support/batches';
import { encodeRequest, RawClient } from './support/raw-client';
import { startTestBroker, type TestBroker } from './support/test-broker';

const MAX_FRAME_BYTES = 64 * 1024;
const MAX_MESSAGE_BYTES = 16 * 1024;
const HEALTH_TOPIC = 'health';

const API_VERSIONS = 18;
const PRODUCE = 0;
const FETCH = 1;
const METADATA = 3;

const NONE = 0;
const CORRUPT_MESSAGE = 2;
const MESSAGE_TOO_LARGE = 10;
const UNSUPPORTED_VERSION = 35;
const UNSUPPORTED_FOR_MESSAGE_FORMAT = 43;
const INVALID_RECORD = 87;

/** A one-record batch of exactly `size` bytes (value padded). */
function batchOfSize(size: number): Buffer {
  let valueLength = size - 80;
  for (let attempt = 0; attempt < 5; attempt++) {
    const batch = buildBatch([{ key: null, value: 'x'.repeat(valueLength) }]);
    if (batch.length === size) return batch;
    valueLength += size - batch.length;
  }
  throw new Error(`cannot build a batch of exactly ${size} bytes`);
}

/** A legacy message set entry, magic 1 (offset, size, CRC-32, magic, attributes, timestamp, key, value). */
function magicOneMessage(value: string): Buffer {
  const valueBytes = Buffer.from(value);
  const message = Buffer.alloc(8 + 4 + 4 + 1 + 1 + 8 + 4 + 4 + valueBytes.length);
  message.writeBigInt64BE(0n, 0);
  message.writeInt32BE(message.length - 12, 8);
  message.writeInt8(1, 16);
  message.writeInt8(0, 17);
  message.writeBigInt64BE(BigInt(Date.now()), 18);
  message.writeInt32BE(-1, 26); // null key
  message.writeInt32BE(valueBytes.length, 30);
  valueBytes.copy(message, 34);
  message.writeUInt32BE(crc32(message.subarray(16)), 12);
  return message;
}

interface ProducePartitionResult {
  index: number;
  errorCode: number;
  baseOffset: number;
}

interface ApiRange {
  key: number;
  min: number;
  max: number;
}

describe('bad input never takes the broker down', () => {
  let test: TestBroker;
  let port: number;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  /** A connection opened before any abuse, used between cases: it must never be the one closed. */
  let bystander: RawClient;
  let correlationId = 1000;
  const logged: Array<{ level: string; message: string }> = [];
  /** Where the current test's log lines start. */
  let logMark = 0;
  const logger: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (message) => void logged.push({ level: 'warn', message }),
    error: (message) => void logged.push({ level: 'error', message }),
  };

  beforeAll(async () => {
    test = await startTestBroker({ maxFrameBytes: MAX_FRAME_BYTES, maxMessageBytes: MAX_MESSAGE_BYTES, logger });
    port = test.broker.port;
    kafka = kafkaClient(test.bootstrap, 'bad-input-bystander');
    admin = kafka.admin();
    producer = kafka.producer({ createPartitioner: defaultPartitioner });
    await Promise.all([admin.connect(), producer.connect()]);
    await admin.createTopics({ topics: [{ topic: HEALTH_TOPIC, numPartitions: 1 }] });
    bystander = await RawClient.connect(port);
  });

  beforeEach(() => {
    logMark = logged.length;
  });

  afterAll(async () => {
    bystander?.close();
    await Promise.all([producer?.disconnect(), admin?.disconnect()]);
    await test?.cleanup();
  });

  async function apiVersions(client: RawClient, version: number): Promise<ApiRange[]> {
    const id = ++correlationId;
    client.request(API_VERSIONS, version, id, () => undefined);
    const frame = await client.response();
    if (!frame) throw new Error(`connection closed instead of answering ApiVersions v${version}`);
    const r = new Reader(frame);
    expect(r.int32()).toBe(id);
    expect(r.int16()).toBe(NONE);
    const apis = r.array((a) => ({ key: a.int16(), min: a.int16(), max: a.int16() }));
    if (version >= 1) expect(r.int32()).toBe(0); // throttle
    expect(r.remaining).toBe(0);
    return apis;
  }

  async function produceV3(
    client: RawClient,
    topic: string,
    partitions: Array<{ index: number; records: Buffer | null }>,
  ): Promise<ProducePartitionResult[]> {
    const id = ++correlationId;
    client.request(PRODUCE, 3, id, (w) =>
      w
        .nullableString(null)
        .int16(-1)
        .int32(5000)
        .array([topic], (tw, name) => tw.string(name).array(partitions, (pw, p) => pw.int32(p.index).nullableBytes(p.records))),
    );
    return decodeProduceV3(await client.response(), id, topic);
  }

  function decodeProduceV3(frame: Buffer | null, id: number, topic: string): ProducePartitionResult[] {
    if (!frame) throw new Error('connection closed instead of answering Produce');
    const r = new Reader(frame);
    expect(r.int32()).toBe(id);
    const topics = r.array((t) => ({
      name: t.string(),
      partitions: t.array((p) => {
        const result = { index: p.int32(), errorCode: p.int16(), baseOffset: p.int64() };
        p.int64(); // log append time
        return result;
      }),
    }));
    expect(r.int32()).toBe(0); // throttle
    expect(r.remaining).toBe(0);
    expect(topics.map((t) => t.name)).toEqual([topic]);
    return topics[0].partitions;
  }

  async function highWatermarks(topic: string): Promise<number[]> {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.sort((a, b) => a.partition - b.partition).map((p) => Number(p.high));
  }

  /**
   * The broker still serves: a brand-new connection gets a complete ApiVersions answer, the
   * bystander connection opened before the abuse still works, an ordinary kafkajs client can
   * produce and list topics, and nothing was logged as an error or an internal (unexpected) failure.
   */
  async function expectBrokerStillServes(): Promise<void> {
    const fresh = await RawClient.connect(port);
    try {
      expect(await apiVersions(fresh, 2)).toContainEqual({ key: PRODUCE, min: 0, max: 11 });
    } finally {
      fresh.close();
    }
    expect(bystander.closed).toBe(false);
    expect(await apiVersions(bystander, 0)).toContainEqual({ key: METADATA, min: 0, max: 12 });

    const [before] = await highWatermarks(HEALTH_TOPIC);
    const [sent] = await producer.send({ topic: HEALTH_TOPIC, acks: -1, messages: [{ value: 'still alive' }] });
    expect(sent.errorCode).toBe(NONE);
    expect(Number(sent.baseOffset)).toBe(before);
    expect(await highWatermarks(HEALTH_TOPIC)).toEqual([before + 1]);
    expect(await admin.listTopics()).toContain(HEALTH_TOPIC);

    // The broker's catch-all for unexpected exceptions in a handler logs "internal error".
    expect(logged.slice(logMark).filter((l) => l.level === 'error' || l.message.includes('internal error'))).toEqual([]);
  }

  /** Sends `bytes` on a new connection and expects the broker to close it without answering. */
  async function expectClosedWithoutAnswer(bytes: Buffer): Promise<void> {
    const raw = await RawClient.connect(port);
    try {
      raw.write(bytes);
      expect(await raw.response()).toBeNull();
      expect(raw.closed).toBe(true);
    } finally {
      raw.close();
    }
  }

  it('closes a connection that sends garbage, and only that one', async () => {
    const cases: Array<[string, Buffer]> = [
      ['an HTTP request', Buffer.from('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n')],
      ['a TLS ClientHello', Buffer.from('16030100a5010000a10303', 'hex')],
      ['a zero-length frame', Buffer.from('00000000', 'hex')],
      ['a frame shorter than a request header', Buffer.from('000000020012', 'hex')],
      ['a well-sized frame of 0xff bytes', Buffer.concat([Buffer.from('00000010', 'hex'), Buffer.alloc(16, 0xff)])],
      ['a client id longer than the frame', encodeRequest(API_VERSIONS, 0, 1, () => undefined).fill(0x7f, 12, 14)],
      ['Metadata whose topic count lies', encodeRequest(METADATA, 1, 2, (w) => w.int32(1_000_000))],
      [
        'Produce cut off in the middle of its topics',
        encodeRequest(PRODUCE, 3, 3, (w) => w.nullableString(null).int16(-1).int32(1000).int32(1).int16(40).raw(Buffer.from('abc'))),
      ],
    ];
    for (const [, bytes] of cases) await expectClosedWithoutAnswer(bytes);
    await expectBrokerStillServes();
  });

  it('closes a connection whose frame size prefix is negative', async () => {
    for (const size of [-1, -2_147_483_648]) {
      const prefix = Buffer.alloc(4);
      prefix.writeInt32BE(size);
      await expectClosedWithoutAnswer(Buffer.concat([prefix, encodeRequest(API_VERSIONS, 0, 1, () => undefined)]));
    }
    await expectBrokerStillServes();
  });

  it('closes a connection announcing a frame above maxFrameBytes as soon as it sees the size, without reading the rest', async () => {
    const raw = await RawClient.connect(port);
    try {
      const prefix = Buffer.alloc(4);
      prefix.writeInt32BE(MAX_FRAME_BYTES + 1);
      // Only the size and the start of the request are ever sent: a broker waiting for the whole
      // frame would keep this connection open forever.
      raw.write(Buffer.concat([prefix, encodeRequest(API_VERSIONS, 0, 1, () => undefined).subarray(4), Buffer.alloc(1024)]));
      expect(await raw.closedByBroker()).toBe(true);
      expect(await raw.response()).toBeNull();
    } finally {
      raw.close();
    }

    // A frame of exactly maxFrameBytes is still read and answered (its batch is too large, though).
    await admin.createTopics({ topics: [{ topic: 'frame-limit', numPartitions: 1 }] });
    const atLimit = (batchSize: number) =>
      encodeRequest(PRODUCE, 3, 4242, (w) =>
        w
          .nullableString(null)
          .int16(-1)
          .int32(5000)
          .array(['frame-limit'], (tw, name) => tw.string(name).array([0], (pw, index) => pw.int32(index).bytes(batchOfSize(batchSize)))),
      );
    const frameBytes = (batchSize: number) => atLimit(batchSize).length - 4;
    const batchSize = MAX_FRAME_BYTES - (frameBytes(40_000) - 40_000);
    const frame = atLimit(batchSize);
    expect(frame.length - 4).toBe(MAX_FRAME_BYTES);
    const accepted = await RawClient.connect(port);
    try {
      accepted.write(frame);
      expect(decodeProduceV3(await accepted.response(), 4242, 'frame-limit')).toEqual([
        { index: 0, errorCode: MESSAGE_TOO_LARGE, baseOffset: -1 },
      ]);
    } finally {
      accepted.close();
    }
    expect(await highWatermarks('frame-limit')).toEqual([0]);
    await expectBrokerStillServes();
  });

  it('survives a client that vanishes in the middle of sending a frame', async () => {
    const raw = await RawClient.connect(port);
    const frame = encodeRequest(METADATA, 1, 9, (w) => w.int32(-1));
    const prefix = Buffer.alloc(4);
    prefix.writeInt32BE(200);
    raw.write(Buffer.concat([prefix, frame.subarray(4, 12)]));
    raw.socket.destroy();
    await waitUntil(() => raw.closed, 'the socket to close');
    await expectBrokerStillServes();
  });

  it('survives a client that vanishes while its request is still being served (a long-polling Fetch)', async () => {
    await admin.createTopics({ topics: [{ topic: 'long-poll', numPartitions: 1 }] });
    const raw = await RawClient.connect(port);
    raw.request(FETCH, 4, 10, (w) =>
      w
        .int32(-1)
        .int32(10_000)
        .int32(1)
        .int32(1 << 20)
        .int8(0)
        .array(['long-poll'], (tw, name) =>
          tw.string(name).array([0], (pw, index) =>
            pw
              .int32(index)
              .int64(0)
              .int32(1 << 20),
          ),
        ),
    );
    raw.socket.destroy();
    await waitUntil(() => raw.closed, 'the socket to close');
    // Data arriving wakes the parked Fetch, whose answer now has nowhere to go.
    await producer.send({ topic: 'long-poll', acks: -1, messages: [{ value: 'wake up' }] });
    expect(await highWatermarks('long-poll')).toEqual([1]);
    await expectBrokerStillServes();
  });

  it('closes a connection that uses an unknown API key', async () => {
    await expectClosedWithoutAnswer(encodeRequest(999, 0, 11, () => undefined));
    await expectClosedWithoutAnswer(encodeRequest(-1, 0, 12, () => undefined));
    await expectBrokerStillServes();
  });

  it('closes a connection that uses an unsupported version of a known API (Metadata v99)', async () => {
    await expectClosedWithoutAnswer(encodeRequest(METADATA, 99, 13, (w) => w.int32(-1)));
    await expectClosedWithoutAnswer(encodeRequest(PRODUCE, 10, 14, () => undefined));
    await expectBrokerStillServes();
  });

  it('answers ApiVersions v99 in the v0 format with UNSUPPORTED_VERSION and its own range, and keeps the connection', async () => {
    const raw = await RawClient.connect(port);
    try {
      raw.request(API_VERSIONS, 99, 15, (w) => w.raw(Buffer.from('some future body layout')));
      const frame = await raw.response();
      expect(frame).not.toBeNull();
      const r = new Reader(frame!);
      expect(r.int32()).toBe(15);
      expect(r.int16()).toBe(UNSUPPORTED_VERSION);
      expect(r.array((a) => ({ key: a.int16(), min: a.int16(), max: a.int16() }))).toEqual([{ key: API_VERSIONS, min: 0, max: 4 }]);
      expect(r.remaining).toBe(0);
      // The client retries with a version the broker named, on the same connection.
      expect(await apiVersions(raw, 2)).toContainEqual({ key: API_VERSIONS, min: 0, max: 4 });
      expect(raw.closed).toBe(false);
    } finally {
      raw.close();
    }
    await expectBrokerStillServes();
  });

  it('decodes ApiVersions v3 (flexible request header, compact response without header tags)', async () => {
    const raw = await RawClient.connect(port);
    try {
      const v2 = await apiVersions(raw, 2);
      const decodeV3 = (frame: Buffer | null, id: number): ApiRange[] => {
        expect(frame).not.toBeNull();
        const r = new Reader(frame!);
        expect(r.int32()).toBe(id); // response header v0: no tag section even for v3
        expect(r.int16()).toBe(NONE);
        const count = r.uvarint() - 1;
        const apis: ApiRange[] = [];
        for (let i = 0; i < count; i++) {
          apis.push({ key: r.int16(), min: r.int16(), max: r.int16() });
          expect(r.uvarint()).toBe(0); // no tagged fields per entry
        }
        expect(r.int32()).toBe(0); // throttle
        r.skipTaggedFields();
        expect(r.remaining).toBe(0);
        return apis;
      };

      raw.request(API_VERSIONS, 3, 16, (w) => w.compactString('bad-input-spec').compactString('1.0.0').uvarint(0), true);
      const v3 = decodeV3(await raw.response(), 16);
      expect(v3).toEqual(v2);
      expect(v3).toContainEqual({ key: API_VERSIONS, min: 0, max: 4 });

      // A request header that carries a tagged field (tag 7, three bytes) is skipped, not misread.
      const tagged = new Writer()
        .int16(API_VERSIONS)
        .int16(3)
        .int32(17)
        .string('raw-client')
        .uvarint(1)
        .uvarint(7)
        .uvarint(3)
        .raw(Buffer.from('xyz'));
      tagged.compactString('bad-input-spec').compactString('1.0.0').uvarint(0);
      const payload = Buffer.concat(tagged.toBuffers());
      const size = Buffer.alloc(4);
      size.writeInt32BE(payload.length);
      raw.write(Buffer.concat([size, payload]));
      expect(decodeV3(await raw.response(), 17)).toEqual(v2);
    } finally {
      raw.close();
    }
    await expectBrokerStillServes();
  });

  it('rejects a Produce v3 batch with a wrong CRC as CORRUPT_MESSAGE and appends nothing', async () => {
    const topic = 'crc-check';
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    const records = [
      { key: 'k1', value: 'first' },
      { key: null, value: 'second' },
      { key: 'k3', value: 'third' },
    ];
    const valid = buildBatch(records);
    const flipped = Buffer.from(valid);
    flipped[flipped.length - 2] ^= 0x01; // one bit of the last record changed in transit
    const wrongCrc = Buffer.from(valid);
    wrongCrc.writeUInt32BE((valid.readUInt32BE(17) + 1) >>> 0, 17);

    const raw = await RawClient.connect(port);
    try {
      expect(await produceV3(raw, topic, [{ index: 0, records: flipped }])).toEqual([
        { index: 0, errorCode: CORRUPT_MESSAGE, baseOffset: -1 },
      ]);
      expect(await produceV3(raw, topic, [{ index: 0, records: wrongCrc }])).toEqual([
        { index: 0, errorCode: CORRUPT_MESSAGE, baseOffset: -1 },
      ]);
      // A valid batch followed by a corrupt one in the same partition: the whole partition is refused.
      expect(await produceV3(raw, topic, [{ index: 0, records: Buffer.concat([valid, flipped]) }])).toEqual([
        { index: 0, errorCode: CORRUPT_MESSAGE, baseOffset: -1 },
      ]);
      expect(await highWatermarks(topic)).toEqual([0, 0]);

      // The same connection stays usable, and the uncorrupted batch (to another partition in the
      // same request as a corrupt one) is appended: the CRC, not the test's encoding, was the problem.
      expect(
        await produceV3(raw, topic, [
          { index: 0, records: flipped },
          { index: 1, records: valid },
        ]),
      ).toEqual([
        { index: 0, errorCode: CORRUPT_MESSAGE, baseOffset: -1 },
        { index: 1, errorCode: NONE, baseOffset: 0 },
      ]);
      expect(raw.closed).toBe(false);
    } finally {
      raw.close();
    }
    expect(await highWatermarks(topic)).toEqual([0, 3]);

    const consumer = kafka.consumer({ groupId: 'crc-reader', maxWaitTimeInMs: 100 });
    const received: Array<{ partition: number; key: string | null; value: string | null }> = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ partition, message }) =>
          void received.push({ partition, key: message.key?.toString() ?? null, value: message.value?.toString() ?? null }),
      });
      await waitUntil(() => received.length >= 3, 'the three valid records');
    } finally {
      await consumer.disconnect();
    }
    expect(received).toEqual(records.map((r) => ({ partition: 1, ...r })));
    await expectBrokerStillServes();
  });

  it('answers a Produce carrying a magic-1 message set with an error instead of crashing', async () => {
    const topic = 'legacy-format';
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const raw = await RawClient.connect(port);
    try {
      for (const message of [
        magicOneMessage('short'),
        magicOneMessage('a legacy message long enough to cover a v2 batch header '.repeat(3)),
      ]) {
        const [result] = await produceV3(raw, topic, [{ index: 0, records: message }]);
        expect(result.index).toBe(0);
        expect([CORRUPT_MESSAGE, UNSUPPORTED_FOR_MESSAGE_FORMAT, INVALID_RECORD]).toContain(result.errorCode);
        expect(result.baseOffset).toBe(-1);
      }
      expect(raw.closed).toBe(false);
    } finally {
      raw.close();
    }
    expect(await highWatermarks(topic)).toEqual([0]);
    await expectBrokerStillServes();
  });

  it('answers a batch larger than maxMessageBytes with MESSAGE_TOO_LARGE, and accepts one of exactly that size', async () => {
    const topic = 'large-batches';
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const tooLarge = batchOfSize(MAX_MESSAGE_BYTES + 1);
    const atLimit = batchOfSize(MAX_MESSAGE_BYTES);
    const raw = await RawClient.connect(port);
    try {
      expect(await produceV3(raw, topic, [{ index: 0, records: tooLarge }])).toEqual([
        { index: 0, errorCode: MESSAGE_TOO_LARGE, baseOffset: -1 },
      ]);
      expect(await highWatermarks(topic)).toEqual([0]);
      expect(await produceV3(raw, topic, [{ index: 0, records: atLimit }])).toEqual([{ index: 0, errorCode: NONE, baseOffset: 0 }]);
    } finally {
      raw.close();
    }
    expect(await highWatermarks(topic)).toEqual([1]);
    await expectBrokerStillServes();
  });

  it('keeps serving other connections while one connection is being abused', async () => {
    const garbage = [
      Buffer.from('GET / HTTP/1.1\r\n\r\n'),
      encodeRequest(999, 0, 1, () => undefined),
      encodeRequest(METADATA, 99, 2, () => undefined),
      Buffer.from('ffffffff', 'hex'),
    ];
    // One connection trickles a legal-sized frame a few bytes at a time...
    const slow = await RawClient.connect(port);
    const slowFrame = encodeRequest(999, 0, 3, (w) => w.raw(Buffer.alloc(2000, 0x41)));
    let trickled = 0;
    const trickle = setInterval(() => {
      if (trickled >= slowFrame.length) return clearInterval(trickle);
      slow.write(slowFrame.subarray(trickled, trickled + 64));
      trickled += 64;
    }, 5);
    // ...while another keeps reconnecting and sending garbage...
    const abuse = (async () => {
      let closedByBroker = 0;
      for (let i = 0; i < 40; i++) {
        const raw = await RawClient.connect(port);
        raw.write(garbage[i % garbage.length]);
        if (await raw.closedByBroker(2000)) closedByBroker++;
        raw.close();
      }
      return closedByBroker;
    })();
    // ...and the well-behaved clients carry on.
    const work = (async () => {
      const offsets: number[] = [];
      for (let i = 0; i < 20; i++) {
        const [sent] = await producer.send({ topic: HEALTH_TOPIC, acks: -1, messages: [{ value: `during abuse ${i}` }] });
        expect(sent.errorCode).toBe(NONE);
        offsets.push(Number(sent.baseOffset));
        expect(await apiVersions(bystander, 1)).toContainEqual({ key: FETCH, min: 0, max: 16 });
      }
      return offsets;
    })();
    try {
      const [closedByBroker, offsets] = await Promise.all([abuse, work]);
      expect(closedByBroker).toBe(40);
      expect(offsets).toEqual(offsets.map((_, i) => offsets[0] + i));
      await waitUntil(() => trickled >= slowFrame.length, 'the slow frame to be sent');
      expect(await slow.closedByBroker()).toBe(true);
      expect(await slow.response()).toBeNull();
    } finally {
      clearInterval(trickle);
      slow.close();
    }
    await expectBrokerStillServes();
  });
});
