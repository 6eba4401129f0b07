import { ORDERS_TOPIC } from '@kafka-sync/contracts';
import { EmbeddedKafka } from '@kafka-sync/embedded-kafka';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, http, readTopic, TEST_DATABASE_URL, throwawayDatabase, waitFor } from '@kafka-sync/testing';
import { startOrdersFixture, type OrdersFixture } from './support/orders-fixture';
import type { OrdersInstance } from './support/orders-instance';

const PUBLISH_TIMEOUT_MS = 2000;

describe('when Kafka is down', () => {
  let fixture: OrdersFixture;
  let instance: OrdersInstance;

  beforeAll(async () => {
    fixture = await startOrdersFixture('orders-down', [{ INSTANCE_ID: 'orders-down', PUBLISH_TIMEOUT_MS: String(PUBLISH_TIMEOUT_MS) }]);
    [instance] = fixture.instances;
    // Warm up: the producer is connected and the topics exist before the broker goes away.
    expect((await http('POST', `${instance.url}/orders`, { userId: 'u', productId: 'p', qty: 1, unitPrice: 1 })).status).toBe(201);
  });

  afterAll(() => fixture?.stop());

  it('answers 503 within the bound, says the order was not taken, publishes nothing, and is not ready', async () => {
    const port = fixture.broker.port;
    await fixture.broker.stop();

    const started = Date.now();
    const res = await http(
      'POST',
      `${instance.url}/orders`,
      { userId: 'u', productId: 'p', qty: 2, unitPrice: 5 },
      { 'Idempotency-Key': 'while-down' },
    );
    const elapsed = Date.now() - started;
    expect(res.status).toBe(503);
    expect(res.body.message).toMatch(/not taken/);
    expect(elapsed).toBeLessThan(PUBLISH_TIMEOUT_MS + 1500);

    const ready = await http('GET', `${instance.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(ready.body.error).toMatchObject({ kafka: { status: 'down' } });

    // Back on the same port and data: only the warm-up order is there.
    fixture.broker = await EmbeddedKafka.start({ dataDir: fixture.dataDir, port, logLevel: 'warn' });
    const records = await readTopic(fixture.broker.bootstrap, ORDERS_TOPIC, 1);
    expect(records).toHaveLength(1);

    // A retry with the same key now succeeds: the key was not burnt by the failure.
    const retried = await http(
      'POST',
      `${instance.url}/orders`,
      { userId: 'u', productId: 'p', qty: 2, unitPrice: 5 },
      { 'Idempotency-Key': 'while-down' },
    );
    expect(retried.status).toBe(201);
  });
});

describe('the process', () => {
  it('refuses a bad DATABASE_URL at start with one readable line and a non-zero exit', () => {
    const result = spawnSync(process.execPath, ['-r', '@swc-node/register', join(__dirname, '../src/main.ts')], {
      cwd: join(__dirname, '../../..'),
      env: { ...process.env, DATABASE_URL: 'postgres://nope', PORT: '0' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      'orders-service: invalid configuration: DATABASE_URL must be a mysql:// or mariadb:// URL with a host, got "postgres://nope"',
    );
  });

  it('shuts down gracefully on SIGTERM: closes its producer, then exits by the signal', async () => {
    const kafkaDir = mkdtempSync(join(tmpdir(), 'orders-sigterm-kafka-'));
    const database = throwawayDatabase('orders_sigterm');
    const kafka = await EmbeddedKafka.start({ dataDir: kafkaDir, port: 0, logLevel: 'warn' });
    const port = await freePort();
    const child = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, '../src/main.ts')], {
      cwd: join(__dirname, '../../..'),
      env: {
        ...process.env,
        PORT: String(port),
        KAFKA_BROKERS: kafka.bootstrap,
        DATABASE_URL: TEST_DATABASE_URL,
        ORDERS_DB: database.name,
        INSTANCE_ID: 'sigterm',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Nest runs the shutdown hooks, then re-raises the signal, so the exit is "by SIGTERM" (status 143).
    const exited = new Promise<string | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await waitFor(
        'the service to answer /health',
        async () => (await http('GET', `http://127.0.0.1:${port}/health`).catch(() => ({ status: 0 }))).status === 200,
        30_000,
      );
      expect((await http('POST', `http://127.0.0.1:${port}/orders`, { userId: 'u', productId: 'p', qty: 1, unitPrice: 1 })).status).toBe(
        201,
      );
      child.kill('SIGTERM');
      expect(await exited).toBe('SIGTERM');
      expect(output).toMatch(/Kafka producer disconnected/);
    } finally {
      child.kill('SIGKILL');
      await kafka.stop();
      await database.drop();
      rmSync(kafkaDir, { recursive: true, force: true });
    }
  });
});
