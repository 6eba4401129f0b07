import type { SinkRecord } from '../../src/connect-api/sink-record';
import { findTransform } from '../../src/transforms';
import { RegexRouter } from '../../src/transforms/regex-router';
import { REPLACE_FIELD_VALUE, ReplaceField, replaceFieldOptions } from '../../src/transforms/replace-field';

const record = (topic: string, value: SinkRecord['value']): SinkRecord => ({
  topic,
  originalTopic: topic,
  partition: 0,
  offset: '0',
  timestamp: null,
  key: { schema: null, value: null },
  value,
  headers: {},
});

const structValue: SinkRecord['value'] = {
  schema: {
    type: 'struct',
    optional: false,
    name: 'kafka_test',
    fields: [
      { type: 'int64', optional: false, field: 'master_id' },
      { type: 'int64', optional: true, field: 'id' },
      { type: 'string', optional: true, field: 'code' },
    ],
  },
  value: { master_id: 7, id: 1, code: 'c' },
};

describe('RegexRouter', () => {
  it('rewrites only on a full match, with replaceFirst and $1', () => {
    const router = new RegexRouter('my_topic_(.*)', '$1');
    expect(router.apply(record('my_topic_kafka_test', structValue)).topic).toBe('kafka_test');
    expect(router.apply(record('x_my_topic_kafka_test', structValue)).topic).toBe('x_my_topic_kafka_test');
    const firstOnly = new RegexRouter('a.', 'X');
    expect(firstOnly.apply(record('ab', structValue)).topic).toBe('X');
    expect(firstOnly.apply(record('abab', structValue)).topic).toBe('abab');
    const inner = new RegexRouter('(.*)-(.*)', '$2_$1');
    const input = record('orders-v1', structValue);
    const out = inner.apply(input);
    expect(out.topic).toBe('v1_orders');
    expect(out.originalTopic).toBe('orders-v1');
    expect(input.topic).toBe('orders-v1');
  });

  it('validates its keys with Connect messages', () => {
    expect(findTransform('org.apache.kafka.connect.transforms.RegexRouter')!.validate({})).toEqual({
      regex: ['Missing required configuration "regex" which has no default value.'],
      replacement: ['Missing required configuration "replacement" which has no default value.'],
    });
  });
});

describe('ReplaceField$Value', () => {
  const apply = (config: Record<string, string>, value: SinkRecord['value']) =>
    findTransform(REPLACE_FIELD_VALUE)!.create(config).apply(record('t', value)).value;

  it('exclude drops fields from schema and value', () => {
    const out = apply({ exclude: 'master_id' }, structValue);
    expect(out.value).toEqual({ id: 1, code: 'c' });
    expect(out.schema).toEqual({
      ...structValue.schema,
      fields: [
        structValue.schema!.type === 'struct' ? structValue.schema!.fields[1] : null,
        structValue.schema!.type === 'struct' ? structValue.schema!.fields[2] : null,
      ],
    });
  });

  it('include keeps only the listed fields; exclude wins over include; renames old:new', () => {
    expect(apply({ include: 'id,code', exclude: 'code' }, structValue).value).toEqual({ id: 1 });
    const renamed = apply({ renames: 'id:local_id,code:c2' }, structValue);
    expect(renamed.value).toEqual({ master_id: 7, local_id: 1, c2: 'c' });
    expect(renamed.schema?.type === 'struct' && renamed.schema.fields.map((fd) => fd.field)).toEqual(['master_id', 'local_id', 'c2']);
  });

  it('blacklist / whitelist are aliases; the new key wins when both are set', () => {
    expect(apply({ blacklist: 'master_id' }, structValue).value).toEqual({ id: 1, code: 'c' });
    expect(apply({ whitelist: 'code' }, structValue).value).toEqual({ code: 'c' });
    expect(apply({ blacklist: 'master_id', exclude: 'code' }, structValue).value).toEqual({ master_id: 7, id: 1 });
    expect(replaceFieldOptions({ whitelist: 'a', include: 'b' }).include).toEqual(['b']);
  });

  it('tombstones pass unchanged; schemaless maps are filtered; other values are refused', () => {
    const tombstone = record('t', { schema: null, value: null });
    expect(new ReplaceField(replaceFieldOptions({ exclude: 'a' }), 'value').apply(tombstone)).toBe(tombstone);
    expect(
      apply(
        { exclude: 'a' },
        {
          schema: null,
          value: new Map<string, number>([
            ['a', 1],
            ['b', 2],
          ]),
        },
      ).value,
    ).toEqual(new Map([['b', 2]]));
    expect(() => apply({ exclude: 'a' }, { schema: { type: 'string', optional: false }, value: 'x' })).toThrow(
      'Only Struct objects supported for [field replacement], found: java.lang.String',
    );
  });

  it('rejects a malformed rename', () => {
    expect(findTransform('ReplaceField$Value')!.validate({ renames: 'a:b,c' })).toEqual({
      renames: ['Invalid value [a:b, c] for configuration renames: Invalid rename mapping: c'],
    });
  });
});

describe('RegexRouter and ReplaceField, like the other transforms', () => {
  it('refuse keys they do not define, by name', () => {
    expect(
      findTransform('org.apache.kafka.connect.transforms.RegexRouter')!.validate({ regex: 'a', replacement: 'b', replacment: 'c' }),
    ).toEqual({
      replacment: ['Unknown configuration "replacment" for RegexRouter'],
    });
    expect(findTransform(REPLACE_FIELD_VALUE)!.validate({ exclude: 'a', exlude: 'b' })).toEqual({
      exlude: ['Unknown configuration "exlude" for ReplaceField$Value'],
    });
  });
});
