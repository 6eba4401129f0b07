import { findTransform } from '../../src/transforms';
import { VALUE_TO_KEY } from '../../src/transforms/value-to-key';
import { sinkRecord, usersMap, usersStruct, USERS_SCHEMA } from './records';

const valueToKey = (config: Record<string, string>) => {
  const definition = findTransform(VALUE_TO_KEY);
  if (!definition) throw new Error(`${VALUE_TO_KEY} is not registered`);
  expect(definition.validate(config)).toEqual({});
  return definition.create(config);
};

describe('ValueToKey', () => {
  it('with a schema: the key is an unnamed required struct of the listed fields, in the listed order', () => {
    const input = sinkRecord({ value: usersStruct(7, 'u7', 'Ann') });
    const out = valueToKey({ fields: 'user_id, id' }).apply(input);
    expect(out.key).toEqual({
      schema: {
        type: 'struct',
        fields: [
          { type: 'string', optional: true, field: 'user_id' },
          { type: 'int32', optional: false, field: 'id' },
        ],
        optional: false,
      },
      value: { user_id: 'u7', id: 7 },
    });
    expect(out.value).toBe(input.value);
    expect([out.topic, out.partition, out.offset, out.timestamp]).toEqual([input.topic, input.partition, input.offset, input.timestamp]);
    expect(input.key).toEqual({ schema: null, value: null });
  });

  it('a null field takes its schema default unless replace.null.with.default=false', () => {
    const input = sinkRecord({ value: usersStruct(7, null, null) });
    expect(valueToKey({ fields: 'name' }).apply(input).key.value).toEqual({ name: 'nobody' });
    expect(valueToKey({ fields: 'name', 'replace.null.with.default': 'FALSE' }).apply(input).key.value).toEqual({ name: null });
  });

  it('schemaless: the key is a map of the listed entries (null when absent), without a schema', () => {
    const out = valueToKey({ fields: 'id,code' }).apply(sinkRecord({ value: usersMap({ id: 7, name: 'Ann' }) }));
    expect(out.key).toEqual({
      schema: null,
      value: new Map<string, unknown>([
        ['id', 7],
        ['code', null],
      ]),
    });
  });

  it("refuses, with Kafka's DataException texts, a field the schema lacks and values that are neither struct nor map", () => {
    expect(() => valueToKey({ fields: 'id,nope' }).apply(sinkRecord({ value: usersStruct(1, 'u', 'n') }))).toThrow(
      'Field does not exist: nope',
    );
    expect(() => valueToKey({ fields: 'id,id' }).apply(sinkRecord({ value: usersStruct(1, 'u', 'n') }))).toThrow(
      'Cannot create field because of field name duplication id',
    );
    expect(() => valueToKey({ fields: 'id' }).apply(sinkRecord({ value: { schema: null, value: 'text' } }))).toThrow(
      'Only Map objects supported in absence of schema for [copying fields from value to key], found: java.lang.String',
    );
    // As in Kafka, a tombstone has no fields to copy.
    expect(() => valueToKey({ fields: 'id' }).apply(sinkRecord())).toThrow(
      'Only Map objects supported in absence of schema for [copying fields from value to key], found: null',
    );
    expect(() => valueToKey({ fields: 'id' }).apply(sinkRecord({ value: { schema: USERS_SCHEMA, value: null } }))).toThrow(
      'Only Struct objects supported for [copying fields from value to key], found: null',
    );
    expect(() =>
      valueToKey({ fields: 'id' }).apply(sinkRecord({ value: { schema: { type: 'int64', optional: false }, value: 5 } })),
    ).toThrow('Only Struct objects supported for [copying fields from value to key], found: java.lang.Long');
  });

  it('validate: fields required and non-empty, replace.null.with.default a boolean, unknown keys refused', () => {
    const definition = findTransform('ValueToKey')!;
    expect(definition.className).toBe(VALUE_TO_KEY);
    expect(definition.validate({ type: VALUE_TO_KEY })).toEqual({
      fields: ['Missing required configuration "fields" which has no default value.'],
    });
    expect(definition.validate({ fields: ' , ' })).toEqual({ fields: ['Invalid value [] for configuration fields: Empty list'] });
    expect(definition.validate({ fields: 'id', 'replace.null.with.default': 'yes', feilds: 'id', predicate: 'p' })).toEqual({
      'replace.null.with.default': [
        'Invalid value yes for configuration replace.null.with.default: Expected value to be either true or false',
      ],
      feilds: ['Unknown configuration "feilds" for ValueToKey'],
      predicate: ['Unknown configuration "predicate" for ValueToKey: predicates are not implemented by this worker'],
    });
    expect(definition.configKeys().map((k) => [k.name, k.type, k.required, k.defaultValue])).toEqual([
      ['fields', 'LIST', true, null],
      ['replace.null.with.default', 'BOOLEAN', false, 'true'],
    ]);
  });
});
