import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { kcatRecords, type TopicRecord } from '../support/config-topic';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../support/jdbc-sink-harness';
import { WorkerProcesses } from '../support/worker-process';
import { startWorkerFixture, type WorkerFixture } from '../worker/support/worker-fixture';

const JDBC_SOURCE = 'io.confluent.connect.jdbc.JdbcSourceConnector';
const JDBC_SINK = 'io.confluent.connect.jdbc.JdbcSinkConnector';
const TOPIC = 'crash_items';
let f: WorkerFixture;
let src: ThrowawayDatabase;
let dst: ThrowawayDatabase;
const processes = new WorkerProcesses();

beforeAll(async () => {
  f = await startWorkerFixture('cw-jdbc-source-crash');
  src = await createThrowawayDatabase('cw_jdbc_crash_src');
  dst = await createThrowawayDatabase('cw_jdbc_crash_dst');
});
afterAll(async () => {
  await processes.killAll();
  await f?.stop();
  await src?.drop();
  await dst?.drop();
});

interface Item {
  id: number;
  name: string;
  qty: number | null;
}
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const itemOf = (r: TopicRecord) => (JSON.parse(r.value!) as { payload: Item }).payload;

/**
 * The last record of partition 0 (null: none yet), read by kcat with -c 1. While a worker writes
 * (records or commits every 100–200 ms here), kcatRecords' read to the end took seconds and then
 * outgrew execFile's 1 MiB of output; it is used only once nothing writes.
 */
async function lastRecord(topic: string): Promise<TopicRecord | null> {
  const { stdout } = await promisify(execFile)(
    'kcat',
    ['-b', f.broker.bootstrap, '-C', '-t', topic, '-p', '0', '-o', '-1', '-c', '1', '-e', '-q', '-J'],
    { encoding: 'utf8', timeout: 15_000 },
  ).catch(() => ({ stdout: '' })); // the topic not there yet
  if (stdout.trim() === '') return null;
  const r = JSON.parse(stdout) as { offset: number; key: string | null; payload: string | null };
  return { offset: r.offset, key: r.key, value: r.payload, headers: {} };
}
const lastId = async () => {
  const last = await lastRecord(TOPIC);
  return last === null ? 0 : itemOf(last).id;
};

let inserted = 0;
/** One multi-row INSERT (one transaction): the next `count` ids of AUTO_INCREMENT. */
async function insertItems(count: number): Promise<void> {
  const rows = range(inserted + 1, inserted + count).map((n) => [`item ${n}`, n % 7 === 0 ? null : n * 3]);
  await src.query('INSERT INTO items (name, qty) VALUES ?', [rows]);
  inserted += count;
}

it('a worker killed with SIGKILL mid-stream and restarted skips no row and repeats only those after its last committed offset; the sink copies the table exactly', async () => {
  await src.query('CREATE TABLE items (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(64) NOT NULL, qty INT)');
  await insertItems(10); // before any worker runs
  const connectorsFile = join(f.dir, 'source.json');
  writeFileSync(
    connectorsFile,
    JSON.stringify({
      name: 'crash-source',
      config: {
        'connector.class': JDBC_SOURCE,
        ...src.connection,
        mode: 'incrementing',
        'incrementing.column.name': 'id',
        'table.whitelist': 'items',
        'topic.prefix': 'crash_',
        'batch.max.rows': '20',
        'poll.interval.ms': '100',
        'tasks.max': '1',
      },
    }),
  );
  // A worker in its own process (its own config topic; the offsets topic is the shared connect-offsets).
  const startWorkerProcess = () =>
    processes.start({
      KAFKA_BROKERS: f.broker.bootstrap,
      CONNECT_CONFIG_TOPIC: 'child-configs',
      CONNECT_OFFSET_FLUSH_INTERVAL_MS: '200',
      CONNECTORS_FILES: connectorsFile,
    });
  // Only crash-source writes connect-offsets here, so its last record is crash-source's last commit.
  const offsetKey = `["crash-source",{"protocol":"1","table":"${src.name}.items"}]`;
  const offsetOf = (r: TopicRecord) => {
    expect(r.key).toBe(offsetKey);
    return (JSON.parse(r.value!) as { incrementing: number }).incrementing;
  };
  const lastCommitted = async () => {
    const last = await lastRecord('connect-offsets');
    return last === null ? null : offsetOf(last);
  };

  // The sink runs in the test's worker, which is not killed: upserts on id absorb the repeats.
  const sink = {
    'connector.class': JDBC_SINK,
    ...dst.connection,
    topics: TOPIC,
    'insert.mode': 'upsert',
    'pk.mode': 'record_value',
    'pk.fields': 'id',
    'auto.create': 'true',
  };
  expect((await f.call('PUT', '/connectors/crash-sink/config', sink)).status).toBe(201);

  const first = await startWorkerProcess();
  await f.waitFor('the first 10 records', async () => (await lastId()) === 10);
  // Then rows keep coming, 5 every 20 ms, so the kill lands while the source is reading them.
  let inserting = true;
  const inserter = (async () => {
    while (inserting) {
      await insertItems(5);
      await sleep(20);
    }
  })();
  try {
    await f.waitFor(
      'an offset commit and 200 records, some of them past it',
      async () => {
        const id = await lastId(); // the topic first: it only grows, so the commit read next is at most this far
        const committed = await lastCommitted();
        return committed !== null && id >= 200 && id > committed;
      },
      30_000,
    );
    await first.kill();
  } finally {
    inserting = false;
    await inserter;
  }

  // Nothing writes now; the killed worker's last requests may still be in the broker's sockets: read once two reads agree.
  let previous = '';
  const [atKill, committed] = await f.waitFor('the topic and the offsets after the kill to settle', async () => {
    const offsets = (await kcatRecords(f.broker.bootstrap, 'connect-offsets')).map(offsetOf);
    const now = JSON.stringify([(await kcatRecords(f.broker.bootstrap, TOPIC)).map((r) => itemOf(r).id), offsets.at(-1)]);
    const settled = now === previous;
    previous = now;
    return settled && (JSON.parse(now) as [number[], number]);
  });
  const k = atKill.length;
  expect(atKill).toEqual(range(1, k)); // before the kill: every row once, in order
  expect(committed).toBeGreaterThanOrEqual(10);
  expect(committed).toBeLessThanOrEqual(k); // an offset is committed only once its record is on the topic

  // Two inserts while no worker runs, three after the restart.
  await insertItems(20);
  await insertItems(20);
  await startWorkerProcess();
  const beforeRestart = inserted;
  await f.waitFor('the restarted worker to catch up', async () => (await lastId()) === beforeRestart);
  for (let step = 0; step < 3; step++) {
    await insertItems(20);
    await sleep(50);
  }
  const n = inserted;
  await f.waitFor('every row on the topic', async () => (await lastId()) === n);
  await f.waitFor(`offset ${n} committed`, async () => (await lastCommitted()) === n);

  const source = await src.query<Item[]>('SELECT id, name, qty FROM items ORDER BY id');
  expect(source.map((row) => row.id)).toEqual(range(1, n));
  expect(k).toBeLessThan(n); // it really was killed mid-stream
  // At-least-once exactly as Kafka's: the rows after the last committed offset again, then on; none skipped.
  const expectedIds = [...range(1, k), ...range(committed + 1, n)];
  const onTopic = (await kcatRecords(f.broker.bootstrap, TOPIC)).map(itemOf);
  expect(onTopic.map((item) => item.id)).toEqual(expectedIds);
  expect(onTopic).toEqual(expectedIds.map((id) => source[id - 1]));

  const copied = () => dst.query<Item[]>(`SELECT id, name, qty FROM ${TOPIC} ORDER BY id`).catch((): Item[] => []);
  await f.waitFor(`${n} rows in the sink table`, async () => (await copied()).length === n);
  expect(await copied()).toEqual(source);
});
