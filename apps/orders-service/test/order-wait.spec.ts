import { http, waitFor, type HttpResult } from '@kafka-sync/testing';
import { randomUUID } from 'node:crypto';
import { OrderDecisionWatcher, WATCH_INTERVAL_MS } from '../src/orders/waiting/order-decision-watcher';
import { startOrdersFixture, type OrdersFixture } from './support/orders-fixture';
import { startOrdersInstance, type OrdersInstance } from './support/orders-instance';
import { sinkDecision, sinkOrder, type SinkOrder } from './support/sink-writes';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A request and how long it took to be answered. */
async function timed(request: Promise<HttpResult>): Promise<HttpResult & { ms: number }> {
  const started = Date.now();
  const res = await request;
  return { ...res, ms: Date.now() - started };
}

describe('GET /orders/{id}?wait= and Prefer: wait= (one decision watcher per instance)', () => {
  let fixture: OrdersFixture;
  let db: OrdersFixture['db'];
  let instance: OrdersInstance;
  let watcher: OrderDecisionWatcher;

  beforeAll(async () => {
    fixture = await startOrdersFixture('orders-wait', [{ INSTANCE_ID: 'orders-wait' }]);
    ({ db } = fixture);
    [instance] = fixture.instances;
    watcher = instance.app.get(OrderDecisionWatcher);
  });

  afterAll(() => fixture?.stop());

  /** A PENDING order in the table, as the sink writes it. */
  async function pendingOrder(userId = 'waiter'): Promise<SinkOrder> {
    const order = { orderId: randomUUID(), userId, productId: 'CATALOG-001', qty: 1, unitPrice: 10, createdAt: new Date() };
    await sinkOrder(db, order);
    return order;
  }

  const get = (orderId: string, query = '', headers: Record<string, string> = {}) =>
    timed(http('GET', `${instance.url}/orders/${orderId}${query}`, undefined, headers));

  it('?wait=5s answers as soon as the decision is written, well under the wait', async () => {
    const order = await pendingOrder();
    const answer = get(order.orderId, '?wait=5s');
    await sleep(300);
    await sinkDecision(db, order.orderId, 'CONFIRMED', null, new Date());
    const res = await answer;
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ orderId: order.orderId, status: 'CONFIRMED', statusReason: null, decidedAt: expect.any(String) });
    expect(res.ms).toBeGreaterThanOrEqual(300);
    expect(res.ms).toBeLessThan(300 + 10 * WATCH_INTERVAL_MS);
    expect(res.headers.get('preference-applied')).toBeNull();
  });

  it('answers 200 and still PENDING when the wait runs out (?wait=1 in seconds, ?wait=500ms)', async () => {
    const order = await pendingOrder();
    const seconds = await get(order.orderId, '?wait=1');
    expect(seconds.status).toBe(200);
    expect(seconds.body).toMatchObject({ orderId: order.orderId, status: 'PENDING', statusReason: null, decidedAt: null });
    expect(seconds.ms).toBeGreaterThanOrEqual(1000);
    expect(seconds.ms).toBeLessThan(2000);

    const millis = await get(order.orderId, '?wait=500ms');
    expect(millis.body.status).toBe('PENDING');
    expect(millis.ms).toBeGreaterThanOrEqual(500);
    expect(millis.ms).toBeLessThan(1500);
    expect(watcher.stats().waiting).toBe(0);
  });

  it('answers at once when the order is already decided, or when no wait is asked', async () => {
    const order = await pendingOrder();
    expect((await get(order.orderId)).body.status).toBe('PENDING');
    await sinkDecision(db, order.orderId, 'REJECTED', 'unknown product CATALOG-001', new Date());
    const res = await get(order.orderId, '?wait=25s');
    expect(res.body).toMatchObject({ status: 'REJECTED', statusReason: 'unknown product CATALOG-001' });
    expect(res.ms).toBeLessThan(500);
  });

  it('takes Prefer: wait=5 (RFC 7240) the same way and answers Preference-Applied: wait=5', async () => {
    const order = await pendingOrder();
    const answer = get(order.orderId, '', { Prefer: 'return=representation, wait=5' });
    await sleep(200);
    await sinkDecision(db, order.orderId, 'REJECTED', 'not enough stock: 0 left, 1 ordered', new Date());
    const res = await answer;
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('REJECTED');
    expect(res.ms).toBeLessThan(200 + 10 * WATCH_INTERVAL_MS);
    expect(res.headers.get('preference-applied')).toBe('wait=5');

    const timedOut = await get((await pendingOrder()).orderId, '', { Prefer: 'wait=1' });
    expect(timedOut.body.status).toBe('PENDING');
    expect(timedOut.ms).toBeGreaterThanOrEqual(1000);
    expect(timedOut.headers.get('preference-applied')).toBe('wait=1');
  });

  it('caps a longer Prefer: wait at 25 s and says so; ?wait= wins over the header', async () => {
    const order = await pendingOrder();
    const capped = get(order.orderId, '', { Prefer: 'wait=600' });
    await sleep(200);
    await sinkDecision(db, order.orderId, 'CONFIRMED', null, new Date());
    const res = await capped;
    expect(res.body.status).toBe('CONFIRMED');
    expect(res.headers.get('preference-applied')).toBe('wait=25');

    const both = await get((await pendingOrder()).orderId, '?wait=300ms', { Prefer: 'wait=10' });
    expect(both.body.status).toBe('PENDING');
    expect(both.ms).toBeLessThan(1300);
    expect(both.headers.get('preference-applied')).toBeNull();
  });

  it('waits for an order not in the table yet (still on its way through the sink) and answers once it is there and decided', async () => {
    // Accepted by this instance: published, but no sink runs here, so the table does not have it.
    const placed = await http('POST', `${instance.url}/orders`, { userId: 'in-flight', productId: 'CATALOG-002', qty: 2, unitPrice: 7 });
    expect(placed.status).toBe(201);
    const orderId = placed.body.orderId;
    const answer = get(orderId, '?wait=5');
    // The decision first (a row of the decision alone ends no wait: it is not an order yet), then the order.
    await sleep(200);
    await sinkDecision(db, orderId, 'CONFIRMED', null, new Date());
    await sleep(300);
    expect(watcher.stats().waiting).toBe(1);
    await sinkOrder(db, { ...placed.body, createdAt: new Date(placed.body.createdAt) });
    const res = await answer;
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ...placed.body, status: 'CONFIRMED', statusReason: null });
    expect(res.ms).toBeGreaterThanOrEqual(500);
    expect(res.ms).toBeLessThan(500 + 10 * WATCH_INTERVAL_MS);
  });

  it('answers 404 when the order is still not in the table at the end of the wait', async () => {
    const res = await get(randomUUID(), '?wait=1');
    expect(res.status).toBe(404);
    expect(res.body.message).toMatch(/not in the orders table/);
    expect(res.ms).toBeGreaterThanOrEqual(1000);
  });

  it('serves 50 concurrent waits with the one watcher: one query per tick for all 50 ids, and no database connection held per wait', async () => {
    const orders = await Promise.all(Array.from({ length: 50 }, () => pendingOrder('fifty')));
    const answers = orders.map((o) => get(o.orderId, '?wait=20s'));
    await waitFor('the 50 waits to be registered', () => watcher.stats().waiting === 50, 10_000, 10);

    // Over one second: about one query every WATCH_INTERVAL_MS (plus its own time), each for all 50 ids.
    const before = watcher.stats();
    let busyMax = 0;
    for (let i = 0; i < 20; i++) {
      // Connections of this database doing something other than sleeping (the test's own excepted).
      const [{ busy }] = await db.query<Array<{ busy: number }>>(
        "SELECT COUNT(*) AS busy FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND COMMAND <> 'Sleep' AND ID <> CONNECTION_ID()",
      );
      busyMax = Math.max(busyMax, Number(busy));
      await sleep(50);
    }
    const after = watcher.stats();
    const elapsedTicks = after.queries - before.queries;
    expect(elapsedTicks).toBeGreaterThanOrEqual(5);
    expect(elapsedTicks).toBeLessThanOrEqual(Math.ceil(1500 / WATCH_INTERVAL_MS));
    expect(after.lastBatch).toBe(50);
    expect(busyMax).toBeLessThanOrEqual(1);

    // The pool (20 connections) is not taken by the 50 waits: a plain read is answered at once.
    const list = await timed(http('GET', `${instance.url}/orders?userId=fifty&pageSize=100`));
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(50);
    expect(list.ms).toBeLessThan(500);

    // One UPDATE decides them all; every wait ends within a tick or two.
    const decidedAt = Date.now();
    await db.query("UPDATE orders SET status = 'CONFIRMED', decided_at = NOW(3) WHERE user_id = 'fifty'");
    const results = await Promise.all(answers);
    const lastAnswer = Date.now() - decidedAt;
    expect(results.map((r) => [r.status, r.body.status])).toEqual(results.map(() => [200, 'CONFIRMED']));
    expect(lastAnswer).toBeLessThan(10 * WATCH_INTERVAL_MS);
    expect(watcher.stats().waiting).toBe(0);

    // Nobody waits: the watcher is quiet.
    const idle = watcher.stats().queries;
    await sleep(5 * WATCH_INTERVAL_MS);
    expect(watcher.stats().queries).toBe(idle);
  });

  it('stops waiting when the client goes away', async () => {
    const order = await pendingOrder();
    const client = new AbortController();
    const request = fetch(`${instance.url}/orders/${order.orderId}?wait=20s`, { signal: client.signal }).catch((e: Error) => e.name);
    await waitFor('the wait to be registered', () => watcher.stats().waiting === 1, 5000, 10);
    client.abort();
    expect(await request).toBe('AbortError');
    await waitFor('the wait to end', () => watcher.stats().waiting === 0, 1000, 10);
  });

  it('on shutdown, answers its waits with what the table holds before it closes the database', async () => {
    const other = await startOrdersInstance({ KAFKA_BROKERS: fixture.broker.bootstrap, ORDERS_DB: db.name, INSTANCE_ID: 'orders-wait-2' });
    const otherWatcher = other.app.get(OrderDecisionWatcher);
    const pending = await pendingOrder();
    const missing = randomUUID();
    const answers = [pending.orderId, missing].map((id) => timed(http('GET', `${other.url}/orders/${id}?wait=20s`)));
    await waitFor('both waits to be registered', () => otherWatcher.stats().waiting === 2, 5000, 10);

    const closing = timed(other.app.close().then(() => ({ status: 0, headers: new Headers(), body: null, text: '' })));
    const [stillPending, stillMissing] = await Promise.all(answers);
    expect([stillPending.status, stillPending.body.status]).toEqual([200, 'PENDING']);
    expect(stillPending.headers.get('x-instance-id')).toBe('orders-wait-2');
    expect(stillMissing.status).toBe(404);
    expect(Math.max(stillPending.ms, stillMissing.ms)).toBeLessThan(3000);
    expect((await closing).ms).toBeLessThan(3000);
    expect(otherWatcher.stats().waiting).toBe(0);
  });
});
