import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { http } from '@kafka-sync/testing';
import { Kafka, logLevel } from 'kafkajs';
import { kcatRecords } from '../support/config-topic';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../support/jdbc-sink-harness';
import { startWorkerFixture, type WorkerFixture } from '../worker/support/worker-fixture';

const JDBC_SOURCE = 'io.confluent.connect.jdbc.JdbcSourceConnector';
const run = promisify(execFile);
let f: WorkerFixture;
let db: ThrowawayDatabase;

beforeAll(async () => {
  f = await startWorkerFixture('cw-jdbc-source-modes', { CONNECT_OFFSET_FLUSH_INTERVAL_MS: '200' });
  db = await createThrowawayDatabase('cw_jdbc_modes');
});
afterAll(async () => {
  await f?.stop();
  await db?.drop();
});

const records = (topic: string) => kcatRecords(f.broker.bootstrap, topic).catch(() => []);
/** The payloads on a topic, in topic order (parsed as they are; test values stay below 2^53 unless said). */
const payloads = async (topic: string) => (await records(topic)).map((r) => JSON.parse(r.value!).payload as Record<string, unknown>);
const lastOffset = async (key: string) => (await records('connect-offsets')).filter((r) => r.key === key).at(-1)?.value;
const offsetKey = (connector: string, table: string) => `["${connector}",{"protocol":"1","table":"${db.name}.${table}"}]`;
const source = (name: string, config: Record<string, string>) =>
  f.call('PUT', `/connectors/${name}/config`, {
    'connector.class': JDBC_SOURCE,
    ...db.connection,
    'topic.prefix': `${name}_`,
    'poll.interval.ms': '100',
    ...config,
  });
const restartTask = async (name: string) => {
  expect((await f.call('POST', `/connectors/${name}/tasks/0/restart`)).status).toBe(204);
  await f.waitFor(`${name} RUNNING`, async () => (await f.call('GET', `/connectors/${name}/status`)).body.tasks?.[0]?.state === 'RUNNING');
};
const quiet = () => new Promise((r) => setTimeout(r, 1500));

it('timestamp mode: rows sharing a timestamp across batches all arrive; an update is sent again; the offset keeps the microseconds; a restart repeats nothing', async () => {
  await db.query('CREATE TABLE events (id INT PRIMARY KEY, note VARCHAR(20), modified DATETIME(6) NOT NULL)');
  // Five rows of one timestamp with batch.max.rows 2: a LIMIT-style resume at "> last timestamp" would lose three.
  for (let id = 1; id <= 5; id++) await db.query("INSERT INTO events VALUES (?, 'a', '2024-01-01 00:00:00.123456')", [id]);
  await db.query("INSERT INTO events VALUES (6, 'b', '2024-01-01 00:00:01.5')");
  expect(
    (await source('ts', { mode: 'timestamp', 'timestamp.column.name': 'modified', 'table.whitelist': 'events', 'batch.max.rows': '2' }))
      .status,
  ).toBe(201);
  await f.waitFor('6 records', async () => (await records('ts_events')).length === 6);
  expect((await payloads('ts_events')).map((p) => p.id)).toEqual([1, 2, 3, 4, 5, 6]);
  // Confluent's TimestampIncrementingOffset map, in java.util.HashMap's order: ms since the epoch plus the second's nanos.
  const sixth = Date.UTC(2024, 0, 1, 0, 0, 1, 500);
  await f.waitFor(
    'the offset of row 6',
    async () => (await lastOffset(offsetKey('ts', 'events'))) === `{"timestamp_nanos":500000000,"timestamp":${sixth}}`,
  );

  await db.query("UPDATE events SET note = 'c', modified = '2024-01-01 00:00:02' WHERE id = 2");
  await f.waitFor('the update', async () => (await records('ts_events')).length === 7);
  expect((await payloads('ts_events')).at(-1)).toEqual({ id: 2, note: 'c', modified: Date.UTC(2024, 0, 1, 0, 0, 2) });
  await f.waitFor('the offset of the update', async () =>
    (await lastOffset(offsetKey('ts', 'events')))?.startsWith('{"timestamp_nanos":0,"timestamp":'),
  );
  await restartTask('ts');
  await quiet();
  expect(await records('ts_events')).toHaveLength(7);
});

it('timestamp+incrementing: new rows and updates, the offset {"timestamp_nanos","incrementing","timestamp"}, resumed after a restart', async () => {
  await db.query(`CREATE TABLE items (id BIGINT AUTO_INCREMENT PRIMARY KEY, code VARCHAR(10) NOT NULL,
    created DATETIME NOT NULL, modified DATETIME NULL)`);
  await db.query(
    "INSERT INTO items (code, created, modified) VALUES ('x', '2024-02-01 10:00:00', NULL), ('y', '2024-02-01 10:00:00', '2024-02-01 10:00:05')",
  );
  // Two timestamp columns: COALESCE(modified, created), as Confluent's criteria compare them.
  expect(
    (
      await source('tsi', {
        mode: 'timestamp+incrementing',
        'incrementing.column.name': 'id',
        'timestamp.column.name': 'modified,created',
        'table.whitelist': 'items',
      })
    ).status,
  ).toBe(201);
  await f.waitFor('2 records', async () => (await records('tsi_items')).length === 2);
  expect((await payloads('tsi_items')).map((p) => p.code)).toEqual(['x', 'y']);
  const at = Date.UTC(2024, 1, 1, 10, 0, 5);
  await f.waitFor(
    'the offset',
    async () => (await lastOffset(offsetKey('tsi', 'items'))) === `{"timestamp_nanos":0,"incrementing":2,"timestamp":${at}}`,
  );
  await db.query("UPDATE items SET modified = '2024-02-01 10:00:09' WHERE id = 1");
  await db.query("INSERT INTO items (code, created) VALUES ('z', '2024-02-01 10:00:09')");
  await f.waitFor('4 records', async () => (await records('tsi_items')).length === 4);
  expect((await payloads('tsi_items')).slice(2).map((p) => [p.id, p.code])).toEqual([
    [1, 'x'],
    [3, 'z'],
  ]);
  await f.waitFor('offset 3', async () => (await lastOffset(offsetKey('tsi', 'items')))?.includes('"incrementing":3'));
  await restartTask('tsi');
  await quiet();
  expect(await records('tsi_items')).toHaveLength(4);
});

it('query mode with query.suffix: the topic is the prefix, the partition {"query":"query"}, the schema unnamed and from the result set', async () => {
  await db.query('CREATE TABLE people (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20) NOT NULL, secret VARCHAR(20))');
  await db.query("INSERT INTO people (name, secret) VALUES ('ann', 's'), ('bob', 's'), ('cy', 's')");
  const response = await f.call('PUT', '/connectors/q/config', {
    'connector.class': JDBC_SOURCE,
    ...db.connection,
    mode: 'incrementing',
    'incrementing.column.name': 'id',
    query: 'SELECT id, UPPER(name) AS shout FROM people',
    // Appended after the criteria's ORDER BY: at most two rows per query.
    'query.suffix': 'LIMIT 2',
    'topic.prefix': 'people_query',
    'poll.interval.ms': '100',
  });
  expect(response.status).toBe(201);
  await f.waitFor('3 records', async () => (await records('people_query')).length === 3);
  const first = JSON.parse((await records('people_query'))[0].value!);
  expect(first).toEqual({
    schema: {
      type: 'struct',
      fields: [
        { type: 'int32', optional: false, field: 'id' },
        { type: 'string', optional: true, field: 'shout' },
      ],
      optional: false,
    },
    payload: { id: 1, shout: 'ANN' },
  });
  await f.waitFor('the query offset', async () => (await lastOffset('["q",{"query":"query"}]')) === '{"incrementing":3}');
});

it('table.blacklist and table.include/exclude.list: every other table is copied, and a table created later is picked up without a restart', async () => {
  await db.query('CREATE TABLE t_one (id INT AUTO_INCREMENT PRIMARY KEY, v INT)');
  await db.query('CREATE TABLE t_skip (id INT AUTO_INCREMENT PRIMARY KEY, v INT)');
  await db.query('INSERT INTO t_one (v) VALUES (1)');
  await db.query('INSERT INTO t_skip (v) VALUES (1)');
  const discovery = { mode: 'incrementing', 'table.poll.interval.ms': '300', 'tasks.max': '2' };
  expect((await source('inc', { ...discovery, 'table.include.list': `${db.name}\\.t_.*`, 'table.exclude.list': '.*skip' })).status).toBe(
    201,
  );
  await f.waitFor('t_one copied', async () => (await records('inc_t_one')).length === 1);

  await db.query('CREATE TABLE t_two (id INT AUTO_INCREMENT PRIMARY KEY, v INT)');
  await db.query('INSERT INTO t_two (v) VALUES (2), (3)');
  await f.waitFor('t_two copied', async () => (await records('inc_t_two')).length === 2, 20_000);
  // Two tables over tasks.max=2: one task each, named as Confluent's task configs name them.
  const tasks = (await f.call('GET', '/connectors/inc/tasks')).body as { config: Record<string, string> }[];
  expect(tasks.map((t) => t.config.tables)).toEqual([`\`${db.name}\`.\`t_one\``, `\`${db.name}\`.\`t_two\``]);
  expect(await records('inc_t_skip')).toEqual([]);
  // The earlier table's task resumed from its offset: nothing repeated by the reconfiguration.
  expect(await records('inc_t_one')).toHaveLength(1);

  expect(
    (await source('black', { mode: 'bulk', 'table.blacklist': 't_skip,events,items,people', 'poll.interval.ms': '600000' })).status,
  ).toBe(201);
  await f.waitFor(
    'bulk copies of t_one and t_two',
    async () => (await records('black_t_one')).length === 1 && (await records('black_t_two')).length === 2,
  );
  expect(await records('black_t_skip')).toEqual([]);
});

it('db.timezone reads DATETIME in that zone; timestamp.initial skips older rows; timestamp.delay.interval.ms holds back recent ones', async () => {
  await db.query('CREATE TABLE clock (id INT PRIMARY KEY, at DATETIME NOT NULL)');
  await db.query("INSERT INTO clock VALUES (1, '2020-06-01 09:00:00'), (2, '2023-06-01 09:00:00')");
  await db.query('INSERT INTO clock VALUES (3, NOW())');
  expect(
    (
      await source('tz', {
        mode: 'timestamp',
        'timestamp.column.name': 'at',
        'table.whitelist': 'clock',
        'db.timezone': 'Asia/Seoul',
        // 2022-01-01T00:00:00Z: row 1 is older.
        'timestamp.initial': String(Date.UTC(2022, 0, 1)),
        // An hour: row 3, written now, waits (an hour longer than this test).
        'timestamp.delay.interval.ms': '3600000',
      })
    ).status,
  ).toBe(201);
  await f.waitFor('row 2', async () => (await records('tz_clock')).length === 1);
  await quiet();
  // 09:00 in Seoul is 00:00 UTC.
  expect(await payloads('tz_clock')).toEqual([{ id: 2, at: Date.UTC(2023, 5, 1, 0, 0, 0) }]);
});

it('an incrementing id beyond 2^53 reaches the topic and the offsets topic exactly, and a restart resumes after it', async () => {
  await db.query('CREATE TABLE big (id BIGINT PRIMARY KEY, v INT)');
  await db.query('INSERT INTO big VALUES (9007199254740993, 1), (9223372036854775806, 2)');
  expect((await source('big', { mode: 'incrementing', 'incrementing.column.name': 'id', 'table.whitelist': 'big' })).status).toBe(201);
  await f.waitFor('2 records', async () => (await records('big_big')).length === 2);
  expect((await records('big_big')).map((r) => r.value!.match(/"payload":(\{.*\})\}$/)![1])).toEqual([
    '{"id":9007199254740993,"v":1}',
    '{"id":9223372036854775806,"v":2}',
  ]);
  await f.waitFor('the exact offset', async () => (await lastOffset(offsetKey('big', 'big'))) === '{"incrementing":9223372036854775806}');
  // Kafka's GET /connectors/{name}/offsets (KIP-875), exact too.
  const offsets = await f.call('GET', '/connectors/big/offsets');
  expect(offsets.text).toBe(
    `{"offsets":[{"partition":{"protocol":"1","table":"${db.name}.big"},"offset":{"incrementing":9223372036854775806}}]}`,
  );
  expect((await f.call('GET', '/connectors/nope/offsets')).status).toBe(404);
  await restartTask('big');
  await db.query('INSERT INTO big VALUES (9223372036854775807, 3)');
  await f.waitFor('the third', async () => (await records('big_big')).length === 3);
  await quiet();
  expect(await records('big_big')).toHaveLength(3);
});

it('offsets on a connect-offsets of 25 partitions (as Kafka Connect creates it) are all read back: a new worker repeats nothing', async () => {
  const admin = new Kafka({ brokers: [f.broker.bootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic: 'wide-offsets', numPartitions: 25, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }],
  });
  await admin.disconnect();
  const env = { CONNECT_OFFSETS_TOPIC: 'wide-offsets', CONNECT_CONFIG_TOPIC: 'wide-configs', CONNECT_OFFSET_FLUSH_INTERVAL_MS: '200' };
  const tables = ['w_a', 'w_b', 'w_c', 'w_d'];
  for (const t of tables) {
    await db.query(`CREATE TABLE ${t} (id INT AUTO_INCREMENT PRIMARY KEY, v INT)`);
    await db.query(`INSERT INTO ${t} (v) VALUES (1), (2)`);
  }
  let worker = await f.startWorker(env);
  const wide = {
    ...db.connection,
    'connector.class': JDBC_SOURCE,
    mode: 'incrementing',
    'table.whitelist': tables.join(','),
    'topic.prefix': 'wide_',
    'poll.interval.ms': '100',
  };
  expect((await http('PUT', `${worker.url}/connectors/wide/config`, wide)).status).toBe(201);
  const counts = async () => Promise.all(tables.map(async (t) => (await records(`wide_${t}`)).length));
  await f.waitFor('2 records per table', async () => (await counts()).every((n) => n === 2));
  // Each table's offset is on the partition its key hashes to, as Kafka's producer places it.
  const partitions = new Set<number>();
  await f.waitFor('4 offsets committed', async () => {
    partitions.clear();
    const admin2 = new Kafka({ brokers: [f.broker.bootstrap], logLevel: logLevel.NOTHING }).admin();
    await admin2.connect();
    const ends = await admin2.fetchTopicOffsets('wide-offsets');
    await admin2.disconnect();
    const written = ends.filter((o) => o.high !== '0');
    for (const o of written) partitions.add(o.partition);
    return written.reduce((n, o) => n + Number(o.high), 0) >= 4;
  });
  expect([...partitions].some((p) => p !== 0)).toBe(true);
  await worker.close();
  for (const t of tables) await db.query(`INSERT INTO ${t} (v) VALUES (3)`);
  worker = await f.startWorker(env);
  await f.waitFor('3 records per table', async () => (await counts()).every((n) => n >= 3));
  await quiet();
  expect(await counts()).toEqual([3, 3, 3, 3]);
  await worker.close();
});

it('a database that cannot be read at start leaves the task waiting; once it can, the next table poll assigns its tables', async () => {
  const later = `${db.name}_later`;
  const url = db.jdbcUrl.replace(new RegExp(`/${db.name}(\\?|$)`), `/${later}$1`);
  expect(url).toContain(later);
  expect(
    (
      await source('late', {
        'connection.url': url,
        'connection.attempts': '1',
        mode: 'incrementing',
        'table.whitelist': 'arrivals',
        'table.poll.interval.ms': '300',
      })
    ).status,
  ).toBe(201);
  const status = async () => (await f.call('GET', '/connectors/late/status')).body;
  await f.waitFor('the waiting task', async () => (await status()).tasks?.[0]?.state === 'RUNNING');
  expect((await f.call('GET', '/connectors/late/tasks')).body[0].config['tables.fetched']).toBe('false');
  try {
    await db.query(`CREATE DATABASE \`${later}\``);
    await db.query(`CREATE TABLE \`${later}\`.arrivals (id INT AUTO_INCREMENT PRIMARY KEY, v INT)`);
    await db.query(`INSERT INTO \`${later}\`.arrivals (v) VALUES (1), (2)`);
    await f.waitFor('the rows', async () => (await records('late_arrivals')).length === 2, 20_000);
    expect((await status()).connector.state).toBe('RUNNING');
  } finally {
    await db.query(`DROP DATABASE IF EXISTS \`${later}\``);
  }
});

it('a query that fails (the table dropped under it) makes the task FAILED with the trace; a REST restart resumes once it is back', async () => {
  await db.query('CREATE TABLE fragile (id INT AUTO_INCREMENT PRIMARY KEY, v INT)');
  await db.query('INSERT INTO fragile (v) VALUES (1)');
  expect((await source('fragile', { mode: 'incrementing', 'table.whitelist': 'fragile', 'table.poll.interval.ms': '600000' })).status).toBe(
    201,
  );
  await f.waitFor('row 1', async () => (await records('fragile_fragile')).length === 1);
  await db.query('DROP TABLE fragile');
  const task = async () => (await f.call('GET', '/connectors/fragile/status')).body.tasks?.[0];
  const failed = await f.waitFor('FAILED', async () => {
    const t = await task();
    return t?.state === 'FAILED' && t;
  });
  expect(failed.trace).toMatch(/fragile' doesn't exist/);
  await db.query('CREATE TABLE fragile (id INT AUTO_INCREMENT PRIMARY KEY, v INT)');
  await db.query('INSERT INTO fragile (v) VALUES (1), (2)');
  await restartTask('fragile');
  // The offset said 1: only row 2 of the new table is sent.
  await f.waitFor('row 2', async () => (await records('fragile_fragile')).length === 2);
  expect((await payloads('fragile_fragile')).map((p) => p.id)).toEqual([1, 2]);
});

it('a backlog far larger than batch.max.rows streams through one open result set, and the connector is deleted mid-stream without hanging', async () => {
  await db.query('CREATE TABLE backlog (id INT AUTO_INCREMENT PRIMARY KEY, pad VARCHAR(200))');
  await db.query(
    `INSERT INTO backlog (pad) SELECT REPEAT('x', 200) FROM information_schema.COLUMNS a, information_schema.COLUMNS b LIMIT 3000`,
  );
  expect((await source('backlog', { mode: 'incrementing', 'table.whitelist': 'backlog', 'batch.max.rows': '20' })).status).toBe(201);
  // Reading 3000 rows 20 at a time takes well over the 500 ms after which the connection would be pinged.
  const lastIdOnTopic = async () => {
    const { stdout } = await run('kcat', [
      '-b',
      f.broker.bootstrap,
      '-C',
      '-t',
      'backlog_backlog',
      '-o',
      '-1',
      '-c',
      '1',
      '-e',
      '-q',
    ]).catch(() => ({ stdout: '' }));
    return stdout.trim() === '' ? 0 : (JSON.parse(stdout).payload.id as number);
  };
  await f.waitFor('the whole backlog', async () => (await lastIdOnTopic()) === 3000, 60_000);
  await db.query(`INSERT INTO backlog (pad) SELECT pad FROM backlog`);
  await f.waitFor('the next backlog under way', async () => (await lastIdOnTopic()) > 3000, 30_000);
  const started = Date.now();
  expect((await f.call('DELETE', '/connectors/backlog')).status).toBe(204);
  expect(Date.now() - started).toBeLessThan(10_000);
});
