import { CATALOG_TOPIC, ORDERS_TOPIC, parseOrdersRecord } from '@kafka-sync/contracts';
import type { EmbeddedKafka } from '@kafka-sync/embedded-kafka';
import { http, readTopic } from '@kafka-sync/testing';
import { startOrdersFixture, type OrdersFixture } from './support/orders-fixture';
import type { OrdersInstance } from './support/orders-instance';

describe('orders-service against the embedded broker and MariaDB', () => {
  let fixture: OrdersFixture;
  let broker: EmbeddedKafka;
  let db: OrdersFixture['db'];
  let a: OrdersInstance;
  let b: OrdersInstance;

  beforeAll(async () => {
    fixture = await startOrdersFixture('orders-test', [{ INSTANCE_ID: 'orders-a' }, { INSTANCE_ID: 'orders-b' }]);
    ({ broker, db } = fixture);
    [a, b] = fixture.instances;
  });

  afterAll(() => fixture?.stop());

  const order = { userId: 'user-1', productId: 'CATALOG-001', qty: 3, unitPrice: 1500 };

  it('accepts an order with 201 and publishes both records, keyed and shaped as the contracts say', async () => {
    const res = await http('POST', `${a.url}/orders`, order);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      ...order,
      orderId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      totalPrice: 4500,
      createdAt: expect.any(String),
      instanceId: 'orders-a',
    });
    expect(res.headers.get('location')).toBe(`/orders/${res.body.orderId}`);
    expect(res.headers.get('x-instance-id')).toBe('orders-a');

    const records = await readTopic(broker.bootstrap, ORDERS_TOPIC, 1);
    const mine = records.filter((r) => r.key === res.body.orderId);
    expect(mine).toHaveLength(1);
    expect(parseOrdersRecord(mine[0].value!)).toEqual({ ...res.body, createdAt: new Date(res.body.createdAt) });

    const events = (await readTopic(broker.bootstrap, CATALOG_TOPIC, 1)).filter((r) => r.key === 'CATALOG-001');
    const event = events.map((r) => JSON.parse(r.value!.toString())).find((e) => e.orderId === res.body.orderId);
    expect(event).toEqual({
      productId: 'CATALOG-001',
      qty: 3,
      unitPrice: 1500,
      totalPrice: 4500,
      orderId: res.body.orderId,
      userId: 'user-1',
    });
    expect(Object.keys(event)).toEqual(['productId', 'qty', 'unitPrice', 'totalPrice', 'orderId', 'userId']);
  });

  it('publishes every one of many concurrent orders exactly once, on both topics', async () => {
    const responses = await Promise.all(
      Array.from({ length: 60 }, (_, i) => http('POST', `${i % 2 ? a.url : b.url}/orders`, { ...order, userId: `burst-${i}`, qty: i + 1 })),
    );
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 201));
    const ids = responses.map((r) => r.body.orderId as string);
    expect(new Set(ids).size).toBe(60);

    const orders = await readTopic(broker.bootstrap, ORDERS_TOPIC, 60);
    const events = await readTopic(broker.bootstrap, CATALOG_TOPIC, 60);
    for (const id of ids) {
      expect(orders.filter((r) => r.key === id)).toHaveLength(1);
      expect(events.filter((r) => JSON.parse(r.value!.toString()).orderId === id)).toHaveLength(1);
    }
  });

  it('serves the course routes unchanged', async () => {
    const created = await http('POST', `${b.url}/order-service/course-user/orders`, { productId: 'CATALOG-002', qty: 2, unitPrice: 1000 });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body)).toEqual(['productId', 'qty', 'unitPrice', 'totalPrice', 'createdAt', 'orderId']);
    expect(created.body).toMatchObject({ productId: 'CATALOG-002', qty: 2, unitPrice: 1000, totalPrice: 2000 });
    expect(created.headers.get('x-instance-id')).toBe('orders-b');

    const listed = await http('GET', `${a.url}/order-service/nobody-yet/orders`);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([]);
  });

  it('gives the same order for the same Idempotency-Key on either instance, and publishes it once', async () => {
    const key = `key-${Date.now()}`;
    const first = await http('POST', `${a.url}/orders`, order, { 'Idempotency-Key': key });
    const again = await http('POST', `${b.url}/orders`, order, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('x-instance-id')).toBe('orders-b');

    const published = (await readTopic(broker.bootstrap, ORDERS_TOPIC, 1)).filter((r) => r.key === first.body.orderId);
    expect(published).toHaveLength(1);

    const different = await http('POST', `${b.url}/orders`, { ...order, qty: 4 }, { 'Idempotency-Key': key });
    expect(different.status).toBe(422);
    expect(different.body.message).toMatch(/different request body/);
  });

  it('reads what the sink wrote: one order, pages newest first, and the course list', async () => {
    const missing = await http('GET', `${a.url}/orders/00000000-0000-0000-0000-000000000000`);
    expect(missing.status).toBe(404);
    expect(missing.body.message).toMatch(/not in the orders table/);

    const rows = Array.from({ length: 5 }, (_, i) => [
      `00000000-0000-0000-0000-00000000000${i}`,
      'reader',
      'CATALOG-003',
      i + 1,
      2000,
      (i + 1) * 2000,
      new Date(Date.UTC(2026, 0, 1 + i)),
    ]);
    await db.query('INSERT INTO orders (order_id, user_id, product_id, qty, unit_price, total_price, created_at) VALUES ?', [rows]);

    const one = await http('GET', `${b.url}/orders/00000000-0000-0000-0000-000000000002`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual({
      orderId: '00000000-0000-0000-0000-000000000002',
      userId: 'reader',
      productId: 'CATALOG-003',
      qty: 3,
      unitPrice: 2000,
      totalPrice: 6000,
      createdAt: '2026-01-03T00:00:00.000Z',
      instanceId: null,
      // No decision reached the table: the status column's default.
      status: 'PENDING',
      statusReason: null,
      decidedAt: null,
    });

    const page = await http('GET', `${a.url}/orders?userId=reader&page=2&pageSize=2`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ page: 2, pageSize: 2, total: 5 });
    expect(page.body.items.map((o: { qty: number }) => o.qty)).toEqual([3, 2]);

    const course = await http('GET', `${b.url}/order-service/reader/orders`);
    expect(course.body.map((o: { qty: number }) => o.qty)).toEqual([5, 4, 3, 2, 1]);
    expect(course.body[0]).toEqual({
      productId: 'CATALOG-003',
      qty: 5,
      unitPrice: 2000,
      totalPrice: 10000,
      createdAt: '2026-01-05T00:00:00.000Z',
      orderId: '00000000-0000-0000-0000-000000000004',
    });
  });

  it('reports live and ready', async () => {
    expect((await http('GET', `${a.url}/health`)).status).toBe(200);
    const ready = await http('GET', `${a.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(ready.body.info).toMatchObject({ database: { status: 'up' }, kafka: { status: 'up' } });
  });

  it('serves its OpenAPI description at /docs', async () => {
    const spec = await http('GET', `${a.url}/docs-json`);
    expect(spec.status).toBe(200);
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining(['/orders', '/orders/{orderId}', '/order-service/{userId}/orders', '/health/ready']),
    );
    expect(spec.body.components.schemas.CreateOrderDto.required).toEqual(
      expect.arrayContaining(['userId', 'productId', 'qty', 'unitPrice']),
    );
    expect((await http('GET', `${a.url}/docs`)).text).toMatch(/swagger/i);
  });
});
