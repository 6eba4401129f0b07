import { CATALOG_TOPIC, ORDERS_TOPIC } from '@kafka-sync/contracts';
import { http, readTopic } from '@kafka-sync/testing';
import { startOrdersFixture, type OrdersFixture } from './support/orders-fixture';
import type { OrdersInstance } from './support/orders-instance';

const valid = { userId: 'u-1', productId: 'CATALOG-001', qty: 2, unitPrice: 100 };

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
