// parseEnvelope remembers the bytes before "payload" of records it parsed in full and then parses
// only the payload of records starting with the same bytes. Whatever a record holds, the answer
// (value or error message) must be the one the full parse gives: string input always takes the
// full path, so each Buffer below is compared with the same text as a string. Equal answers alone
// would hold without a fast path too, so the first tests check that it is taken.
import { field, ordersRecordValue, parseEnvelope, schema, serializeEnvelope } from '../src';
import { knownSchemaEnvelope } from '../src/connect/envelope-prefixes';

const record = ordersRecordValue({
  orderId: 'o-1',
  userId: 'u-1',
  productId: 'CATALOG-001',
  qty: 2,
  unitPrice: 1500,
  totalPrice: 3000,
  createdAt: new Date(Date.UTC(2026, 10, 22)),
  instanceId: 'test',
});
const prefix = record.slice(0, record.indexOf(',"payload":') + ',"payload":'.length);
const payload = record.slice(prefix.length, -1);

function outcome(input: string | Buffer): { value: unknown } | { error: string } {
  try {
    return { value: parseEnvelope(input).value };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

beforeEach(() => {
  // A full parse of a Buffer with this schema makes its prefix known.
  parseEnvelope(Buffer.from(record));
});

it('after a full parse of a Buffer, a record with the same prefix is answered from its payload alone, with the remembered schema', () => {
  const next = ordersRecordValue({
    orderId: 'o-2',
    userId: 'u-2',
    productId: 'CATALOG-002',
    qty: 5,
    unitPrice: 100,
    totalPrice: 500,
    createdAt: new Date(Date.UTC(2026, 10, 23)),
    instanceId: 'test',
  });
  const known = knownSchemaEnvelope(Buffer.from(next));
  expect(known?.schema).toBe(parseEnvelope(record).schema);
  expect(known?.payload).toEqual(JSON.parse(next).payload);
});

it('a record whose bytes before the payload differ is left to the full parse', () => {
  expect(knownSchemaEnvelope(Buffer.from(record.replace('{"schema":{"type":"struct"', '{"schema": {"type": "struct"')))).toBeUndefined();
  expect(knownSchemaEnvelope(Buffer.from(`{"payload":${payload},"schema":null}`))).toBeUndefined();
});

it('a record with a known prefix parses to the same schema object and value as the full parse', () => {
  const fast = parseEnvelope(Buffer.from(record));
  const full = parseEnvelope(record);
  expect(fast.schema).toBe(full.schema);
  expect(fast.value).toEqual(full.value);
  expect(fast.value).toEqual(expect.objectContaining({ order_id: 'o-1', qty: 2 }));
});

it.each([
  ['trailing whitespace', `${record} \n`],
  ['whitespace inside the payload', `${prefix} ${payload.replace(',', ' , ')} }`],
  ['a null payload', `${prefix}null}`],
  ['a key after the payload', `${prefix}${payload},"extra":1}`],
  ['the payload key twice', `${prefix}${payload},"payload":${payload}}`],
  ['the schema key again after the payload', `${prefix}${payload},"schema":null}`],
  ['no closing brace', `${prefix}${payload}`],
  ['an empty payload', `${prefix}}`],
  ['text after the closing brace', `${record}x`],
  ['two closing braces', `${record}}`],
  ['a payload of the wrong JSON type for the schema', `${prefix}[1,2]}`],
  ['a field of the wrong type', `${prefix}${payload.replace('"qty":2', '"qty":"2"')}}`],
  ['a payload that is not JSON', `${prefix}{"order_id":}}`],
])('%s: the same answer as the full parse', (_case, text) => {
  expect(outcome(Buffer.from(text))).toEqual(outcome(text));
});

it('invalid UTF-8 in the payload of a known prefix is refused as in the full parse', () => {
  const bytes = Buffer.concat([Buffer.from(`${prefix}{"order_id":"`), Buffer.from([0xc3, 0x28]), Buffer.from('"}}')]);
  expect(outcome(bytes)).toEqual({
    error: 'Converting byte[] to Kafka Connect data failed due to serialization error: the bytes are not valid UTF-8',
  });
});

it('a schema written differently (other spacing) takes the full path and still parses', () => {
  const spaced = record.replace('{"schema":{"type":"struct"', '{"schema": {"type": "struct"');
  expect(outcome(Buffer.from(spaced))).toEqual(outcome(record));
});

describe('int64 beyond ±(2^53−1): the fast path reads it as exactly as the full path', () => {
  const ids = serializeEnvelope(schema.struct([field.int64('id'), field.int32('n')], { name: 'ids' }), { id: 1, n: 1 });
  const idsPrefix = ids.slice(0, ids.indexOf(',"payload":') + ',"payload":'.length);

  beforeEach(() => {
    parseEnvelope(Buffer.from(ids));
  });

  it('the fast path is taken and gives the payload integer as an exact bigint', () => {
    expect(knownSchemaEnvelope(Buffer.from(`${idsPrefix}{"id":9007199254740993,"n":1}}`))?.payload).toEqual({
      id: 9007199254740993n,
      n: 1,
    });
  });

  it.each([
    ['2^53 + 1', '{"id":9007199254740993,"n":1}'],
    ['2^63 − 1', '{"id":9223372036854775807,"n":1}'],
    ['−2^63', '{"id":-9223372036854775808,"n":1}'],
    ['the largest safe integer (a number)', '{"id":9007199254740991,"n":1}'],
    ['2^63 (refused)', '{"id":9223372036854775808,"n":1}'],
    ['−2^63 − 1 (refused)', '{"id":-9223372036854775809,"n":1}'],
    ['2^53 + 1 in the int32 (refused)', '{"id":1,"n":9007199254740993}'],
    ['16 digits inside a string only', '{"id":1,"n":1,"note":"1234567890123456"}'],
    ['an exponent form (read as a double, as before)', '{"id":1e17,"n":1}'],
  ])('%s: the same answer as the full parse', (_case, body) => {
    expect(outcome(Buffer.from(`${idsPrefix}${body}}`))).toEqual(outcome(`${idsPrefix}${body}}`));
  });
});
