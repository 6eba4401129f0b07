import { createServer, connect, type Server, type Socket } from 'node:net';
import { freePort } from '@kafka-sync/testing';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../support/jdbc-sink-harness';
import { startWorkerFixture, type WorkerFixture } from './support/worker-fixture';

/** A TCP proxy in front of MariaDB that can be taken down and brought back: a database outage the sink sees. */
class DatabaseOutage {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  constructor(readonly port: number) {}

  async up(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect({ host: '127.0.0.1', port: 3306 });
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s)).on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  async down(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
    this.server = null;
  }
}

const envelope = (id: number) =>
  JSON.stringify({
    schema: { type: 'struct', fields: [{ type: 'int32', optional: false, field: 'id' }], optional: false, name: 'heal' },
    payload: { id },
  });

let f: WorkerFixture;
let db: ThrowawayDatabase;
let outage: DatabaseOutage;

beforeAll(async () => {
  // Opt-in: a task FAILED because the database was unreachable is restarted after 300 ms, doubling.
  f = await startWorkerFixture('cw-task-auto-restart', { CONNECT_TASK_RESTART_BACKOFF_MS: '300' });
  db = await createThrowawayDatabase('cw_auto_restart');
  outage = new DatabaseOutage(await freePort());
});
afterAll(async () => {
  await outage?.down();
  await f?.stop();
  await db?.drop();
});

const task = async (name: string) => (await f.call('GET', `/connectors/${name}/status`)).body.tasks?.[0];

it('CONNECT_TASK_RESTART_BACKOFF_MS: a sink task FAILED because the database was down is restarted until it is back, then writes everything', async () => {
  const sink = {
    'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector',
    ...db.connection,
    'connection.url': `jdbc:mysql://127.0.0.1:${outage.port}/${db.name}`,
    'connection.attempts': '1',
    'max.retries': '0',
    'auto.create': 'true',
    topics: 'heal',
  };
  expect((await f.call('PUT', '/connectors/heal/config', sink)).status).toBe(201);
  await f.produce(
    'heal',
    [1, 2, 3].map((id) => ({ value: envelope(id) })),
  );
  const failed = await f.waitFor('the task FAILED with the database down', async () => {
    const t = await task('heal');
    return t?.state === 'FAILED' && t;
  });
  expect(failed.trace).toMatch(/ECONNREFUSED|Communications link failure|connect/i);
  // It keeps being restarted (and failing again) while the database is down…
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await outage.up();
  // …and once it is back, a restart writes the records and the task stays RUNNING.
  await f.waitFor(
    'the rows',
    async () => (await db.query<Array<{ n: number }>>('SELECT COUNT(*) AS n FROM heal').catch(() => [{ n: 0 }]))[0].n === 3,
    30_000,
  );
  expect((await task('heal')).state).toBe('RUNNING');
});

it('a task FAILED by its data (not a retriable cause) is left FAILED for a human, as Kafka Connect does', async () => {
  const sink = {
    'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector',
    ...db.connection,
    'auto.create': 'true',
    topics: 'poison',
  };
  expect((await f.call('PUT', '/connectors/poison/config', sink)).status).toBe(201);
  await f.produce('poison', [{ value: 'not json' }]);
  await f.waitFor('FAILED', async () => (await task('poison'))?.state === 'FAILED');
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect((await task('poison')).state).toBe('FAILED');
});
