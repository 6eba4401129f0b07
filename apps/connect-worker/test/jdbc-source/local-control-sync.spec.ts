// The course material's field report (section D): several local servers, each with its own MariaDB,
// sync a `kafka_test` table into a control server's, and edits made on the control server flow back,
// all through Kafka Connect's JDBC source and sink. Here: one embedded broker, one worker, three
// throwaway databases (local1, local2, control) and exactly the report's connector configs
// (connection and names aside), registered with PUT /connectors/{name}/config.

import { kcatRecords } from '../support/config-topic';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../support/jdbc-sink-harness';
import { startWorkerFixture, type WorkerFixture } from '../worker/support/worker-fixture';

const JDBC_SOURCE = 'io.confluent.connect.jdbc.JdbcSourceConnector';
const JDBC_SINK = 'io.confluent.connect.jdbc.JdbcSinkConnector';
const TOPIC = 'my_topic_kafka_test';

let f: WorkerFixture;
let local1: ThrowawayDatabase;
let local2: ThrowawayDatabase;
let control: ThrowawayDatabase;

beforeAll(async () => {
  f = await startWorkerFixture('cw-local-control', { CONNECT_OFFSET_FLUSH_INTERVAL_MS: '200' });
  [local1, local2, control] = await Promise.all([
    createThrowawayDatabase('cw_sync_local1'),
    createThrowawayDatabase('cw_sync_local2'),
    createThrowawayDatabase('cw_sync_control'),
  ]);
  // The report's tables: no ON UPDATE CURRENT_TIMESTAMP, no triggers; the application sets modify_date.
  for (const local of [local1, local2])
    await local.query(`CREATE TABLE kafka_test (
      id BIGINT AUTO_INCREMENT PRIMARY KEY, text VARCHAR(100), code VARCHAR(100) NOT NULL,
      create_date DATETIME NOT NULL, modify_date DATETIME NOT NULL, UNIQUE (id, code))`);
  await control.query(`CREATE TABLE kafka_test (
    master_id BIGINT AUTO_INCREMENT PRIMARY KEY, id BIGINT, text VARCHAR(100), code VARCHAR(100) NOT NULL,
    create_date DATETIME NOT NULL, modify_date DATETIME NOT NULL, UNIQUE (id, code))`);
});
afterAll(async () => {
  await f?.stop();
  await Promise.all([local1?.drop(), local2?.drop(), control?.drop()]);
});

// poll.interval.ms is a tuning key (Confluent's default 5000): 200 only keeps the test fast.
const POLL = { 'poll.interval.ms': '200' };

/** local_source, one per local server. */
const localSource = (db: ThrowawayDatabase) => ({
  'connector.class': JDBC_SOURCE,
  ...db.connection,
  mode: 'timestamp+incrementing',
  'incrementing.column.name': 'id',
  'timestamp.column.name': 'modify_date',
  'table.whitelist': 'kafka_test',
  'topic.prefix': 'my_topic_',
  'tasks.max': '1',
  ...POLL,
});
const dropPrefix = {
  'transforms.dropPrefix.type': 'org.apache.kafka.connect.transforms.RegexRouter',
  'transforms.dropPrefix.regex': 'my_topic_(.*)',
  'transforms.dropPrefix.replacement': '$1',
};
/** local_sink: every local server's rows (and the control server's own, echoed) upserted into the control table by (id, code). */
const localSink = () => ({
  'connector.class': JDBC_SINK,
  ...control.connection,
  'auto.create': 'false',
  'auto.evolve': 'false',
  'topics.regex': 'my_topic_.(.*)',
  'table.name.format': '${topic}',
  'insert.mode': 'upsert',
  'pk.fields': 'id,code',
  'pk.mode': 'record_value',
  transforms: 'dropPrefix',
  ...dropPrefix,
  'tasks.max': '1',
});
/** control_source: the control table, timestamp mode on modify_date. */
const controlSource = () => ({
  'connector.class': JDBC_SOURCE,
  ...control.connection,
  mode: 'timestamp',
  'timestamp.column.name': 'modify_date',
  'table.whitelist': 'kafka_test',
  'topic.prefix': 'my_topic_',
  'tasks.max': '1',
  ...POLL,
});
/** local-N_sink: as local_sink, but UPDATE only (a row another server owns matches nothing) and without master_id. */
const localNSink = (db: ThrowawayDatabase) => ({
  ...localSink(),
  ...db.connection,
  'insert.mode': 'update',
  transforms: 'dropPrefix,ReplaceField',
  'transforms.ReplaceField.type': 'org.apache.kafka.connect.transforms.ReplaceField$Value',
  'transforms.ReplaceField.blacklist': 'master_id',
});

interface Row {
  master_id?: number;
  id: number;
  text: string | null;
  code: string;
  create_date: string;
  modify_date: string;
}
const rowsOf = (db: ThrowawayDatabase) => db.query<Row[]>('SELECT * FROM kafka_test ORDER BY code, id');
const withoutMasterId = ({ master_id: _, ...row }: Row) => row;
const count = async () => (await kcatRecords(f.broker.bootstrap, TOPIC).catch(() => [])).length;
const payloads = async () => (await kcatRecords(f.broker.bootstrap, TOPIC)).map((r) => JSON.parse(r.value!).payload as Row);

/** Waits until the topic has `expected` records (and not more). */
const topicReaches = (expected: number) =>
  f.waitFor(`${expected} records on ${TOPIC}`, async () => {
    const n = await count();
    if (n > expected) throw new Error(`${n} records on ${TOPIC}, more than the ${expected} expected`);
    return n === expected;
  });

/** The topic's record count once it stayed the same for `quietMs` (the end offset no longer moves). */
async function quietCount(quietMs = 3000): Promise<number> {
  let last = await count();
  let since = Date.now();
  const deadline = Date.now() + 20_000;
  while (Date.now() - since < quietMs) {
    if (Date.now() > deadline) throw new Error(`${TOPIC} still growing after 20 s (${last} records)`);
    await new Promise((r) => setTimeout(r, 250));
    const n = await count();
    if (n !== last) [last, since] = [n, Date.now()];
  }
  return last;
}

const CONNECTORS = ['local-1_source', 'local-2_source', 'local_sink', 'control_source', 'local-1_sink', 'local-2_sink'];

// The steps below run in order on the same connectors and tables.
let expected = 0; // records on the topic so far
let before: Row[] = []; // the local rows after the inserts
let edited: Row[] = []; // the control rows after the edits
const row = (rows: Row[], id: number, code: string) => rows.find((r) => r.id === id && r.code === code)!;

/** Inserts a row on a local server; waits for its record from its local source and the echo from control_source. */
async function insert(db: ThrowawayDatabase, text: string, code: string): Promise<void> {
  await db.query('INSERT INTO kafka_test (text, code, create_date, modify_date) VALUES (?, ?, NOW(), NOW())', [text, code]);
  // A row is only read once the database's clock passed its second (the `modify_date < CURRENT_TIMESTAMP`
  // bound, DATETIME having whole seconds), so each insert takes a second or two to go around.
  expected += 2;
  await topicReaches(expected);
}

it("the report's six connectors, registered with PUT /connectors/{name}/config, run", async () => {
  const configs: Record<string, Record<string, string>> = {
    'local-1_source': localSource(local1),
    'local-2_source': localSource(local2),
    local_sink: localSink(),
    control_source: controlSource(),
    'local-1_sink': localNSink(local1),
    'local-2_sink': localNSink(local2),
  };
  for (const name of CONNECTORS) expect((await f.call('PUT', `/connectors/${name}/config`, configs[name])).status).toBe(201);
  for (const name of CONNECTORS)
    await f.waitFor(`${name} running`, async () => {
      const s = (await f.call('GET', `/connectors/${name}/status`)).body;
      return s.connector?.state === 'RUNNING' && s.tasks?.[0]?.state === 'RUNNING';
    });
});

it('rows inserted on either local server reach the control table keyed by (id, code), with their fields', async () => {
  // Each local server has its own AUTO_INCREMENT, so the ids collide (1 and 2 on both): `code` tells them apart.
  //
  // One row at a time, each once its echo is on the topic: every row goes around exactly once, so the
  // counts are exact. (control_source's timestamp mode skips a row whose modify_date is not later than
  // the last one it sent: a row that reaches control after control_source sent one of the same or a
  // later second, as rows written on two servers at once can, is never echoed. Harmless, the echo
  // changes nothing, but the count would vary.)
  await insert(local1, 'first on local 1', 'L1');
  await insert(local2, 'first on local 2', 'L2');
  await insert(local1, 'second on local 1', 'L1');
  await insert(local2, 'second on local 2', 'L2');

  before = [...(await rowsOf(local1)), ...(await rowsOf(local2))];
  expect(before.map((r) => [r.id, r.code, r.text])).toEqual([
    [1, 'L1', 'first on local 1'],
    [2, 'L1', 'second on local 1'],
    [1, 'L2', 'first on local 2'],
    [2, 'L2', 'second on local 2'],
  ]);
  const controlRows = await rowsOf(control);
  // Every field as on its local server, and a master_id of control's own.
  expect(controlRows.map(withoutMasterId)).toEqual(before);
  expect(new Set(controlRows.map((r) => r.master_id)).size).toBe(4);

  // What went over the topic: each row from its local source (no master_id), and its echo from control_source.
  const sent = await payloads();
  const inOrder = [
    [1, 'L1'],
    [1, 'L2'],
    [2, 'L1'],
    [2, 'L2'],
  ];
  expect(sent.filter((p) => p.master_id === undefined).map((p) => [p.id, p.code])).toEqual(inOrder);
  expect(sent.filter((p) => p.master_id !== undefined).map((p) => [p.id, p.code])).toEqual(inOrder);
});

it('an edit on the control server flows back to its own local server only, without master_id', async () => {
  // The control application sets modify_date, as the local ones do: (1, L1) and (2, L2) in one
  // statement. (1, L2) and (2, L1) share the ids and stay untouched: local-N_sink's
  // UPDATE … WHERE id = ? AND code = ? matches nothing on the other server.
  await control.query(
    "UPDATE kafka_test SET text = CONCAT(text, ' (edited on control)'), modify_date = NOW() WHERE (id, code) IN ((1, 'L1'), (2, 'L2'))",
  );
  edited = await rowsOf(control);
  await f.waitFor('both edits on their local servers', async () => {
    const l1 = row(await rowsOf(local1), 1, 'L1');
    const l2 = row(await rowsOf(local2), 2, 'L2');
    return l1.text === 'first on local 1 (edited on control)' && l2.text === 'second on local 2 (edited on control)';
  });
  // The local rows as control has them, modify_date included; the others as they were.
  expect(await rowsOf(local1)).toEqual([withoutMasterId(row(edited, 1, 'L1')), row(before, 2, 'L1')]);
  expect(await rowsOf(local2)).toEqual([row(before, 1, 'L2'), withoutMasterId(row(edited, 2, 'L2'))]);
  // The local table has no master_id: ReplaceField's blacklist drops it, so the sink's UPDATE names
  // only columns the table has (a record with master_id fails the task: the last test).
  expect(Object.keys((await rowsOf(local1))[0])).toEqual(['id', 'text', 'code', 'create_date', 'modify_date']);
});

it('no echo loop: the topic goes quiet, each change having gone around once more', async () => {
  // Each edit goes around once more and stops:
  //   control_source sends the edited row (modify_date T) → local-N_sink UPDATEs its own local row
  //   with the record's own values, modify_date = T (the other server's sink matches no row) →
  //   local-N_source sees modify_date T > its offset and sends the row → local_sink upserts it into
  //   control with exactly the values control already has: MariaDB changes nothing (0 rows affected),
  //   so control's modify_date stays T and control_source, whose criteria are strictly greater
  //   (`modify_date > offset`; timestamp+incrementing's is `> ts OR (= ts AND id > last id)`), has
  //   nothing new; local-N_sink writes that echo to the local row again, identical, nothing changes.
  // (An insert goes the same way from the other end: local source → local_sink → control_source →
  // local-N_sink, which writes the row's own values back.)
  // It terminates because no write ever moves modify_date past what was sent: the sinks write the
  // record's own modify_date back, and the tables have no trigger that would set it to NOW() on every
  // write. (ON UPDATE CURRENT_TIMESTAMP would not loop either: MariaDB does not apply it when the
  // statement assigns the column, which the sinks always do, nor when the values do not change.)
  // So: 2 edits × (control's record + the local echo) = 4 more records, then quiet.
  expected += 4;
  expect(await quietCount()).toBe(expected);
  expect(await rowsOf(control)).toEqual(edited);
  expect(withoutMasterId(row(edited, 1, 'L1'))).toEqual(row(await rowsOf(local1), 1, 'L1'));
  expect(withoutMasterId(row(edited, 2, 'L2'))).toEqual(row(await rowsOf(local2), 2, 'L2'));
});

it('a row deleted on a local server stays on the control server: the JDBC source cannot see a delete', async () => {
  // The JDBC source reads rows, and a deleted row is no row: nothing goes on the topic (the report's
  // open problem). The row inserted after the delete shows the local source polled since.
  await local1.query("DELETE FROM kafka_test WHERE id = 2 AND code = 'L1'");
  await insert(local1, 'third on local 1', 'L1');
  expect(await quietCount()).toBe(expected);
  expect((await rowsOf(local1)).map((r) => r.id)).toEqual([1, 3]);
  expect((await rowsOf(control)).map((r) => [r.id, r.code])).toEqual([
    [1, 'L1'],
    [2, 'L1'], // deleted on local 1, still here
    [3, 'L1'],
    [1, 'L2'],
    [2, 'L2'],
  ]);
  expect(row(await rowsOf(control), 2, 'L1')).toEqual(row(edited, 2, 'L1'));
  for (const name of CONNECTORS) {
    const s = (await f.call('GET', `/connectors/${name}/status`)).body;
    expect([name, s.connector.state, s.tasks[0].state]).toEqual([name, 'RUNNING', 'RUNNING']);
  }
});

it("without the ReplaceField, local-N_sink fails on control's master_id", async () => {
  // The first record from control_source names master_id, which the local table lacks, and the sink
  // does not add columns (Confluent's DbStructure refuses a NOT NULL field without a default before
  // it even looks at auto.evolve=false): the task fails, having changed nothing.
  const rows = await rowsOf(local1);
  const { 'transforms.ReplaceField.type': _t, 'transforms.ReplaceField.blacklist': _b, ...withoutReplaceField } = localNSink(local1);
  const name = 'local-1_sink-without-ReplaceField';
  expect((await f.call('PUT', `/connectors/${name}/config`, { ...withoutReplaceField, transforms: 'dropPrefix' })).status).toBe(201);
  const failed = await f.waitFor(`${name} failed`, async () => {
    const task = (await f.call('GET', `/connectors/${name}/status`)).body.tasks?.[0];
    return task?.state === 'FAILED' && task;
  });
  expect(failed.trace).toMatch(/Cannot ALTER TABLE .*kafka_test.* to add missing field .*name='master_id'/);
  expect(await rowsOf(local1)).toEqual(rows);
});
