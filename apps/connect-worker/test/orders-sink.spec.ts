import {
  deadLetterTopicFor,
  ORDER_STATUS_SCHEMA,
  ORDER_STATUS_TOPIC,
  orderStatusMessage,
  ORDERS_SCHEMA,
  ORDERS_TABLE,
  ORDERS_TABLE_DDL,
  ORDERS_TABLE_KEY,
  ORDERS_TOPIC,
  ordersMessage,
  type Order,
} from '@kafka-sync/contracts';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, readTopic } from '@kafka-sync/testing';
import { createThrowawayDatabase, type ThrowawayDatabase } from './support/jdbc-sink-harness';
import { startWorkerFixture, type WorkerFixture } from './worker/support/worker-fixture';

const REPO_ROOT = join(__dirname, '../../..');
const ORDERS_SINK_FILE = join(REPO_ROOT, 'docker/connect/orders-sink.json');

function readOrdersSink(): { name: string; config: Record<string, string> } {
  return JSON.parse(readFileSync(ORDERS_SINK_FILE, 'utf8')) as { name: string; config: Record<string, string> };
}

/** docker/connect/orders-sink.json, pointed at this run's database. */
function ordersSinkBody(db: ThrowawayDatabase): { name: string; config: Record<string, string> } {
  const body = readOrdersSink();
  return { name: body.name, config: { ...body.config, ...db.connection } };
}

function order(i: number, version = 0): Order {
  return {
    orderId: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
    userId: `user-${i % 7}`,
    productId: `CATALOG-00${1 + (i % 3)}`,
    qty: 1 + version,
    unitPrice: 1000 + i,
    totalPrice: (1 + version) * (1000 + i),
    createdAt: new Date(Date.UTC(2026, 10, 22, 0, 0, 0, i)),
    instanceId: 'orders-a',
  };
}

async function createOrdersTable(db: ThrowawayDatabase): Promise<void> {
  // The table orders-service's migration makes: its DDL is part of the orders contract.
  await db.query(ORDERS_TABLE_DDL);
}

async function rows(db: ThrowawayDatabase): Promise<Array<{ order_id: string; qty: number; total_price: number; user_id: string }>> {
  return db.query(`SELECT order_id, user_id, qty, total_price FROM \`${ORDERS_TABLE}\` ORDER BY order_id`);
}

describe('docker/connect/orders-sink.json', () => {
  // The spec is JSON, so it cannot import the contracts: these are the names it must spell as they do.
  const { config } = readOrdersSink();

  it("reads the contracts' orders and order-status topics and parks unreadable records in one dead-letter topic", () => {
    expect(config.topics).toBe(`${ORDERS_TOPIC},${ORDER_STATUS_TOPIC}`);
    expect(config['errors.tolerance']).toBe('all');
    expect(config['errors.deadletterqueue.topic.name']).toBe(deadLetterTopicFor(ORDERS_TOPIC));
  });

  it("upserts both records into the contracts' orders table, keyed on its primary key, which the table must already have", () => {
    // One table for both topics: each record upserts only its own columns into the order's row.
    expect(config['table.name.format']).toBe(ORDERS_TABLE);
    expect(config['insert.mode']).toBe('upsert');
    expect(config['pk.mode']).toBe('record_value');
    expect(config['pk.fields']).toBe(ORDERS_TABLE_KEY);
    expect(ORDERS_SCHEMA.fields.map((f) => f.field)).toContain(ORDERS_TABLE_KEY);
    expect(ORDER_STATUS_SCHEMA.fields.map((f) => f.field)).toContain(ORDERS_TABLE_KEY);
    // Neither record carries the other's columns, so neither upsert can undo the other.
    const orderFields = ORDERS_SCHEMA.fields.map((f) => f.field).filter((f) => f !== ORDERS_TABLE_KEY);
    expect(ORDER_STATUS_SCHEMA.fields.filter((f) => orderFields.includes(f.field))).toEqual([]);
    expect(config['auto.create']).toBe('false');
  });
});

describe('the orders sink (docker/connect/orders-sink.json) on the connect-worker', () => {
  let fixture: WorkerFixture;
  let db: ThrowawayDatabase;

  beforeAll(async () => {
    fixture = await startWorkerFixture('orders-sink');
    db = await createThrowawayDatabase('orders_sink');
    await createOrdersTable(db);
  });

  afterAll(async () => {
    await fixture?.stop();
    await db?.drop();
  });

  it('writes each order once into the shared table; replays and updates of an order upsert its row', async () => {
    const created = await fixture.call('POST', '/connectors', ordersSinkBody(db));
    expect(created.status).toBe(201);
    const first = Array.from({ length: 50 }, (_, i) => order(i));
    await fixture.produce(ORDERS_TOPIC, first.map(ordersMessage));
    // The same records again (a producer retry) and a newer version of order 7.
    await fixture.produce(ORDERS_TOPIC, [...first.slice(0, 10), order(7, 4)].map(ordersMessage));

    await fixture.waitFor(
      'all 50 orders in the table',
      async () => (await rows(db)).length === 50 && (await rows(db)).find((r) => r.qty === 5),
    );
    const table = await rows(db);
    expect(table).toHaveLength(50);
    expect(table.find((r) => r.order_id === order(7).orderId)).toEqual({
      order_id: order(7).orderId,
      user_id: 'user-0',
      qty: 5,
      total_price: 5 * 1007,
    });
    expect(table.find((r) => r.order_id === order(8).orderId)).toEqual({
      order_id: order(8).orderId,
      user_id: 'user-1',
      qty: 1,
      total_price: 1008,
    });
    const status = await fixture.call('GET', '/connectors/orders-sink/status');
    expect(status.body).toMatchObject({ connector: { state: 'RUNNING' }, tasks: [{ id: 0, state: 'RUNNING' }], type: 'sink' });
  });

  it('sends a record that is not an orders envelope to the dead-letter topic and keeps going', async () => {
    await fixture.produce(ORDERS_TOPIC, [{ key: 'poison', value: 'not json at all' }, ordersMessage(order(60))]);
    await fixture.waitFor('the order after the poison record', async () => (await rows(db)).some((r) => r.order_id === order(60).orderId));
    const status = await fixture.call('GET', '/connectors/orders-sink/status');
    expect(status.body.tasks[0].state).toBe('RUNNING');
    const [dead] = await readTopic(fixture.broker.bootstrap, deadLetterTopicFor(ORDERS_TOPIC), 1);
    expect(dead.value?.toString()).toBe('not json at all');
    expect(dead.headers['__connect.errors.topic']?.toString()).toBe(ORDERS_TOPIC);
    expect(dead.headers['__connect.errors.exception.message']?.toString()).toMatch(
      /Converting byte\[\] to Kafka Connect data failed due to serialization error/,
    );
  });
});

describe('an order and its decision arriving in either order (orders-sink.json over both topics)', () => {
  let fixture: WorkerFixture;
  let db: ThrowawayDatabase;

  beforeAll(async () => {
    fixture = await startWorkerFixture('orders-status-sink');
    db = await createThrowawayDatabase('orders_status_sink');
    await createOrdersTable(db);
    expect((await fixture.call('POST', '/connectors', ordersSinkBody(db))).status).toBe(201);
  });

  afterAll(async () => {
    await fixture?.stop();
    await db?.drop();
  });

  const row = async (id: string) =>
    (
      await db.query<Array<Record<string, unknown>>>(
        `SELECT order_id, product_id, qty, status, status_reason, decided_at FROM \`${ORDERS_TABLE}\` WHERE order_id = ?`,
        [id],
      )
    )[0];
  const decidedAt = new Date(Date.UTC(2026, 11, 4, 12, 0, 0, 250));

  it('a decision before its order, then the order (and a replay of it): the row has both, never PENDING again', async () => {
    const o = order(900);
    await fixture.produce(ORDER_STATUS_TOPIC, [
      orderStatusMessage({ orderId: o.orderId, status: 'REJECTED', statusReason: 'not enough stock: 3 left, 5 ordered', decidedAt }),
    ]);
    await fixture.waitFor('the decision row', async () => (await row(o.orderId))?.status === 'REJECTED');
    // The decision alone: the order's fields are not there yet.
    expect(await row(o.orderId)).toMatchObject({ product_id: null, qty: null, status: 'REJECTED' });
    await fixture.produce(ORDERS_TOPIC, [ordersMessage(o)]);
    await fixture.waitFor('the order fields', async () => (await row(o.orderId))?.product_id === o.productId);
    // A replay of the order (a producer retry) after its decision.
    await fixture.produce(ORDERS_TOPIC, [ordersMessage(o)]);
    await fixture.produce(ORDERS_TOPIC, [ordersMessage(order(901))]);
    await fixture.waitFor('the next order', async () => (await row(order(901).orderId)) !== undefined);
    expect(await row(o.orderId)).toEqual({
      order_id: o.orderId,
      product_id: o.productId,
      qty: o.qty,
      status: 'REJECTED',
      status_reason: 'not enough stock: 3 left, 5 ordered',
      decided_at: '2026-12-04 12:00:00.250',
    });
  });

  it('an order before its decision: PENDING (the table default), then CONFIRMED with the order intact', async () => {
    const o = order(902);
    await fixture.produce(ORDERS_TOPIC, [ordersMessage(o)]);
    await fixture.waitFor('the order', async () => (await row(o.orderId))?.product_id === o.productId);
    expect(await row(o.orderId)).toMatchObject({ status: 'PENDING', status_reason: null, decided_at: null });
    await fixture.produce(ORDER_STATUS_TOPIC, [
      orderStatusMessage({ orderId: o.orderId, status: 'CONFIRMED', statusReason: null, decidedAt }),
    ]);
    await fixture.waitFor('the decision', async () => (await row(o.orderId))?.status === 'CONFIRMED');
    expect(await row(o.orderId)).toEqual({
      order_id: o.orderId,
      product_id: o.productId,
      qty: o.qty,
      status: 'CONFIRMED',
      status_reason: null,
      decided_at: '2026-12-04 12:00:00.250',
    });
  });
});

describe('a connect-worker killed with kill -9 in the middle of a stream', () => {
  let fixture: WorkerFixture;
  let db: ThrowawayDatabase;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    fixture = await startWorkerFixture('orders-sink-crash');
    await fixture.worker.close(); // the workers under test are child processes
    db = await createThrowawayDatabase('orders_sink_crash');
    await createOrdersTable(db);
    writeFileSync(join(fixture.dir, 'orders-sink.json'), JSON.stringify(ordersSinkBody(db)));
  });

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await fixture?.stop();
    await db?.drop();
  });

  async function startWorkerProcess(): Promise<ChildProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, ['-r', '@swc-node/register', join(REPO_ROOT, 'apps/connect-worker/src/main.ts')], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        CONNECT_PORT: String(port),
        KAFKA_BROKERS: fixture.broker.bootstrap,
        CONNECTORS_FILES: join(fixture.dir, 'orders-sink.json'),
      },
      stdio: 'ignore',
    });
    children.push(child);
    return child;
  }

  it('ends with the table equal to the latest record per order id, every order once', async () => {
    const total = 3000;
    const latest = new Map<string, Order>();
    const batches: Order[][] = [];
    for (let start = 0; start < total; start += 100) {
      // Every order twice, the second time with a later version, so a replay of the wrong kind would show.
      const batch = Array.from({ length: 100 }, (_, i) => order(start + i));
      batches.push(
        batch,
        batch.map((o, i) => ({ ...order(start + i, 1 + (i % 3)), createdAt: o.createdAt })),
      );
    }
    for (const batch of batches) for (const o of batch) latest.set(o.orderId, o);

    // Half the stream before the kill, half after: on a fast machine the worker could otherwise drain
    // everything before the kill lands, and the test would no longer test a crash mid-stream.
    const beforeKill = batches.slice(0, batches.length / 2);
    const afterKill = batches.slice(batches.length / 2);
    const first = await startWorkerProcess();
    for (const batch of beforeKill) await fixture.produce(ORDERS_TOPIC, batch.map(ordersMessage));
    await fixture.waitFor('some rows written', async () => (await rows(db)).length > 0, 60_000);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const atKill = (await rows(db)).length;
    for (const batch of afterKill) await fixture.produce(ORDERS_TOPIC, batch.map(ordersMessage));

    await startWorkerProcess();
    await fixture.waitFor(
      'every order at its latest version',
      async () => {
        const table = await rows(db);
        return table.length === total && table.every((r) => r.qty === latest.get(r.order_id)!.qty);
      },
      90_000,
    );
    const table = await rows(db);
    expect(new Set(table.map((r) => r.order_id)).size).toBe(total);
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(total); // it really was killed mid-stream
  });
});
