import { ConnectDataError, envelope, field, schema, serializeEnvelope, type ConnectSchema } from '../src';

const json = (value: unknown): string => JSON.stringify(value);

describe('schema builders', () => {
  it('write every attribute in JsonConverter.asJsonSchema order, whatever order the options come in', () => {
    const built = field.int32('n', { default: 7, parameters: { a: 'b' }, doc: 'a number', version: 2, name: 'N', optional: true });
    expect(json(built)).toBe(
      '{"type":"int32","optional":true,"name":"N","version":2,"doc":"a number","parameters":{"a":"b"},"default":7,"field":"n"}',
    );
  });

  it('write "optional":false when not optional and leave absent attributes out', () => {
    expect(json(schema.string())).toBe('{"type":"string","optional":false}');
    expect(json(field.boolean('flag'))).toBe('{"type":"boolean","optional":false,"field":"flag"}');
  });

  it('use the converter\'s type strings, "float" and "double"', () => {
    expect(schema.float().type).toBe('float');
    expect(schema.double().type).toBe('double');
  });

  it('build the logical types with their name and version 1', () => {
    expect(json(field.timestamp('at', { optional: true }))).toBe(
      '{"type":"int64","optional":true,"name":"org.apache.kafka.connect.data.Timestamp","version":1,"field":"at"}',
    );
    expect(json(schema.date())).toBe('{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Date","version":1}');
    expect(json(schema.time())).toBe('{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Time","version":1}');
    expect(json(field.decimal('price', 2, { optional: true, doc: 'price', default: '1.50' }))).toBe(
      '{"type":"bytes","optional":true,"name":"org.apache.kafka.connect.data.Decimal","version":1,"doc":"price",' +
        '"parameters":{"scale":"2"},"default":"AJY=","field":"price"}',
    );
  });

  it('put items, keys and values right after the type', () => {
    expect(json(schema.array(schema.string(), { optional: true }))).toBe(
      '{"type":"array","items":{"type":"string","optional":false},"optional":true}',
    );
    expect(json(field.map('m', schema.int32(), schema.string({ optional: true })))).toBe(
      '{"type":"map","keys":{"type":"int32","optional":false},"values":{"type":"string","optional":true},"optional":false,"field":"m"}',
    );
  });

  it('write defaults in payload form', () => {
    expect(field.timestamp('at', { default: new Date(86_400_000) }).default).toBe(86_400_000);
    expect(schema.bytes({ default: Buffer.from('test-string') }).default).toBe('dGVzdC1zdHJpbmc=');
  });

  it('refuse a default the schema cannot hold', () => {
    expect(() => schema.int8({ default: 128 })).toThrow(
      new ConnectDataError('Invalid INT8 value at default: expected an integer from -128 to 127 but found number 128'),
    );
  });

  it('refuse two fields of one name', () => {
    expect(() => schema.struct([field.string('a'), field.int32('a')])).toThrow(
      new ConnectDataError('Cannot create field because of field name duplication a'),
    );
  });

  it('refuse a fractional Decimal scale', () => {
    expect(() => schema.decimal(1.5)).toThrow('A Decimal scale must be an integer, not 1.5');
  });
});

describe('envelope', () => {
  const everything = schema.struct(
    [
      field.int8('i8'),
      field.int16('i16'),
      field.int32('i32'),
      field.int64('i64'),
      field.float('f32'),
      field.double('f64'),
      field.boolean('bool'),
      field.string('text'),
      field.bytes('raw'),
      field.timestamp('at'),
      field.date('day'),
      field.time('clock'),
      field.decimal('amount', 2),
      field.array('tags', schema.string()),
      field.map('labels', schema.string(), schema.int32()),
      field.map('byId', schema.int32(), schema.string()),
      field.struct('inner', [field.string('x', { optional: true })]),
    ],
    { name: 'everything' },
  );
  const payload = {
    i8: -128,
    i16: 32_767,
    i32: -2_147_483_648,
    i64: Number.MAX_SAFE_INTEGER,
    f32: 1.5,
    f64: -0.25,
    bool: true,
    text: 'héllo "you"',
    raw: Buffer.from('test-string'),
    at: new Date('2024-05-01T12:34:56.789Z'),
    day: new Date('2024-05-01T00:00:00Z'),
    clock: new Date(3_600_000),
    amount: '-1.56',
    tags: ['a', 'b'],
    labels: new Map([['k', 1]]),
    byId: new Map([[7, 'seven']]),
    inner: {},
  };

  it('encodes every type the way JsonConverter writes it', () => {
    expect(json(envelope(everything, payload).payload)).toBe(
      '{"i8":-128,"i16":32767,"i32":-2147483648,"i64":9007199254740991,"f32":1.5,"f64":-0.25,"bool":true,' +
        '"text":"héllo \\"you\\"","raw":"dGVzdC1zdHJpbmc=","at":1714566896789,"day":19844,"clock":3600000,' +
        '"amount":"/2Q=","tags":["a","b"],"labels":{"k":1},"byId":[[7,"seven"]],"inner":{"x":null}}',
    );
  });

  it('writes payload keys in field order, not in the order they were given', () => {
    const pair = schema.struct([field.string('first'), field.string('second')]);
    expect(json(envelope(pair, { second: '2', first: '1' }).payload)).toBe('{"first":"1","second":"2"}');
  });

  it('puts the keys of a hand-written schema in the converter order', () => {
    const handWritten = {
      name: 'x',
      optional: false,
      fields: [{ field: 'a', optional: true, type: 'string' }],
      type: 'struct',
    } as ConnectSchema;
    expect(serializeEnvelope(handWritten, { a: 'v' })).toBe(
      '{"schema":{"type":"struct","fields":[{"type":"string","optional":true,"field":"a"}],"optional":false,"name":"x"},"payload":{"a":"v"}}',
    );
  });

  it('writes the default in place of a null, and null for an optional field without one', () => {
    const withDefaults = schema.struct([field.int32('count', { default: 5 }), field.string('note', { optional: true })]);
    expect(serializeEnvelope(withDefaults, { count: null, note: undefined })).toBe(
      '{"schema":{"type":"struct","fields":[{"type":"int32","optional":false,"default":5,"field":"count"},' +
        '{"type":"string","optional":true,"field":"note"}],"optional":false},"payload":{"count":5,"note":null}}',
    );
  });

  it('writes a null top-level payload for an optional schema', () => {
    expect(serializeEnvelope(schema.string({ optional: true }), null)).toBe('{"schema":{"type":"string","optional":true},"payload":null}');
  });

  it('serializeEnvelope is the JSON text of envelope()', () => {
    expect(serializeEnvelope(everything, payload)).toBe(JSON.stringify(envelope(everything, payload)));
  });

  it.each<[string, ConnectSchema, unknown, string]>([
    [
      'a required null',
      schema.struct([field.string('x')]),
      {},
      'Conversion error: null value for field that is required and has no default value (payload.x)',
    ],
    [
      'a misspelt field',
      schema.struct([field.string('x', { optional: true })]),
      { y: 'v' },
      'Unknown field "y" at payload: the schema has x',
    ],
    [
      'a fractional int',
      schema.int32(),
      1.5,
      'Invalid INT32 value at payload: expected an integer from -2147483648 to 2147483647 but found number 1.5',
    ],
    [
      'a string for an int',
      schema.int16(),
      '5',
      'Invalid INT16 value at payload: expected an integer from -32768 to 32767 but found string "5"',
    ],
    [
      'an unsafe int64 number (2^53 + 1 would already be rounded to it)',
      schema.int64(),
      2 ** 53,
      'Invalid INT64 value at payload: expected a bigint beyond ±9007199254740991, where a number is not exact but found number 9007199254740992',
    ],
    ['NaN for a double', schema.double(), Number.NaN, 'Invalid FLOAT64 value at payload: expected a finite number but found number NaN'],
    [
      'a string for bytes',
      schema.bytes(),
      'AA==',
      'Invalid BYTES value at payload: expected a Buffer or Uint8Array but found string "AA=="',
    ],
    ['an object for an array', schema.array(schema.string()), {}, 'Invalid ARRAY value at payload: expected an array but found Object'],
    [
      'a Date with a time of day for Date',
      schema.date(),
      new Date(1),
      'Kafka Connect Date type should not have any time fields set to non-zero values. (payload)',
    ],
    [
      'a Date past the first day for Time',
      schema.time(),
      new Date(86_400_001),
      'Kafka Connect Time type should not have any date fields set to non-zero values. (payload)',
    ],
    [
      'too many decimal places',
      schema.decimal(2),
      '1.567',
      'Decimal value has mismatching scale for given Decimal schema. Schema has scale 2, value has scale 3. (payload)',
    ],
    [
      'a number for a Decimal',
      schema.decimal(2),
      1.5,
      'Invalid Decimal value at payload: expected a decimal string such as "12.50" but found number 1.5',
    ],
    [
      'a Map for a struct',
      schema.struct([]),
      new Map(),
      'Invalid STRUCT value at payload: expected a plain object with the struct fields but found Map',
    ],
    [
      'a string key for an int-keyed map',
      schema.map(schema.int32(), schema.string()),
      { a: 'x' },
      'Invalid INT32 value at payload key #0: expected an integer from -2147483648 to 2147483647 but found string "a"',
    ],
  ])('refuses %s', (_case, valueSchema, value, message) => {
    expect(() => envelope(valueSchema, value)).toThrow(new ConnectDataError(message));
  });

  it('accepts decimal text with fewer places or trailing zeros, keeping the value', () => {
    expect(envelope(schema.decimal(2), '1.5').payload).toBe('AJY='); // 150
    expect(envelope(schema.decimal(2), '1.5600').payload).toBe('AJw='); // 156
    expect(envelope(schema.decimal(-2), '1200').payload).toBe('DA=='); // 12
  });

  it('refuses a schema the parser would refuse', () => {
    expect(() => envelope({ type: 'float32', optional: false } as unknown as ConnectSchema, 1)).toThrow('Unknown schema type: float32');
  });
});

describe('payload types follow the schema (checked by tsc, which runs on the tests)', () => {
  const typed = schema.struct([field.string('id'), field.int32('count', { optional: true }), field.timestamp('at', { optional: true })]);

  it('accepts a matching payload and leaves optional fields out', () => {
    expect(() => envelope(typed, { id: 'a' })).not.toThrow();
    expect(() => envelope(typed, { id: 'a', count: null, at: new Date(0) })).not.toThrow();
  });

  it('rejects wrong payloads at compile time and at run time', () => {
    // @ts-expect-error count is an int32, not a string
    expect(() => envelope(typed, { id: 'a', count: '1' })).toThrow(ConnectDataError);
    // @ts-expect-error id is required
    expect(() => envelope(typed, { count: 1 })).toThrow(ConnectDataError);
    // @ts-expect-error at is a Timestamp, given as a Date
    expect(() => envelope(typed, { id: 'a', at: 0 })).toThrow(ConnectDataError);
  });
});
