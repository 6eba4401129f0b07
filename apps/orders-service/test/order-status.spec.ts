import { ORDER_STATUSES } from '@kafka-sync/contracts';
import { http } from '@kafka-sync/testing';
import { randomUUID } from 'node:crypto';
import { startOrdersFixture, type OrdersFixture } from './support/orders-fixture';
import type { OrdersInstance } from './support/orders-instance';
import { sinkDecision, sinkOrder, type SinkOrder } from './support/sink-writes';

const COURSE_KEYS = ['productId', 'qty', 'unitPrice', 'totalPrice', 'createdAt', 'orderId'];

describe("an order's status, as catalog-service decided it and the sink wrote it to the shared table", () => {
  let fixture: OrdersFixture;
  let db: OrdersFixture['db'];
  let a: OrdersInstance;
  let b: OrdersInstance;

  beforeAll(async () => {
    fixture = await startOrdersFixture('orders-status', [{ INSTANCE_ID: 'status-a' }, { INSTANCE_ID: 'status-b' }]);
    ({ db } = fixture);
    [a, b] = fixture.instances;
  });

  afterAll(() => fixture?.stop());

  /** Three orders of a new user, one day apart (newest last), written as the sink writes them. */
  async function threeOrders(userId: string): Promise<SinkOrder[]> {
    const orders = [1, 2, 3].map((day) => ({
      orderId: randomUUID(),
      userId,
      productId: `CATALOG-00${day}`,
      qty: day,
      unitPrice: 100,
      createdAt: new Date(Date.UTC(2026, 1, day)),
      instanceId: 'status-a',
    }));
    for (const order of orders) await sinkOrder(db, order);
    return orders;
  }

  it('shows PENDING, with no reason and no decision time, until a decision arrives, then the decision, on both routes and instances', async () => {
    const [confirmed, rejected, pending] = await threeOrders('decided-user');
    const before = await http('GET', `${a.url}/orders/${confirmed.orderId}`);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ status: 'PENDING', statusReason: null, decidedAt: null });

    await sinkDecision(db, confirmed.orderId, 'CONFIRMED', null, new Date('2026-02-10T08:00:00.123Z'));
    await sinkDecision(db, rejected.orderId, 'REJECTED', 'not enough stock: 1 left, 2 ordered', new Date('2026-02-10T08:00:01.456Z'));

    for (const instance of [a, b]) {
      const one = await http('GET', `${instance.url}/orders/${rejected.orderId}`);
      expect(one.status).toBe(200);
      expect(one.body).toEqual({
        orderId: rejected.orderId,
        userId: 'decided-user',
        productId: 'CATALOG-002',
        qty: 2,
        unitPrice: 100,
        totalPrice: 200,
        createdAt: '2026-02-02T00:00:00.000Z',
        instanceId: 'status-a',
        status: 'REJECTED',
        statusReason: 'not enough stock: 1 left, 2 ordered',
        decidedAt: '2026-02-10T08:00:01.456Z',
      });

      const list = await http('GET', `${instance.url}/orders?userId=decided-user`);
      expect(list.status).toBe(200);
      expect(list.body.total).toBe(3);
      expect(list.body.items.map((o: Record<string, unknown>) => [o.orderId, o.status, o.statusReason, o.decidedAt])).toEqual([
        [pending.orderId, 'PENDING', null, null],
        [rejected.orderId, 'REJECTED', 'not enough stock: 1 left, 2 ordered', '2026-02-10T08:00:01.456Z'],
        [confirmed.orderId, 'CONFIRMED', null, '2026-02-10T08:00:00.123Z'],
      ]);
      expect(Object.keys(list.body.items[0])).toEqual(Object.keys(one.body));
    }
  });

  it('filters by ?status=, alone or with userId and pages, the total counting only that status', async () => {
    const orders = [...(await threeOrders('filter-user')), ...(await threeOrders('filter-user'))];
    await sinkDecision(db, orders[0].orderId, 'REJECTED', 'unknown product CATALOG-001', new Date());
    await sinkDecision(db, orders[3].orderId, 'REJECTED', 'unknown product CATALOG-001', new Date());
    await sinkDecision(db, orders[4].orderId, 'CONFIRMED', null, new Date());

    const rejected = await http('GET', `${a.url}/orders?userId=filter-user&status=REJECTED`);
    expect(rejected.status).toBe(200);
    expect(rejected.body.total).toBe(2);
    expect(rejected.body.items.map((o: { orderId: string }) => o.orderId).sort()).toEqual([orders[0].orderId, orders[3].orderId].sort());
    expect(rejected.body.items.every((o: { status: string }) => o.status === 'REJECTED')).toBe(true);

    const pending = await http('GET', `${b.url}/orders?userId=filter-user&status=PENDING&page=2&pageSize=2`);
    expect(pending.body).toMatchObject({ page: 2, pageSize: 2, total: 3 });
    expect(pending.body.items).toHaveLength(1);
    expect(pending.body.items[0].status).toBe('PENDING');

    // Without userId: every user's orders of that status, and only those.
    const confirmed = await http('GET', `${a.url}/orders?status=CONFIRMED&pageSize=100`);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.items.map((o: { orderId: string }) => o.orderId)).toContain(orders[4].orderId);
    expect(new Set(confirmed.body.items.map((o: { status: string }) => o.status))).toEqual(new Set(['CONFIRMED']));
  });

  it("keeps the course's routes exactly as they were: the same keys, decided or not, no status", async () => {
    const created = await http('POST', `${a.url}/order-service/course-status/orders`, { productId: 'CATALOG-001', qty: 1, unitPrice: 10 });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body)).toEqual(COURSE_KEYS);

    const [confirmed, rejected] = await threeOrders('course-status');
    await sinkDecision(db, confirmed.orderId, 'CONFIRMED', null, new Date());
    await sinkDecision(db, rejected.orderId, 'REJECTED', 'unknown product CATALOG-002', new Date());
    const listed = await http('GET', `${b.url}/order-service/course-status/orders`);
    expect(listed.status).toBe(200);
    expect(listed.body).toHaveLength(3);
    for (const order of listed.body) expect(Object.keys(order)).toEqual(COURSE_KEYS);
    expect(listed.body.find((o: { orderId: string }) => o.orderId === rejected.orderId)).toEqual({
      productId: 'CATALOG-002',
      qty: 2,
      unitPrice: 100,
      totalPrice: 200,
      createdAt: '2026-02-02T00:00:00.000Z',
      orderId: rejected.orderId,
    });
  });

  it('does not show a decision that arrived before its order until the order is there, then shows the decision', async () => {
    const order: SinkOrder = {
      orderId: randomUUID(),
      userId: 'early-decision',
      productId: 'CATALOG-009',
      qty: 7,
      unitPrice: 5,
      createdAt: new Date('2026-03-01T12:00:00.000Z'),
    };
    await sinkDecision(db, order.orderId, 'REJECTED', 'unknown product CATALOG-009', new Date('2026-03-01T12:00:00.500Z'));
    const [row] = await db.query<Array<{ product_id: string | null; status: string }>>(
      'SELECT product_id, status FROM orders WHERE order_id = ?',
      [order.orderId],
    );
    expect(row).toEqual({ product_id: null, status: 'REJECTED' }); // the row the sink made of the decision alone

    const one = await http('GET', `${a.url}/orders/${order.orderId}`);
    expect(one.status).toBe(404);
    expect(one.body.message).toMatch(/not in the orders table/);
    const everything = await http('GET', `${a.url}/orders?status=REJECTED&pageSize=100`);
    expect(everything.body.items.map((o: { orderId: string }) => o.orderId)).not.toContain(order.orderId);
    const all = await http('GET', `${a.url}/orders?pageSize=100`);
    expect(all.body.items.map((o: { orderId: string }) => o.orderId)).not.toContain(order.orderId);
    expect(all.body.items.every((o: { productId: string | null }) => o.productId !== null)).toBe(true);

    await sinkOrder(db, order);
    const arrived = await http('GET', `${b.url}/orders/${order.orderId}`);
    expect(arrived.status).toBe(200);
    expect(arrived.body).toMatchObject({
      orderId: order.orderId,
      productId: 'CATALOG-009',
      totalPrice: 35,
      status: 'REJECTED',
      statusReason: 'unknown product CATALOG-009',
      decidedAt: '2026-03-01T12:00:00.500Z',
    });
    const listed = await http('GET', `${b.url}/orders?userId=early-decision`);
    expect(listed.body.items.map((o: { status: string }) => o.status)).toEqual(['REJECTED']);
  });

  it('describes the status, the filter and the wait in its OpenAPI document', async () => {
    const spec = (await http('GET', `${a.url}/docs-json`)).body;
    const listParams = spec.paths['/orders'].get.parameters;
    expect(listParams.find((p: { name: string }) => p.name === 'status')).toMatchObject({
      in: 'query',
      required: false,
      schema: { enum: [...ORDER_STATUSES] },
    });
    const getParams = spec.paths['/orders/{orderId}'].get.parameters.map((p: { name: string; in: string }) => `${p.in} ${p.name}`);
    expect(getParams).toEqual(expect.arrayContaining(['path orderId', 'query wait', 'header Prefer']));

    const view = spec.components.schemas.OrderWithStatusView;
    expect(view.properties.status.enum).toEqual([...ORDER_STATUSES]);
    expect(view.properties).toHaveProperty('statusReason');
    expect(view.properties).toHaveProperty('decidedAt');
    expect(spec.components.schemas.OrderPageView.properties.items.items.$ref).toBe('#/components/schemas/OrderWithStatusView');
    expect(spec.components.schemas.OrderView.properties).not.toHaveProperty('status');
  });
});
