import { field, schema, type ConnectValue } from '@kafka-sync/contracts';
import { findTransform } from '../../src/transforms';
import { EXTRACT_FIELD_KEY, EXTRACT_FIELD_VALUE } from '../../src/transforms/extract-field';
import { sinkRecord, usersMap, usersStruct, USERS_SCHEMA } from './records';

const extractField = (className: string, config: Record<string, string>) => {
  const definition = findTransform(className);
  if (!definition) throw new Error(`${className} is not registered`);
  expect(definition.validate(config)).toEqual({});
  return definition.create(config);
};

/** A Debezium-like value: {"before": null, "after": {"id": …, "a.b": …}}. */
const ROW = schema.struct([field.int64('id'), field.string('a.b', { optional: true })], { name: 'row', optional: true });
const CHANGE = schema.struct([field.struct('after', ROW.fields, { optional: true, name: 'row' })], { name: 'change' });

describe('ExtractField$Key', () => {
  it("with a schema: the key becomes the field's value with the field's schema", () => {
    const input = sinkRecord({ key: usersStruct(7, 'u7', 'Ann'), value: usersStruct(7, 'u7', 'Ann') });
    const out = extractField(EXTRACT_FIELD_KEY, { field: 'id' }).apply(input);
    expect(out.key).toEqual({ schema: { type: 'int32', optional: false }, value: 7 });
    expect(out.value).toBe(input.value);
    // The field's default for a null value, unless replace.null.with.default=false.
    const nameless = sinkRecord({ key: usersStruct(7, 'u7', null) });
    expect(extractField(EXTRACT_FIELD_KEY, { field: 'name' }).apply(nameless).key.value).toBe('nobody');
    expect(extractField(EXTRACT_FIELD_KEY, { field: 'name', 'replace.null.with.default': 'false' }).apply(nameless).key.value).toBeNull();
  });

  it('a null field takes its int64 default exactly, beyond 2^53 too', () => {
    const big = 9_223_372_036_854_775_807n;
    const keySchema = schema.struct([field.int64('id', { optional: true, default: big })], { name: 'k' });
    const out = extractField(EXTRACT_FIELD_KEY, { field: 'id' }).apply(sinkRecord({ key: { schema: keySchema, value: { id: null } } }));
    expect(out.key.value).toBe(big);
  });

  it('schemaless: the map entry (null when absent); a null key stays null', () => {
    const t = extractField(EXTRACT_FIELD_KEY, { field: 'id' });
    expect(t.apply(sinkRecord({ key: usersMap({ id: 7, code: 'c' }) })).key).toEqual({ schema: null, value: 7 });
    expect(t.apply(sinkRecord({ key: usersMap({ code: 'c' }) })).key).toEqual({ schema: null, value: null });
    expect(t.apply(sinkRecord()).key).toEqual({ schema: null, value: null });
    expect(t.apply(sinkRecord({ key: { schema: USERS_SCHEMA, value: null } })).key).toEqual({
      schema: { type: 'int32', optional: false },
      value: null,
    });
  });

  it("refuses an unknown field and data that is neither struct nor map, with Kafka's texts and classes", () => {
    const t = extractField(EXTRACT_FIELD_KEY, { field: 'nope' });
    let error: Error | undefined;
    try {
      t.apply(sinkRecord({ key: usersStruct(1, 'u', 'n') }));
    } catch (e) {
      error = e as Error;
    }
    expect([error?.name, error?.message]).toEqual(['java.lang.IllegalArgumentException', 'Unknown field: nope']);
    expect(() => t.apply(sinkRecord({ key: { schema: { type: 'string', optional: true }, value: 'k' } }))).toThrow(
      'Only Struct objects supported for [field extraction], found: java.lang.String',
    );
    expect(() => t.apply(sinkRecord({ key: { schema: { type: 'string', optional: true }, value: null } }))).toThrow(
      'Cannot look up fields on non-struct type',
    );
    expect(() => t.apply(sinkRecord({ key: { schema: null, value: 'k' } }))).toThrow(
      'Only Map objects supported in absence of schema for [field extraction], found: java.lang.String',
    );
  });
});

describe('ExtractField$Value', () => {
  it('field.syntax.version=V2 reads nested fields, with backticks around a name holding dots; V1 takes the text as one name', () => {
    const value = { schema: CHANGE, value: { after: { id: 5, 'a.b': 'x' } } };
    expect(
      extractField(EXTRACT_FIELD_VALUE, { field: 'after.id', 'field.syntax.version': 'v2' }).apply(sinkRecord({ value })).value,
    ).toEqual({
      schema: { type: 'int64', optional: false },
      value: 5,
    });
    expect(
      extractField(EXTRACT_FIELD_VALUE, { field: 'after.`a.b`', 'field.syntax.version': 'V2' }).apply(sinkRecord({ value })).value,
    ).toEqual({
      schema: { type: 'string', optional: true },
      value: 'x',
    });
    expect(() => extractField(EXTRACT_FIELD_VALUE, { field: 'after.id' }).apply(sinkRecord({ value }))).toThrow('Unknown field: after.id');
    const nullAfter = { schema: CHANGE, value: { after: null } };
    expect(
      extractField(EXTRACT_FIELD_VALUE, { field: 'after.id', 'field.syntax.version': 'V2' }).apply(sinkRecord({ value: nullAfter })).value
        .value,
    ).toBeNull();
    const nested = new Map<ConnectValue, ConnectValue>([['after', new Map<ConnectValue, ConnectValue>([['id', 5]])]]);
    expect(
      extractField(EXTRACT_FIELD_VALUE, { field: 'after.id', 'field.syntax.version': 'V2' }).apply(
        sinkRecord({ value: { schema: null, value: nested } }),
      ).value,
    ).toEqual({ schema: null, value: 5 });
  });

  it('leaves the key alone', () => {
    const input = sinkRecord({ key: { schema: null, value: 'k' }, value: usersStruct(3, 'u3', 'Bo') });
    const out = extractField(EXTRACT_FIELD_VALUE, { field: 'user_id' }).apply(input);
    expect([out.key, out.value]).toEqual([input.key, { schema: { type: 'string', optional: true }, value: 'u3' }]);
  });

  it('validate: field required, field.syntax.version V1 or V2, a V2 path with a lone backtick, unknown keys', () => {
    for (const className of [EXTRACT_FIELD_KEY, EXTRACT_FIELD_VALUE]) {
      const definition = findTransform(className.slice(className.lastIndexOf('.') + 1))!;
      expect(definition.className).toBe(className);
      const simple = className.slice(className.lastIndexOf('.') + 1);
      expect(definition.validate({ type: className })).toEqual({
        field: ['Missing required configuration "field" which has no default value.'],
      });
      expect(definition.validate({ field: 'id', 'field.syntax.version': 'V3', 'replace.null.with.default': '1', fields: 'id' })).toEqual({
        fields: [`Unknown configuration "fields" for ${simple}`],
        'field.syntax.version': [
          'Invalid value V3 for configuration field.syntax.version: String must be one of (case insensitive): V1, V2',
        ],
        'replace.null.with.default': [
          'Invalid value 1 for configuration replace.null.with.default: Expected value to be either true or false',
        ],
      });
      expect(definition.validate({ field: '`after.id', 'field.syntax.version': 'V2' })).toEqual({
        field: ['Incomplete backtick pair in path: [`after.id], consider adding a backslash before backtick at position 0 to escape it'],
      });
      expect(definition.validate({ field: '`after.id' })).toEqual({});
    }
  });
});
