import { parseEnvelope, serializeEnvelope, TIMESTAMP_LOGICAL_NAME, type ConnectSchema } from '@kafka-sync/contracts';
import { findTransform } from '../../src/transforms';
import { INSERT_FIELD_KEY, INSERT_FIELD_VALUE } from '../../src/transforms/insert-field';
import { sinkRecord, usersMap, usersStruct, USERS_SCHEMA } from './records';

const insertField = (className: string, config: Record<string, string>) => {
  const definition = findTransform(className);
  if (!definition) throw new Error(`${className} is not registered`);
  expect(definition.validate(config)).toEqual({});
  return definition.create(config);
};

const ALL = {
  'topic.field': 'src_topic',
  'partition.field': 'part!',
  'offset.field': 'off?',
  'timestamp.field': 'ts!',
  'static.field': 'origin',
  'static.value': 'local-1',
};
const TS = Date.UTC(2024, 2, 5, 7, 8, 9, 12);

describe('InsertField$Value', () => {
  it('with a schema: one field per insertion, optional unless `!`, Timestamp for the timestamp; name, version kept', () => {
    const input = sinkRecord({ value: usersStruct(7, 'u7', 'Ann') });
    const out = insertField(INSERT_FIELD_VALUE, ALL).apply(input);
    expect(out.value.schema).toEqual({
      type: 'struct',
      fields: [
        ...USERS_SCHEMA.fields,
        { type: 'string', optional: true, field: 'src_topic' },
        { type: 'int32', optional: false, field: 'part' },
        { type: 'int64', optional: true, field: 'off' },
        { type: 'int64', optional: false, name: TIMESTAMP_LOGICAL_NAME, version: 1, field: 'ts' },
        { type: 'string', optional: true, field: 'origin' },
      ],
      // SchemaUtil.copySchemaBasics copies name, version, doc and parameters, not optional.
      optional: false,
      name: 'users',
      version: 3,
    });
    expect(out.value.value).toEqual({
      id: 7,
      user_id: 'u7',
      name: 'Ann',
      src_topic: 'users',
      part: 2,
      off: 41,
      ts: new Date(TS),
      origin: 'local-1',
    });
    expect(out.key).toBe(input.key);
    expect(input.value).toEqual(usersStruct(7, 'u7', 'Ann'));
    // The converter writes it back as Connect would: the timestamp as epoch milliseconds.
    const json = JSON.parse(serializeEnvelope(out.value.schema as ConnectSchema, out.value.value as never));
    expect(json.payload).toEqual({ id: 7, user_id: 'u7', name: 'Ann', src_topic: 'users', part: 2, off: 41, ts: TS, origin: 'local-1' });
    expect(parseEnvelope(JSON.stringify(json)).value).toEqual(out.value.value);
  });

  it('with a schema: a null timestamp is not inserted (the field is null); null fields take their default', () => {
    const out = insertField(INSERT_FIELD_VALUE, { 'timestamp.field': 'ts' }).apply(
      sinkRecord({ timestamp: null, value: usersStruct(7, null, null) }),
    );
    expect(out.value.value).toEqual({ id: 7, user_id: null, name: 'nobody', ts: null });
    const raw = insertField(INSERT_FIELD_VALUE, { 'timestamp.field': 'ts', 'replace.null.with.default': 'false' }).apply(
      sinkRecord({ value: usersStruct(7, null, null) }),
    );
    expect(raw.value.value).toEqual({ id: 7, user_id: null, name: null, ts: new Date(TS) });
  });

  it('schemaless: the map gets the plain values, the timestamp as epoch milliseconds', () => {
    const out = insertField(INSERT_FIELD_VALUE, ALL).apply(sinkRecord({ value: usersMap({ id: 7, src_topic: 'old' }) }));
    expect(out.value).toEqual({
      schema: null,
      value: new Map<string, unknown>([
        ['id', 7],
        ['src_topic', 'users'],
        ['part', 2],
        ['off', 41],
        ['ts', TS],
        ['origin', 'local-1'],
      ]),
    });
    const noTimestamp = insertField(INSERT_FIELD_VALUE, { 'timestamp.field': 'ts' }).apply(
      sinkRecord({ timestamp: null, value: usersMap({ id: 7 }) }),
    );
    expect(noTimestamp.value.value).toEqual(new Map([['id', 7]]));
  });

  it('a null value passes unchanged; other data and a clashing name are refused with Kafka texts', () => {
    const t = insertField(INSERT_FIELD_VALUE, { 'topic.field': 'id' });
    const tombstone = sinkRecord();
    expect(t.apply(tombstone)).toBe(tombstone);
    expect(() => t.apply(sinkRecord({ value: usersStruct(1, 'u', 'n') }))).toThrow(
      'Cannot create field because of field name duplication id',
    );
    expect(() => t.apply(sinkRecord({ value: { schema: null, value: 'text' } }))).toThrow(
      'Only Map objects supported in absence of schema for [field insertion], found: java.lang.String',
    );
    expect(() => t.apply(sinkRecord({ value: { schema: { type: 'string', optional: false }, value: 'text' } }))).toThrow(
      'Only Struct objects supported for [field insertion], found: java.lang.String',
    );
  });

  it("validate: Kafka's configure() errors, booleans and unknown keys", () => {
    const definition = findTransform('InsertField$Value')!;
    expect(definition.className).toBe(INSERT_FIELD_VALUE);
    expect(definition.validate({ type: INSERT_FIELD_VALUE })).toEqual({ type: ['No field insertion configured'] });
    expect(definition.validate({ 'static.field': 'origin!', 'replace.null.with.default': 'maybe', topic: 'x' })).toEqual({
      'static.value': ['Invalid value null for configuration static.value: No value specified for static field: origin'],
      'replace.null.with.default': [
        'Invalid value maybe for configuration replace.null.with.default: Expected value to be either true or false',
      ],
      topic: ['Unknown configuration "topic" for InsertField$Value'],
    });
  });
});

describe('InsertField$Key', () => {
  it('inserts into the key and leaves the value alone', () => {
    const input = sinkRecord({ key: usersMap({ id: 7 }), value: usersStruct(7, 'u7', 'Ann') });
    const out = insertField(INSERT_FIELD_KEY, { 'static.field': 'site', 'static.value': 'a' }).apply(input);
    expect([out.key.value, out.value]).toEqual([
      new Map<string, unknown>([
        ['id', 7],
        ['site', 'a'],
      ]),
      input.value,
    ]);
  });
});
