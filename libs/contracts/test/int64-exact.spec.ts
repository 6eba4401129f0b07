// int64 across Java's whole Long range, both directions: JSON.parse would round 2^53 + 1 to 2^53
// before anyone could check it, so integer tokens beyond ±(2^53−1) are read as bigints (and only
// those: safe integers stay numbers), and bigints are written as their digits.
import { ConnectDataError, envelope, field, parseEnvelope, schema, serializeEnvelope } from '../src';
import { parseJson, stringifyJson } from '../src/json/exact-json';

const env = (schemaJson: string, payload: string): string => `{"schema":${schemaJson},"payload":${payload}}`;
const valueOf = (schemaJson: string, payload: string): unknown => parseEnvelope(env(schemaJson, payload)).value;
const failureOf = (schemaJson: string, payload: string): string => {
  try {
    parseEnvelope(env(schemaJson, payload));
  } catch (error) {
    if (error instanceof ConnectDataError) return error.message;
    throw error;
  }
  throw new Error('parsed');
};

const INT64 = '{"type":"int64"}';
const EXACT: [string, bigint][] = [
  ['2^53 + 1', 9007199254740993n],
  ['2^53', 9007199254740992n],
  ['−2^53', -9007199254740992n],
  ['2^63 − 1', 2n ** 63n - 1n],
  ['−2^63', -(2n ** 63n)],
];

describe('parseJson', () => {
  it.each([
    ['plain values', '{"a":[1,-2.5,1e3,true,false,null,"x"],"b":{}}'],
    ['strings with escapes and digits', '["9007199254740993\\"\\\\","\\u00e9\\n","1234567890123456789"]'],
    ['"__proto__" as an own key', '{"__proto__":{"x":1},"12345678901234567":1}'],
    ['a duplicate key (the last wins)', '{"a":1,"a":2,"b":12345678901234567.5}'],
    ['-0, exponents and whitespace', ' [ -0 , 1E+2 , 2e-3 , 90071992547409910e-1 ] '],
    ['the largest safe integers', '[9007199254740991,-9007199254740991]'],
  ])('equals JSON.parse for %s', (_case, text) => {
    expect(parseJson(text)).toEqual(JSON.parse(text));
    expect(Object.hasOwn(parseJson(text) as object, '__proto__')).toBe(Object.hasOwn(JSON.parse(text) as object, '__proto__'));
  });

  it('reads integer tokens beyond ±(2^53−1) as exact bigints, at any depth', () => {
    expect(parseJson('{"a":[9007199254740993,{"b":-9223372036854775808}],"c":123456789012345678901234567890}')).toEqual({
      a: [9007199254740993n, { b: -9223372036854775808n }],
      c: 123456789012345678901234567890n,
    });
  });

  it('throws JSON.parse’s error for bad JSON, long digits or not', () => {
    expect(() => parseJson('{"a":12345678901234567,}')).toThrow(SyntaxError);
    expect(() => parseJson('[01234567890123456]')).toThrow(SyntaxError);
  });
});

describe('stringifyJson', () => {
  it('writes bigints as their digits and everything else as JSON.stringify does', () => {
    const value = { a: [9007199254740993n, undefined, 1.5], b: undefined, c: new Date(0), d: Buffer.from('x'), e: { f: -(2n ** 63n) } };
    expect(stringifyJson(value)).toBe(
      '{"a":[9007199254740993,null,1.5],"c":"1970-01-01T00:00:00.000Z","d":{"type":"Buffer","data":[120]},"e":{"f":-9223372036854775808}}',
    );
    expect(stringifyJson({ a: 1, b: 'x' })).toBe(JSON.stringify({ a: 1, b: 'x' }));
  });
});

describe('parseEnvelope: int64', () => {
  it.each(EXACT)('reads %s exactly, as a bigint', (_case, value) => {
    expect(valueOf(INT64, value.toString())).toBe(value);
    expect(valueOf('{"type":"struct","fields":[{"type":"int64","field":"id"}]}', `{"id":${value}}`)).toEqual({ id: value });
  });

  it('keeps safe integers as numbers', () => {
    expect(valueOf(INT64, '9007199254740991')).toBe(9007199254740991);
    expect(valueOf(INT64, '-9007199254740991')).toBe(-9007199254740991);
    expect(valueOf(INT64, '42')).toBe(42);
  });

  it.each([
    ['2^63', '9223372036854775808'],
    ['−2^63 − 1', '-9223372036854775809'],
    ['a 30-digit integer', '123456789012345678901234567890'],
  ])('refuses %s with the exact value in the message', (_case, text) => {
    expect(failureOf(INT64, text)).toBe(
      `Invalid INT64 value at payload: expected an integer from -9223372036854775808 to 9223372036854775807 but found NUMBER ${text}`,
    );
  });

  it('leaves int8…int32 as they were, and names the exact value it refuses', () => {
    expect(valueOf('{"type":"int32"}', '2147483647')).toBe(2147483647);
    expect(failureOf('{"type":"int32"}', '9007199254740993')).toBe(
      'Invalid INT32 value at payload: expected an integer from -2147483648 to 2147483647 but found NUMBER 9007199254740993',
    );
    expect(failureOf('{"type":"int8"}', '300')).toBe(
      'Invalid INT8 value at payload: expected an integer from -128 to 127 but found NUMBER 300',
    );
  });

  it('reads an int64 default beyond ±(2^53−1) exactly', () => {
    expect(valueOf('{"type":"int64","optional":true,"default":9223372036854775807}', 'null')).toBe(2n ** 63n - 1n);
  });

  it('reads schemaless integers within Long’s range exactly', () => {
    expect(valueOf('null', '[9007199254740993,-9223372036854775808,1]')).toEqual([9007199254740993n, -(2n ** 63n), 1]);
  });

  it('reads a Decimal written as a large integer number exactly', () => {
    const decimal = '{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"2"}}';
    expect(valueOf(decimal, '123456789012345678901')).toBe('123456789012345678901.00');
  });

  it('refuses a Timestamp beyond ±(2^53−1) ms as outside a JavaScript Date, naming the exact value', () => {
    expect(failureOf('{"type":"int64","name":"org.apache.kafka.connect.data.Timestamp"}', '9007199254740993')).toBe(
      'Invalid date at payload: 9007199254740993 ms from the epoch is outside the range a JavaScript Date can hold',
    );
  });
});

describe('envelope / serializeEnvelope: int64', () => {
  const ids = schema.struct([field.int64('id')], { name: 'ids' });

  it.each(EXACT)('writes %s exactly, and reads it back', (_case, value) => {
    const text = serializeEnvelope(ids, { id: value });
    expect(text.endsWith(`"payload":{"id":${value}}}`)).toBe(true);
    expect(parseEnvelope(text).value).toEqual({ id: value });
    expect(parseEnvelope(Buffer.from(text)).value).toEqual({ id: value });
  });

  it('writes a bigint a number holds exactly as a number, so the payload stays JSON.stringify-able', () => {
    expect(envelope(ids, { id: 5n }).payload).toEqual({ id: 5 });
    expect(envelope(ids, { id: -9007199254740991n }).payload).toEqual({ id: -9007199254740991 });
  });

  it.each([
    ['2^63', 2n ** 63n],
    ['−2^63 − 1', -(2n ** 63n) - 1n],
  ])('refuses %s', (_case, value) => {
    expect(() => envelope(ids, { id: value })).toThrow(
      new ConnectDataError(
        `Invalid INT64 value at payload.id: expected an integer from -9223372036854775808 to 9223372036854775807 but found bigint ${value}n`,
      ),
    );
  });

  it('refuses a bigint for an int32', () => {
    expect(() => envelope(schema.int32(), 5n as never)).toThrow(
      new ConnectDataError('Invalid INT32 value at payload: expected an integer from -2147483648 to 2147483647 but found bigint 5n'),
    );
  });
});
