import { CATALOG_TOPIC, ORDERS_TOPIC } from '@kafka-sync/contracts';
import { http, readTopic } from '@kafka-sync/testing';
import { startOrdersFixture, type OrdersFixture } from './support/orders-fixture';
import type { OrdersInstance } from './support/orders-instance';

const valid = { userId: 'u-1', productId: 'CATALOG-001', qty: 2, unitPrice: 100 };
const ORDER_ID = '00000000-0000-0000-0000-00000000abcd';

/** [what, method, path, body (string = sent verbatim), headers, expected status, message pattern] */
const CASES: Array<[string, string, string, unknown, Record<string, string>, number, RegExp]> = [
  ['malformed JSON', 'POST', '/orders', '{"userId": "u-1", "qty": ', {}, 400, /Malformed JSON/],
  ['a body over the size limit', 'POST', '/orders', { ...valid, userId: 'x'.repeat(20_000) }, {}, 413, /larger than/],
  ['an unknown field', 'POST', '/orders', { ...valid, discount: 5 }, {}, 400, /property discount should not exist/],
  ['a missing userId', 'POST', '/orders', { productId: 'p', qty: 1, unitPrice: 1 }, {}, 400, /userId/],
  ['an empty productId', 'POST', '/orders', { ...valid, productId: '' }, {}, 400, /productId/],
  ['a 121-character userId', 'POST', '/orders', { ...valid, userId: 'u'.repeat(121) }, {}, 400, /userId/],
  ['qty 0', 'POST', '/orders', { ...valid, qty: 0 }, {}, 400, /qty/],
  ['a negative qty', 'POST', '/orders', { ...valid, qty: -3 }, {}, 400, /qty/],
  ['a fractional qty', 'POST', '/orders', { ...valid, qty: 1.5 }, {}, 400, /qty/],
  ['qty as a string', 'POST', '/orders', { ...valid, qty: '2' }, {}, 400, /qty/],
  ['unitPrice 0', 'POST', '/orders', { ...valid, unitPrice: 0 }, {}, 400, /unitPrice/],
  ['a total beyond int32', 'POST', '/orders', { ...valid, qty: 50_000, unitPrice: 50_000 }, {}, 400, /2147483647/],
  ['a JSON array instead of an object', 'POST', '/orders', '[1,2,3]', {}, 400, /.+/],
  ['userId as a number', 'POST', '/orders', { ...valid, userId: 42 }, {}, 400, /userId/],
  ['an Idempotency-Key with spaces', 'POST', '/orders', valid, { 'Idempotency-Key': 'not a key' }, 400, /Idempotency-Key/],
  ['an Idempotency-Key over 255 characters', 'POST', '/orders', valid, { 'Idempotency-Key': 'k'.repeat(256) }, 400, /Idempotency-Key/],
  ['the course route with a userId in the body', 'POST', '/order-service/u-1/orders', valid, {}, 400, /property userId should not exist/],
  ['the course route with qty missing', 'POST', '/order-service/u-1/orders', { productId: 'p', unitPrice: 1 }, {}, 400, /qty/],
  ['a page of 0', 'GET', '/orders?page=0', undefined, {}, 400, /page/],
  ['a pageSize of 1000', 'GET', '/orders?pageSize=1000', undefined, {}, 400, /pageSize/],
  ['an unknown query parameter', 'GET', '/orders?sort=asc', undefined, {}, 400, /property sort should not exist/],
  [
    'an unknown status',
    'GET',
    '/orders?status=SHIPPED',
    undefined,
    {},
    400,
    /status must be one of PENDING, CONFIRMED, REJECTED \(got "SHIPPED"\)/,
  ],
  ['a status in lower case', 'GET', '/orders?status=confirmed', undefined, {}, 400, /status must be one of/],
  ['two statuses', 'GET', '/orders?status=PENDING&status=REJECTED', undefined, {}, 400, /status must be one of/],
  ['a wait that is not a duration', 'GET', `/orders/${ORDER_ID}?wait=soon`, undefined, {}, 400, /wait must be a duration/],
  ['an empty wait', 'GET', `/orders/${ORDER_ID}?wait=`, undefined, {}, 400, /wait must be a duration/],
  ['a negative wait', 'GET', `/orders/${ORDER_ID}?wait=-1`, undefined, {}, 400, /wait must be a duration/],
  ['a wait in minutes', 'GET', `/orders/${ORDER_ID}?wait=1m`, undefined, {}, 400, /wait must be a duration/],
  ['a wait over 25 s', 'GET', `/orders/${ORDER_ID}?wait=26s`, undefined, {}, 400, /at most 25 seconds/],
  ['a wait of 25001ms', 'GET', `/orders/${ORDER_ID}?wait=25001ms`, undefined, {}, 400, /at most 25 seconds/],
  [
    'Prefer: wait with a unit',
    'GET',
    `/orders/${ORDER_ID}`,
    undefined,
    { Prefer: 'wait=5s' },
    400,
    /Prefer: wait must be a whole number of seconds/,
  ],
  ['Prefer: wait without a value', 'GET', `/orders/${ORDER_ID}`, undefined, { Prefer: 'respond-async, wait' }, 400, /Prefer: wait/],
  [
    'an unknown query parameter on one order',
    'GET',
    `/orders/${ORDER_ID}?timeout=5`,
    undefined,
    {},
    400,
    /property timeout should not exist/,
  ],
  ['an unknown route', 'GET', '/nothing-here', undefined, {}, 404, /Cannot GET/],
];

describe('bad requests get a 4xx with a message and publish nothing', () => {
  let fixture: OrdersFixture;
  let instance: OrdersInstance;

  beforeAll(async () => {
    fixture = await startOrdersFixture('orders-bad', [{ INSTANCE_ID: 'orders-bad' }]);
    [instance] = fixture.instances;
  });

  afterAll(() => fixture?.stop());

  it.each(CASES)('%s → %s %s answers %#', async (_what, method, path, body, headers, status, message) => {
    const res = await http(method, `${instance.url}${path}`, body, headers);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const text = Array.isArray(res.body?.message) ? res.body.message.join('; ') : String(res.body?.message);
    expect(text).toMatch(message);
    expect(res.headers.get('x-instance-id')).toBe('orders-bad');
  });

  it('published nothing for any of them, on either topic', async () => {
    expect(await readTopic(fixture.broker.bootstrap, ORDERS_TOPIC, 0)).toEqual([]);
    expect(await readTopic(fixture.broker.bootstrap, CATALOG_TOPIC, 0)).toEqual([]);
  });
});
