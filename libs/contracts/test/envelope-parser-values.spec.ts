import { ConnectDataError, field, parseEnvelope, schema, serializeEnvelope, type ConnectStruct } from '../src';

const env = (schemaJson: string, payload: string): string => `{"schema":${schemaJson},"payload":${payload}}`;
const valueOf = (schemaJson: string, payload: string): unknown => parseEnvelope(env(schemaJson, payload)).value;
const DECIMAL_2 = '{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}}';

describe('parseEnvelope: tombstones and schemaless values', () => {
  it('turns a tombstone (null or undefined value) into no schema and no value', () => {
    expect(parseEnvelope(null)).toEqual({ schema: null, value: null });
    expect(parseEnvelope(undefined)).toEqual({ schema: null, value: null });
  });

  it('treats {"schema":null,"payload":null} like a tombstone', () => {
    expect(parseEnvelope('{"schema":null,"payload":null}')).toEqual({ schema: null, value: null });
  });

  it('reads a schemaless payload: integers and fractions as numbers, objects as Maps', () => {
    const parsed = parseEnvelope(env('null', '{"n":42,"x":1.5,"list":[true,"s",null],"inner":{"k":"v"}}'));
    expect(parsed.schema).toBeNull();
    expect(parsed.value).toEqual(
      new Map<string, unknown>([
        ['n', 42],
        ['x', 1.5],
        ['list', [true, 's', null]],
        ['inner', new Map([['k', 'v']])],
      ]),
    );
    expect(valueOf('null', '"plain"')).toBe('plain');
  });
});

describe('parseEnvelope: values by schema', () => {
  it('reads primitives', () => {
    expect(valueOf('{"type":"int8"}', '-128')).toBe(-128);
    expect(valueOf('{"type":"int16"}', '32767')).toBe(32767);
    expect(valueOf('{"type":"int32"}', '-2147483648')).toBe(-2147483648);
    expect(valueOf('{"type":"int64"}', '9007199254740991')).toBe(9007199254740991);
    expect(valueOf('{"type":"float"}', '1.5')).toBe(1.5);
    expect(valueOf('{"type":"double"}', '-2.5e-3')).toBe(-0.0025);
    expect(valueOf('{"type":"boolean"}', 'false')).toBe(false);
    expect(valueOf('{"type":"string"}', '"héllo"')).toBe('héllo');
  });

  it('reads bytes from base64 into a Buffer ("dGVzdC1zdHJpbmc=" is "test-string")', () => {
    const value = valueOf('{"type":"bytes"}', '"dGVzdC1zdHJpbmc="');
    expect(Buffer.isBuffer(value)).toBe(true);
    expect((value as Buffer).toString()).toBe('test-string');
  });

  it('reads a struct into a plain object keyed by field name, in field order', () => {
    const value = valueOf(
      '{"type":"struct","fields":[{"type":"string","optional":true,"field":"b"},{"type":"int32","optional":true,"field":"a"}]}',
      '{"a":1,"b":"x"}',
    );
    expect(value).toEqual({ b: 'x', a: 1 });
    expect(Object.keys(value as object)).toEqual(['b', 'a']);
  });

  it('reads a missing optional key as null and ignores payload keys the schema does not name', () => {
    const value = valueOf('{"type":"struct","fields":[{"type":"string","optional":true,"field":"a"}]}', '{"zzz":1}');
    expect(value).toEqual({ a: null });
  });

  it('keeps a field named __proto__ as an ordinary field', () => {
    const value = valueOf('{"type":"struct","fields":[{"type":"string","field":"__proto__"}]}', '{"__proto__":"x"}') as ConnectStruct;
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toBe('x');
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it('reads arrays and both map forms', () => {
    expect(valueOf('{"type":"array","items":{"type":"int32","optional":true}}', '[1,null,3]')).toEqual([1, null, 3]);
    expect(valueOf('{"type":"map","keys":{"type":"string"},"values":{"type":"int32"}}', '{"a":1,"b":2}')).toEqual(
      new Map([
        ['a', 1],
        ['b', 2],
      ]),
    );
    expect(valueOf('{"type":"map","keys":{"type":"int32"},"values":{"type":"string"}}', '[[1,"one"],[2,"two"]]')).toEqual(
      new Map([
        [1, 'one'],
        [2, 'two'],
      ]),
    );
  });

  it('returns null for a null optional value and accepts bytes input', () => {
    expect(valueOf('{"type":"struct","fields":[],"optional":true}', 'null')).toBeNull();
    expect(parseEnvelope(new Uint8Array(Buffer.from(env('{"type":"int32"}', '7')))).value).toBe(7);
  });
});

describe('parseEnvelope: logical types', () => {
  it('reads a Timestamp as a Date', () => {
    expect(valueOf('{"type":"int64","name":"org.apache.kafka.connect.data.Timestamp","version":1}', '1714566896789')).toEqual(
      new Date('2024-05-01T12:34:56.789Z'),
    );
  });

  it('reads a Date (days since the epoch) as midnight UTC', () => {
    expect(valueOf('{"type":"int32","name":"org.apache.kafka.connect.data.Date","version":1}', '19844')).toEqual(
      new Date('2024-05-01T00:00:00Z'),
    );
    expect(valueOf('{"type":"int32","name":"org.apache.kafka.connect.data.Date"}', '-1')).toEqual(new Date('1969-12-31T00:00:00Z'));
  });

  it('reads a Time as that time on 1970-01-01 UTC, accepting both ends of the day', () => {
    const time = '{"type":"int32","name":"org.apache.kafka.connect.data.Time","version":1}';
    expect(valueOf(time, '3600000')).toEqual(new Date('1970-01-01T01:00:00Z'));
    expect(valueOf(time, '0')).toEqual(new Date(0));
    expect(valueOf(time, '86400000')).toEqual(new Date(86_400_000));
  });

  it('reads a Decimal from base64 bytes as exact text ("AJw=" is 1.56)', () => {
    expect(valueOf(DECIMAL_2, '"AJw="')).toBe('1.56');
    expect(valueOf(DECIMAL_2, '"/2Q="')).toBe('-1.56');
    expect(valueOf(DECIMAL_2, '"BQ=="')).toBe('0.05');
    expect(valueOf(DECIMAL_2, '"+w=="')).toBe('-0.05');
    expect(valueOf(DECIMAL_2.replace('"2"', '"0"'), '"AJw="')).toBe('156');
    expect(valueOf(DECIMAL_2.replace('"2"', '"-2"'), '"DA=="')).toBe('1200');
  });

  it('reads a Decimal given as a JSON number, padded to the scale and keeping extra digits', () => {
    expect(valueOf(DECIMAL_2, '1.56')).toBe('1.56');
    expect(valueOf(DECIMAL_2, '1.5')).toBe('1.50');
    expect(valueOf(DECIMAL_2, '7')).toBe('7.00');
    expect(valueOf(DECIMAL_2, '1.567')).toBe('1.567');
    expect(valueOf(DECIMAL_2, '1e-7')).toBe('0.0000001');
    expect(valueOf(DECIMAL_2, '-1.5e21')).toBe('-1500000000000000000000.00');
  });

  it('refuses a Timestamp a JavaScript Date cannot hold', () => {
    expect(() => valueOf('{"type":"int64","name":"org.apache.kafka.connect.data.Timestamp"}', '8640000000000001')).toThrow(
      new ConnectDataError('Invalid date at payload: 8640000000000001 ms from the epoch is outside the range a JavaScript Date can hold'),
    );
  });
});

describe('parseEnvelope: defaults (replace.null.with.default)', () => {
  const withDefault = '{"type":"struct","fields":[{"type":"int32","optional":true,"default":5,"field":"n"}]}';

  it('uses the default for a null or missing value', () => {
    expect(valueOf(withDefault, '{"n":null}')).toEqual({ n: 5 });
    expect(valueOf(withDefault, '{}')).toEqual({ n: 5 });
    expect(valueOf(withDefault, '{"n":7}')).toEqual({ n: 7 });
  });

  it('keeps the null when replace.null.with.default is false', () => {
    expect(parseEnvelope(env(withDefault, '{"n":null}'), { replaceNullWithDefault: false }).value).toEqual({ n: null });
  });

  it('still refuses a null in a required field with a default when replace.null.with.default is false', () => {
    expect(() => parseEnvelope(env('{"type":"int32","default":5}', 'null'), { replaceNullWithDefault: false })).toThrow(
      new ConnectDataError('Invalid null value for required INT32 field'),
    );
    expect(valueOf('{"type":"int32","default":5}', 'null')).toBe(5);
  });

  it('decodes defaults with their own schema: a Timestamp default is a Date, a struct default a struct', () => {
    expect(valueOf('{"type":"int64","name":"org.apache.kafka.connect.data.Timestamp","default":0}', 'null')).toEqual(new Date(0));
    expect(valueOf('{"type":"struct","fields":[{"type":"string","field":"a"}],"default":{"a":"d"}}', 'null')).toEqual({ a: 'd' });
  });

  it('treats a null default on an optional schema as no default', () => {
    expect(valueOf('{"type":"string","optional":true,"default":null}', 'null')).toBeNull();
  });
});

describe('parseEnvelope: the schema it returns', () => {
  it('is in the converter key order, "optional" always present, ill-typed name, version and doc dropped', () => {
    const parsed = parseEnvelope(env('{"doc":7,"version":"1","name":5,"optional":"true","type":"string"}', '"x"'));
    expect(JSON.stringify(parsed.schema)).toBe('{"type":"string","optional":false}');
  });

  it('keeps every attribute the converter keeps', () => {
    const schemaJson = '{"type":"int32","optional":true,"name":"N","version":2,"doc":"d","parameters":{"a":"b"},"default":7}';
    expect(JSON.stringify(parseEnvelope(env(schemaJson, 'null')).schema)).toBe(schemaJson);
  });
});

describe('round trips: build → parse → the same values', () => {
  const everything = schema.struct(
    [
      field.int8('i8'),
      field.int64('i64', { optional: true }),
      field.float('f32'),
      field.boolean('bool'),
      field.string('text'),
      field.bytes('raw'),
      field.timestamp('at'),
      field.date('day'),
      field.time('clock'),
      field.decimal('amount', 3),
      field.array('tags', schema.string({ optional: true })),
      field.map('labels', schema.string(), schema.double()),
      field.map('byDay', schema.date(), schema.int32()),
      field.struct('inner', [field.string('x', { default: 'fallback' })], { optional: true }),
    ],
    { name: 'everything', doc: 'one of each' },
  );

  it('gives back every value and the schema', () => {
    const payload = {
      i8: 127,
      i64: -9_007_199_254_740_991,
      f32: 0.5,
      bool: true,
      text: '\u0000 control \n and "quotes" and emoji 😀',
      raw: Buffer.from([0, 255, 128, 1]),
      at: new Date('1969-07-20T20:17:40Z'),
      day: new Date('2000-02-29T00:00:00Z'),
      clock: new Date(86_399_999),
      amount: '-12345678901234567890.125',
      tags: ['a', null],
      labels: new Map([['pi', 3.14159]]),
      byDay: new Map([[new Date('2024-01-01T00:00:00Z'), 3]]),
      inner: { x: null },
    };
    const parsed = parseEnvelope(serializeEnvelope(everything, payload));
    expect(parsed.schema).toEqual(everything);
    expect(parsed.value).toEqual({ ...payload, inner: { x: 'fallback' } });
  });

  it('gives back null for omitted optional values', () => {
    const optional = schema.struct([field.string('a', { optional: true }), field.timestamp('b', { optional: true })]);
    expect(parseEnvelope(serializeEnvelope(optional, {})).value).toEqual({ a: null, b: null });
  });
});
