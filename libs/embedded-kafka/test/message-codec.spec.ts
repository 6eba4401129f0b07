import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compileMessage, messageCodec } from '../src/protocol/message-codec';
import { loadMessageSpec, parseVersions } from '../src/protocol/message-schema';
import { ProtocolError } from '../src/protocol/protocol-error';
import { Reader } from '../src/protocol/reader';
import { Writer } from '../src/protocol/writer';
import { createApiRegistry } from '../src/apis/registry';

const bytes = (w: Writer) => Buffer.concat(w.toBuffers());
const encode = (name: string, version: number, value: object) => {
  const w = new Writer();
  messageCodec(name, version).encode(w, value);
  return bytes(w);
};
const decode = (name: string, version: number, data: Buffer) =>
  messageCodec<Record<string, unknown>>(name, version).decode(new Reader(data));

describe("the codec built from Kafka's message definitions", () => {
  it('compiles every vendored message at every version Kafka defines for it', () => {
    const names = readdirSync(join(__dirname, '../src/protocol/messages'))
      .filter((file) => file.endsWith('.json'))
      .map((file) => file.replace(/\.json$/, ''));
    expect(names.length).toBeGreaterThan(40);
    for (const name of names) {
      const spec = loadMessageSpec(name);
      const { min, max } = parseVersions(spec.validVersions);
      for (let version = min; version <= max; version++) expect(() => compileMessage(spec, version)).not.toThrow();
    }
  });

  it('has a Request and a Response definition for every API the broker advertises, covering its versions', () => {
    for (const handler of createApiRegistry().values()) {
      for (const kind of ['Request', 'Response']) {
        const spec = loadMessageSpec(`${handler.name}${kind}`);
        expect(spec.apiKey).toBe(handler.key);
        const { min, max } = parseVersions(spec.validVersions);
        expect(handler.minVersion).toBeGreaterThanOrEqual(min);
        expect(handler.maxVersion).toBeLessThanOrEqual(max);
      }
    }
  });

  it('writes a flexible version as the protocol says: compact arrays and strings, a tag section per struct', () => {
    const topicId = Buffer.alloc(16, 7);
    const encoded = encode('MetadataRequest', 12, { topics: [{ topicId, name: 'a' }], allowAutoTopicCreation: true });
    expect(encoded).toEqual(
      Buffer.concat([
        Buffer.from([0x02]), // one topic: compact array length + 1
        topicId,
        Buffer.from([0x02, 0x61]), // "a": compact string length + 1
        Buffer.from([0x00]), // the topic's (empty) tag section
        Buffer.from([0x01, 0x00]), // AllowAutoTopicCreation, IncludeTopicAuthorizedOperations (default false)
        Buffer.from([0x00]), // the request's tag section
      ]),
    );
    expect(decode('MetadataRequest', 12, encoded)).toEqual({
      topics: [{ topicId, name: 'a' }],
      allowAutoTopicCreation: true,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    });
  });

  it('writes a non-flexible version with int16 strings and int32 arrays, and fills fields absent in that version with defaults', () => {
    const encoded = encode('MetadataRequest', 1, { topics: null });
    expect(encoded).toEqual(Buffer.from([0xff, 0xff, 0xff, 0xff])); // null array: all topics
    // AllowAutoTopicCreation is v4+: an older request means "true", its declared default.
    expect(decode('MetadataRequest', 1, encoded)).toMatchObject({ topics: null, allowAutoTopicCreation: true });
  });

  it('writes a tagged field only when it differs from its default, and reads it back', () => {
    const partition = { partitionIndex: 0, errorCode: 0, highWatermark: 5, records: Buffer.from('x') };
    const plain = encode('FetchResponse', 12, { responses: [{ topic: 't', partitions: [partition] }] });
    const withLeader = encode('FetchResponse', 12, {
      responses: [{ topic: 't', partitions: [{ ...partition, currentLeader: { leaderId: 3, leaderEpoch: 9 } }] }],
    });
    expect(withLeader.length).toBeGreaterThan(plain.length);
    const decoded = decode('FetchResponse', 12, withLeader) as { responses: Array<{ partitions: Array<Record<string, unknown>> }> };
    expect(decoded.responses[0].partitions[0]).toMatchObject({ highWatermark: 5, currentLeader: { leaderId: 3, leaderEpoch: 9 } });
    expect((decode('FetchResponse', 12, plain) as typeof decoded).responses[0].partitions[0]).toMatchObject({
      currentLeader: { leaderId: -1, leaderEpoch: -1 },
      preferredReadReplica: -1,
    });
  });

  it('skips tagged fields it does not know, as Kafka does', () => {
    const known = encode('ApiVersionsRequest', 3, { clientSoftwareName: 'n', clientSoftwareVersion: '1' });
    const withUnknownTag = Buffer.concat([known.subarray(0, known.length - 1), Buffer.from([0x01, 0x05, 0x02, 0xaa, 0xbb])]);
    expect(decode('ApiVersionsRequest', 3, withUnknownTag)).toEqual({ clientSoftwareName: 'n', clientSoftwareVersion: '1' });
  });

  it('refuses truncated input and nulls where the version does not allow them with a ProtocolError', () => {
    const encoded = encode('MetadataRequest', 12, { topics: [{ name: 'abc' }], allowAutoTopicCreation: true });
    expect(() => decode('MetadataRequest', 12, encoded.subarray(0, 10))).toThrow(ProtocolError);
    // A null topic name is allowed from v10 only.
    const nullName = Buffer.from([0x00, 0x00, 0x00, 0x01, 0xff, 0xff]);
    expect(() => decode('MetadataRequest', 1, nullName)).toThrow(/Name must not be null/);
    expect(() => decode('MetadataRequest', 1, Buffer.from([0x7f, 0xff, 0xff, 0xff]))).toThrow(/exceeds the frame/);
  });
});
