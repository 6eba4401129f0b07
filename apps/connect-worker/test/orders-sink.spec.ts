import { ordersRecordValue, type Order } from '@kafka-sync/contracts';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, readTopic } from '@kafka-sync/testing';
import type { QueryRunner } from 'typeorm';
import { CreateOrders1732000000000 } from '../../orders-service/src/database/migrations/1732000000000-create-orders';
import { createThrowawayDatabase, type ThrowawayDatabase } from './support/jdbc-sink-harness';
import { startWorkerFixture, type WorkerFixture } from './worker/support/worker-fixture';

const REPO_ROOT = join(__dirname, '../../..');
const ORDERS_SINK_FILE = join(REPO_ROOT, 'docker/connect/orders-sink.json');

/** docker/connect/orders-sink.json, pointed at this run's database. */
function ordersSinkBody(db: ThrowawayDatabase): { name: string; config: Record<string, string> } {
  const body = JSON.parse(readFileSync(ORDERS_SINK_FILE, 'utf8')) as { name: string; config: Record<string, string> };
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
  // The table belongs to orders-service's migration, exactly as in production.
  await new CreateOrders1732000000000().up({ query: (sql: string) => db.query(sql) } as unknown as QueryRunner);
}

async function rows(db: ThrowawayDatabase): Promise<Array<{ order_id: string; qty: number; total_price: number; user_id: string }>> {
  return db.query('SELECT order_id, user_id, qty, total_price FROM orders ORDER BY order_id');
}

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
    await fixture.produce(
      'orders',
      first.map((o) => ({ key: o.orderId, value: ordersRecordValue(o) })),
    );
    // The same records again (a producer retry) and a newer version of order 7.
    await fixture.produce(
      'orders',
      [...first.slice(0, 10), order(7, 4)].map((o) => ({ key: o.orderId, value: ordersRecordValue(o) })),
    );

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
    await fixture.produce('orders', [
      { key: 'poison', value: 'not json at all' },
      { key: order(60).orderId, value: ordersRecordValue(order(60)) },
    ]);
    await fixture.waitFor('the order after the poison record', async () => (await rows(db)).some((r) => r.order_id === order(60).orderId));
    const status = await fixture.call('GET', '/connectors/orders-sink/status');
    expect(status.body.tasks[0].state).toBe('RUNNING');
    const [dead] = await readTopic(fixture.broker.bootstrap, 'orders.dead-letter', 1);
    expect(dead.value?.toString()).toBe('not json at all');
    expect(dead.headers['__connect.errors.topic']?.toString()).toBe('orders');
    expect(dead.headers['__connect.errors.exception.message']?.toString()).toMatch(
      /Converting byte\[\] to Kafka Connect data failed due to serialization error/,
    );
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

    const first = await startWorkerProcess();
    for (const batch of batches)
      await fixture.produce(
        'orders',
        batch.map((o) => ({ key: o.orderId, value: ordersRecordValue(o) })),
      );
    await fixture.waitFor('some rows written', async () => (await rows(db)).length > 0, 60_000);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const atKill = (await rows(db)).length;

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
    expect(atKill).toBeLessThan(total); // it really was killed mid-stream
  });
});
