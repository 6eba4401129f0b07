// Failures: Connect's messages word for word, retries with backoff, one transaction per put
// (rolled back on error), the errant-record reporter, connection attempts.

import { field, ORDERS_SCHEMA, schema } from '@kafka-sync/contracts';
import { ConnectError, RetriableConnectError } from '../../src/connect-api/connect-error';
import {
  createThrowawayDatabase,
  record,
  recordingContext,
  rejection,
  TaskStarter,
  type ThrowawayDatabase,
} from '../support/jdbc-sink-harness';

let db: ThrowawayDatabase;
const tasks = new TaskStarter();

beforeAll(async () => {
  db = await createThrowawayDatabase('jdbc_sink_failures');
  await db.query('CREATE TABLE narrow (id INT NOT NULL PRIMARY KEY)');
  await db.query('CREATE TABLE cased (id INT NOT NULL PRIMARY KEY, `Name` VARCHAR(20) NULL, extra INT NULL)');
  await db.query('CREATE TABLE strict_rows (id INT NOT NULL PRIMARY KEY, name VARCHAR(20) NOT NULL)');
  await db.query('CREATE TABLE other_rows (id INT NOT NULL PRIMARY KEY)');
});
afterEach(() => tasks.stopAll());
afterAll(() => db.drop());

const ROW = schema.struct([field.int32('id'), field.string('name', { optional: true })]);
const row = (topic: string, id: number, name: string | null) => record(topic, { schema: ROW, value: { id, name } });
const q = (table: string) => `"${db.name}"."${table}"`;

describe('table and column refusals (never retried)', () => {
  it('refuses a missing table when auto.create is off', async () => {
    const { task, context } = await tasks.start({ ...db.connection });
    const error = await rejection(task.put([row('absent', 1, 'a')]));
    expect(error).toBeInstanceOf(ConnectError);
    expect(error).not.toBeInstanceOf(RetriableConnectError);
    expect(error.message).toBe(`Table ${q('absent')} is missing and auto-creation is disabled`);
    expect(context.backoffs).toEqual([]);
  });

  it('refuses missing columns when auto.evolve is off', async () => {
    const { task } = await tasks.start({ ...db.connection });
    const error = await rejection(task.put([row('narrow', 1, 'a')]));
    expect(error.message).toBe(
      `Table ${q('narrow')} is missing fields ([SinkRecordField{schema=Schema{STRING}, name='name', isPrimaryKey=false}]) and auto-evolution is disabled`,
    );
  });

  it('refuses to add a required field without a default, even with auto.evolve', async () => {
    const { task } = await tasks.start({ ...db.connection, 'auto.evolve': 'true' });
    const required = schema.struct([field.int32('id'), field.int32('qty')]);
    const error = await rejection(task.put([record('narrow', { schema: required, value: { id: 1, qty: 2 } })]));
    expect(error.message).toBe(
      `Cannot ALTER TABLE ${q('narrow')} to add missing field SinkRecordField{schema=Schema{INT32}, name='qty', isPrimaryKey=false}, as the field is not optional and does not have a default value`,
    );
    expect(await db.query('SELECT COUNT(*) AS n FROM narrow')).toEqual([{ n: 0 }]);
  });

  it('matches columns ignoring case when the exact name is absent, and ignores extra columns', async () => {
    const { task } = await tasks.start({ ...db.connection });
    await task.put([row('cased', 1, 'mixed')]);
    expect(await db.query('SELECT id, `Name`, extra FROM cased')).toEqual([{ id: 1, Name: 'mixed', extra: null }]);
  });

  it('refuses upsert without key fields', async () => {
    const { task } = await tasks.start({ ...db.connection, 'insert.mode': 'upsert', 'auto.create': 'true' });
    const error = await rejection(task.put([row('upsert_no_keys', 1, 'a')]));
    expect(error.message).toBe(
      `Write to table '${q('upsert_no_keys')}' in UPSERT mode requires key field names to be known, check the primary key configuration`,
    );
  });
});

describe('record requirements', () => {
  it('fails the task on a tombstone when deletes are disabled', async () => {
    const { task } = await tasks.start({ ...db.connection, 'auto.create': 'true' });
    const tombstone = record('validator_t', { schema: null, value: null });
    const error = await rejection(task.put([tombstone]));
    expect(error.message).toBe(
      "Sink connector 'test-sink' is configured with 'delete.enabled=false' and 'pk.mode=none' and therefore requires records with a non-null Struct or String value and non-null Struct or String schema, " +
        `but found record at (topic='validator_t',partition=0,offset=${tombstone.offset},timestamp=1700000000000) with a null value and null value schema.`,
    );
  });

  it('fails the task on a schemaless value', async () => {
    const { task } = await tasks.start({ ...db.connection, 'auto.create': 'true', 'pk.mode': 'record_value' });
    const schemaless = record('validator_t', { schema: null, value: new Map([['id', 1]]) });
    const error = await rejection(task.put([schemaless]));
    expect(error.message).toContain(`'delete.enabled=false' and 'pk.mode=record_value'`);
    expect(error.message).toContain(`with a HashMap value and null value schema.`);
  });

  it('requires a key in record_key mode', async () => {
    const { task } = await tasks.start({ ...db.connection, 'auto.create': 'true', 'pk.mode': 'record_key', 'pk.fields': 'id' });
    const keyless = row('validator_t', 1, 'a');
    const error = await rejection(task.put([keyless]));
    expect(error.message).toBe(
      "Sink connector 'test-sink' is configured with 'delete.enabled=false' and 'pk.mode=record_key' and therefore requires records with a non-null key and non-null Struct or primitive key schema, " +
        `but found record at (topic='validator_t',partition=0,offset=${keyless.offset},timestamp=1700000000000) with a null key and null key schema.`,
    );
  });

  it('refuses delete.enabled without pk.mode=record_key at start', async () => {
    const error = await rejection(tasks.start({ ...db.connection, 'delete.enabled': 'true' }));
    expect(error.message).toBe("Primary key mode must be 'record_key' when delete support is enabled");
  });
});

describe('database errors: retries, then failure', () => {
  it('auto.create with a STRING key: MariaDB refuses the TEXT key, retried with backoff, then the task fails', async () => {
    const { task, context } = await tasks.start({
      ...db.connection,
      'auto.create': 'true',
      'pk.mode': 'record_value',
      'pk.fields': 'order_id',
      'insert.mode': 'upsert',
      'max.retries': '1',
      'retry.backoff.ms': '250',
      'table.name.format': 'auto_orders',
    });
    const order = record('orders', {
      schema: ORDERS_SCHEMA,
      value: { order_id: 'o-1', user_id: 'u', product_id: 'p', qty: 1, unit_price: 1, total_price: 1, created_at: null, instance_id: null },
    });
    const first = await rejection(task.put([order]));
    expect(first).toBeInstanceOf(RetriableConnectError);
    expect(first.message).toContain("BLOB/TEXT column 'order_id' used in key specification without a key length");
    expect(context.backoffs).toEqual([250]);
    const second = await rejection(task.put([order]));
    expect(second).toBeInstanceOf(ConnectError);
    expect(second).not.toBeInstanceOf(RetriableConnectError);
    expect(second.message).toContain("BLOB/TEXT column 'order_id' used in key specification without a key length");
    expect(context.backoffs).toEqual([250]);
    expect(
      await db.query("SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'auto_orders'"),
    ).toEqual([{ n: 0 }]);
  });

  it('commits nothing of a put whose second row violates NOT NULL (across tables), and keeps working afterwards', async () => {
    const { task, context } = await tasks.start({ ...db.connection, 'max.retries': '2', 'retry.backoff.ms': '10' });
    const batch = [
      record('other_rows', { schema: schema.struct([field.int32('id')]), value: { id: 1 } }),
      row('strict_rows', 1, 'ok'),
      row('strict_rows', 2, null),
    ];
    const error = await rejection(task.put(batch));
    expect(error).toBeInstanceOf(RetriableConnectError);
    expect(error.message).toContain("Column 'name' cannot be null");
    expect(context.backoffs).toEqual([10]);
    expect(await db.query('SELECT COUNT(*) AS n FROM strict_rows')).toEqual([{ n: 0 }]);
    expect(await db.query('SELECT COUNT(*) AS n FROM other_rows')).toEqual([{ n: 0 }]);
    // A good put succeeds on the re-created connection and resets the retry budget.
    await task.put([row('strict_rows', 3, 'fine')]);
    expect(await db.query('SELECT id, name FROM strict_rows')).toEqual([{ id: 3, name: 'fine' }]);
    for (let attempt = 0; attempt < 2; attempt++) expect(await rejection(task.put(batch))).toBeInstanceOf(RetriableConnectError);
    const final = await rejection(task.put(batch));
    expect(final).not.toBeInstanceOf(RetriableConnectError);
    expect(final.message).toContain("Column 'name' cannot be null");
    expect(context.backoffs).toEqual([10, 10, 10]);
    expect(await db.query('SELECT id FROM strict_rows')).toEqual([{ id: 3 }]);
    // Same connection this time (no retry re-created it): only a rollback keeps row 1 out of the next commit.
    await task.put([row('strict_rows', 4, 'four')]);
    expect(await db.query('SELECT id FROM strict_rows ORDER BY id')).toEqual([{ id: 3 }, { id: 4 }]);
    expect(await db.query('SELECT COUNT(*) AS n FROM other_rows')).toEqual([{ n: 0 }]);
  });

  it('with an errant-record reporter, writes records one by one once retries are spent and reports the failing ones', async () => {
    const { task, context } = await tasks.start({ ...db.connection, 'max.retries': '0' }, recordingContext({ reporter: true }));
    const bad = row('strict_rows', 11, null);
    await task.put([row('strict_rows', 10, 'ten'), bad, row('strict_rows', 12, 'twelve')]);
    expect(await db.query('SELECT id FROM strict_rows WHERE id >= 10 ORDER BY id')).toEqual([{ id: 10 }, { id: 12 }]);
    expect(context.reported.map((r) => r.record)).toEqual([bad]);
    expect(context.reported[0].error.message).toContain("Column 'name' cannot be null");
  });

  it('with a reporter, reports records whose table is missing instead of failing', async () => {
    const { task, context } = await tasks.start({ ...db.connection }, recordingContext({ reporter: true }));
    const records = [row('absent_too', 1, 'a'), row('strict_rows', 20, 'twenty')];
    await task.put(records);
    expect(context.reported.map((r) => [r.record, r.error.message])).toEqual([
      [records[0], `Table ${q('absent_too')} is missing and auto-creation is disabled`],
    ]);
    expect(await db.query('SELECT id FROM strict_rows WHERE id = 20')).toEqual([{ id: 20 }]);
  });
});

describe('connection reuse', () => {
  /** Kills the task's own connection (the one on this database that is not ours) from the server side. */
  async function killSinkConnection(): Promise<void> {
    const ids = await db.query<Array<{ id: number }>>(
      'SELECT ID AS id FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID()',
    );
    expect(ids).toHaveLength(1);
    await db.query(`KILL ${ids[0].id}`);
  }

  it('replaces a connection the server dropped, even right after a put, without spending a retry', async () => {
    const { task, context } = await tasks.start({ ...db.connection, 'max.retries': '0' });
    await task.put([row('strict_rows', 30, 'thirty')]);
    await killSinkConnection();
    // Well within the window in which a connection that just committed is reused without a ping:
    // the connection's error event, not the clock, must send the next put to a new connection.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await task.put([row('strict_rows', 31, 'thirty-one')]);
    expect(await db.query('SELECT id FROM strict_rows WHERE id IN (30, 31) ORDER BY id')).toEqual([{ id: 30 }, { id: 31 }]);
    expect(context.backoffs).toEqual([]);
    expect(context.logs.filter((line) => line.includes('Attempting to open connection'))).toHaveLength(2);
  });
});

describe('connection attempts', () => {
  it('tries connection.attempts times, connection.backoff.ms apart, then fails the start', async () => {
    const context = recordingContext();
    const started = Date.now();
    const error = await rejection(
      tasks.start(
        { 'connection.url': 'jdbc:mysql://127.0.0.1:1/none', 'connection.attempts': '3', 'connection.backoff.ms': '100' },
        context,
      ),
    );
    expect(error).toBeInstanceOf(ConnectError);
    expect(error.message).toMatch(/^java\.sql\.SQLException: /);
    expect(context.logs.filter((line) => line.includes('Attempting to open connection'))).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
  });
});
