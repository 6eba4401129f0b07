import { ORDERS_TOPIC } from '@kafka-sync/contracts';
import { EmbeddedKafka } from '@kafka-sync/embedded-kafka';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { http } from './support/http';
import { startOrdersInstance, type OrdersInstance } from './support/orders-instance';
import { throwawayDatabase } from './support/throwaway-database';
import { readTopic } from './support/topic-reader';

const PUBLISH_TIMEOUT_MS = 2000;

describe('when Kafka is down', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'orders-down-kafka-'));
  const db = throwawayDatabase('orders_down');
  let broker: EmbeddedKafka;
  let instance: OrdersInstance;

  beforeAll(async () => {
    broker = await EmbeddedKafka.start({ dataDir, port: 0, logLevel: 'warn' });
    instance = await startOrdersInstance({ KAFKA_BROKERS: broker.bootstrap, ORDERS_DB: db.name, INSTANCE_ID: 'orders-down', PUBLISH_TIMEOUT_MS: String(PUBLISH_TIMEOUT_MS) });
    // Warm up: the producer is connected and the topics exist before the broker goes away.
    expect((await http('POST', `${instance.url}/orders`, { userId: 'u', productId: 'p', qty: 1, unitPrice: 1 })).status).toBe(201);
  });

  afterAll(async () => {
    await instance?.app.close();
    await broker?.stop();
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 within the bound, says the order was not taken, publishes nothing, and is not ready', async () => {
    const port = broker.port;
    await broker.stop();

    const started = Date.now();
    const res = await http('POST', `${instance.url}/orders`, { userId: 'u', productId: 'p', qty: 2, unitPrice: 5 }, { 'Idempotency-Key': 'while-down' });
    const elapsed = Date.now() - started;
    expect(res.status).toBe(503);
    expect(res.body.message).toMatch(/not taken/);
    expect(elapsed).toBeLessThan(PUBLISH_TIMEOUT_MS + 1500);

    const ready = await http('GET', `${instance.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(ready.body.error).toMatchObject({ kafka: { status: 'down' } });

    // Back on the same port and data: only the warm-up order is there.
    broker = await EmbeddedKafka.start({ dataDir, port, logLevel: 'warn' });
    const records = await readTopic(broker.bootstrap, ORDERS_TOPIC, 1);
    expect(records).toHaveLength(1);

    // A retry with the same key now succeeds: the key was not burnt by the failure.
    const retried = await http('POST', `${instance.url}/orders`, { userId: 'u', productId: 'p', qty: 2, unitPrice: 5 }, { 'Idempotency-Key': 'while-down' });
    expect(retried.status).toBe(201);
  });
});

describe('configuration', () => {
  it('refuses a bad DATABASE_URL at start with one readable line and a non-zero exit', () => {
    const result = spawnSync(process.execPath, ['-r', '@swc-node/register', join(__dirname, '../src/main.ts')], {
      cwd: join(__dirname, '../../..'),
      env: { ...process.env, DATABASE_URL: 'postgres://nope', PORT: '0' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('orders-service: invalid configuration: DATABASE_URL must be a mysql:// or mariadb:// URL with a host, got "postgres://nope"');
  });
});
