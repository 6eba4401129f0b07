// The sink against a real MariaDB: auto.create, insert/upsert/update/delete, pk modes, auto.evolve,
// the course's configs (§B, §C, §D) and the orders upsert config.

import { EOL } from 'node:os';
import { field, ORDERS_SCHEMA, ORDERS_TABLE_DDL, schema, type ConnectStruct } from '@kafka-sync/contracts';
import { createThrowawayDatabase, record, TaskStarter, type ThrowawayDatabase } from '../support/jdbc-sink-harness';

let db: ThrowawayDatabase;
const tasks = new TaskStarter();

beforeAll(async () => {
  db = await createThrowawayDatabase('jdbc_sink_writes');
});
afterEach(() => tasks.stopAll());
afterAll(() => db.drop());

interface Column {
  COLUMN_NAME: string;
  COLUMN_TYPE: string;
  IS_NULLABLE: string;
  COLUMN_KEY: string;
  COLUMN_DEFAULT: string | null;
}

const columns = (table: string) =>
  db.query<Column[]>(
    'SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_KEY, COLUMN_DEFAULT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION',
    [table],
  );

const USERS_SCHEMA = schema.struct(
  [field.int32('id'), field.string('user_id', { optional: true }), field.string('name', { optional: true })],
  { name: 'users' },
);

describe('§B my-sink-connect: auto.create and auto.evolve on my_topic_users', () => {
  const config = () => ({
    ...db.connection,
    'auto.create': 'true',
    'auto.evolve': 'true',
    'delete.enabled': 'false',
    'tasks.max': '1',
    topics: 'my_topic_users',
  });

  it('creates the table named after the topic and fills it', async () => {
    const { task, context } = await tasks.start(config());
    await task.put([record('my_topic_users', { schema: USERS_SCHEMA, value: { id: 1, user_id: 'test1', name: 'TEST USER' } })]);
    expect(await columns('my_topic_users')).toEqual([
      { COLUMN_NAME: 'id', COLUMN_TYPE: 'int(11)', IS_NULLABLE: 'NO', COLUMN_KEY: '', COLUMN_DEFAULT: null },
      { COLUMN_NAME: 'user_id', COLUMN_TYPE: 'text', IS_NULLABLE: 'YES', COLUMN_KEY: '', COLUMN_DEFAULT: 'NULL' },
      { COLUMN_NAME: 'name', COLUMN_TYPE: 'text', IS_NULLABLE: 'YES', COLUMN_KEY: '', COLUMN_DEFAULT: 'NULL' },
    ]);
    expect(await db.query('SELECT id, user_id, name FROM my_topic_users')).toEqual([{ id: 1, user_id: 'test1', name: 'TEST USER' }]);
    // The statement Connect logs, in the reference's shape.
    expect(context.logs).toContain(
      `INFO Creating table with sql: ${['CREATE TABLE `' + db.name + '`.`my_topic_users` (', '`id` INT NOT NULL,', '`user_id` TEXT NULL,', '`name` TEXT NULL)'].join(EOL)}`,
    );
  });

  it('adds a new optional field as a column (auto.evolve) and keeps writing', async () => {
    const { task } = await tasks.start(config());
    const evolved = schema.struct(
      [...USERS_SCHEMA.fields, field.int32('age', { optional: true }), field.string('city', { default: 'Seoul' })],
      { name: 'users' },
    );
    await task.put([
      record('my_topic_users', { schema: evolved, value: { id: 2, user_id: 'test2', name: 'SECOND', age: 30, city: 'Busan' } }),
    ]);
    expect((await columns('my_topic_users')).map((c) => [c.COLUMN_NAME, c.COLUMN_TYPE, c.IS_NULLABLE, c.COLUMN_DEFAULT])).toEqual([
      ['id', 'int(11)', 'NO', null],
      ['user_id', 'text', 'YES', 'NULL'],
      ['name', 'text', 'YES', 'NULL'],
      ['age', 'int(11)', 'YES', 'NULL'],
      ['city', 'text', 'YES', "'Seoul'"],
    ]);
    expect(await db.query('SELECT id, age, city FROM my_topic_users ORDER BY id')).toEqual([
      { id: 1, age: null, city: 'Seoul' },
      { id: 2, age: 30, city: 'Busan' },
    ]);
  });
});

describe('§C my-order-sink-connect: insert mode with auto.create on orders records', () => {
  const order = (orderId: string, qty: number): ConnectStruct => ({
    order_id: orderId,
    user_id: 'u1',
    product_id: 'CATALOG-001',
    qty,
    unit_price: 1500,
    total_price: qty * 1500,
    created_at: new Date(Date.UTC(2024, 4, 1, 12, 0, 0, 123)),
    instance_id: 'orders-1',
  });
  const config = () => ({
    ...db.connection,
    'auto.create': 'true',
    'auto.evolve': 'true',
    'delete.enabled': 'false',
    'tasks.max': '1',
    topics: 'orders',
    'table.name.format': 'course_${topic}',
  });

  it('creates a key-less table with TEXT columns and appends every record (a replay duplicates rows)', async () => {
    const { task } = await tasks.start(config());
    const records = [
      record('orders', { schema: ORDERS_SCHEMA, value: order('o-1', 2) }),
      record('orders', { schema: ORDERS_SCHEMA, value: order('o-2', 1) }),
    ];
    await task.put(records);
    await task.put(records);
    expect((await columns('course_orders')).map((c) => [c.COLUMN_NAME, c.COLUMN_TYPE, c.IS_NULLABLE, c.COLUMN_KEY])).toEqual([
      ['order_id', 'text', 'YES', ''],
      ['user_id', 'text', 'YES', ''],
      ['product_id', 'text', 'YES', ''],
      ['qty', 'int(11)', 'YES', ''],
      ['unit_price', 'int(11)', 'YES', ''],
      ['total_price', 'int(11)', 'YES', ''],
      ['created_at', 'datetime(3)', 'YES', ''],
      ['instance_id', 'text', 'YES', ''],
    ]);
    expect(
      await db.query(
        "SELECT order_id, qty, total_price, DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s.%f') AS created_at FROM course_orders ORDER BY order_id",
      ),
    ).toEqual([
      { order_id: 'o-1', qty: 2, total_price: 3000, created_at: '2024-05-01 12:00:00.123000' },
      { order_id: 'o-1', qty: 2, total_price: 3000, created_at: '2024-05-01 12:00:00.123000' },
      { order_id: 'o-2', qty: 1, total_price: 1500, created_at: '2024-05-01 12:00:00.123000' },
      { order_id: 'o-2', qty: 1, total_price: 1500, created_at: '2024-05-01 12:00:00.123000' },
    ]);
  });
});

describe('the orders upsert config against the migration-created orders table', () => {
  beforeAll(async () => {
    await db.query(ORDERS_TABLE_DDL); // the table orders-service's migration makes
  });
  const config = () => ({
    ...db.connection,
    topics: 'orders',
    'insert.mode': 'upsert',
    'pk.mode': 'record_value',
    'pk.fields': 'order_id',
    'auto.create': 'false',
  });
  const order = (orderId: string, qty: number) =>
    record(
      'orders',
      {
        schema: ORDERS_SCHEMA,
        value: {
          order_id: orderId,
          user_id: 'u1',
          product_id: 'CATALOG-002',
          qty,
          unit_price: 1000,
          total_price: qty * 1000,
          created_at: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)),
          instance_id: 'orders-2',
        },
      },
      { schema: schema.string(), value: orderId },
    );

  it('leaves one row per order_id however often the records are replayed, with the latest values', async () => {
    const { task } = await tasks.start(config());
    const batch = [order('a0000000-0000-4000-8000-000000000001', 1), order('a0000000-0000-4000-8000-000000000002', 2)];
    await task.put(batch);
    await task.put(batch);
    await task.put([order('a0000000-0000-4000-8000-000000000001', 5), order('a0000000-0000-4000-8000-000000000001', 6)]);
    expect(
      await db.query(
        "SELECT order_id, qty, total_price, DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s.%f') AS created_at, instance_id FROM orders ORDER BY order_id",
      ),
    ).toEqual([
      {
        order_id: 'a0000000-0000-4000-8000-000000000001',
        qty: 6,
        total_price: 6000,
        created_at: '2024-01-02 03:04:05.006000',
        instance_id: 'orders-2',
      },
      {
        order_id: 'a0000000-0000-4000-8000-000000000002',
        qty: 2,
        total_price: 2000,
        created_at: '2024-01-02 03:04:05.006000',
        instance_id: 'orders-2',
      },
    ]);
  });

  it('ends a put of 7000 upserts (more than batch.size) with the latest value per key', async () => {
    const { task, context } = await tasks.start(config());
    // 1000 keys, each 7 times: repeats inside one batch.size chunk of 3000 and across chunks.
    const id = (k: number) => `b0000000-0000-4000-8000-${String(k).padStart(12, '0')}`;
    await task.put(Array.from({ length: 7000 }, (_, i) => order(id(i % 1000), i)));
    expect(context.logs).toContain('INFO Successfully wrote 7000 records.');
    const table = await db.query<Array<{ order_id: string; qty: number; total_price: number }>>(
      "SELECT order_id, qty, total_price FROM orders WHERE order_id LIKE 'b%' ORDER BY order_id",
    );
    expect(table).toHaveLength(1000);
    expect(table).toEqual(Array.from({ length: 1000 }, (_, k) => ({ order_id: id(k), qty: 6000 + k, total_price: (6000 + k) * 1000 })));
  });

  it('accepts the course records that lack the two added fields (missing columns exist in the table)', async () => {
    const courseSchema = schema.struct(ORDERS_SCHEMA.fields.slice(0, 6), { name: 'orders' });
    const { task } = await tasks.start(config());
    await task.put([
      record('orders', {
        schema: courseSchema,
        value: { order_id: 'course-1', user_id: 'u9', product_id: 'CATALOG-003', qty: 3, unit_price: 2000, total_price: 6000 },
      }),
    ]);
    expect(await db.query("SELECT qty, created_at FROM orders WHERE order_id = 'course-1'")).toEqual([{ qty: 3, created_at: null }]);
  });
});

describe('§D local_sink / local-1_sink on a pre-created kafka_test table', () => {
  const KAFKA_TEST = schema.struct(
    [
      field.int64('id'),
      field.string('text', { optional: true }),
      field.string('code'),
      field.timestamp('create_date'),
      field.timestamp('modify_date'),
    ],
    { name: 'kafka_test' },
  );
  const row = (id: number, code: string, text: string, minute: number) =>
    record('kafka_test', {
      schema: KAFKA_TEST,
      value: { id, text, code, create_date: new Date(Date.UTC(2024, 0, 1, 9, 0)), modify_date: new Date(Date.UTC(2024, 0, 1, 9, minute)) },
    });
  const base = () => ({
    ...db.connection,
    'auto.create': 'false',
    'auto.evolve': 'false',
    'topics.regex': 'my_topic_.(.*)',
    'table.name.format': '${topic}',
    'pk.fields': 'id,code',
    'pk.mode': 'record_value',
  });

  beforeAll(async () => {
    await db.query(`CREATE TABLE kafka_test (id BIGINT AUTO_INCREMENT PRIMARY KEY, text VARCHAR(100), code VARCHAR(100) NOT NULL,
      create_date DATETIME NOT NULL, modify_date DATETIME NOT NULL, UNIQUE(id, code))`);
  });

  it('local_sink upserts on (id, code)', async () => {
    const { task } = await tasks.start({ ...base(), 'insert.mode': 'upsert' });
    await task.put([row(1, 'A', 'first', 1), row(2, 'B', 'second', 2)]);
    await task.put([row(1, 'A', 'first, edited', 3)]);
    expect(await db.query('SELECT id, code, text, modify_date FROM kafka_test ORDER BY id')).toEqual([
      { id: 1, code: 'A', text: 'first, edited', modify_date: '2024-01-01 09:03:00' },
      { id: 2, code: 'B', text: 'second', modify_date: '2024-01-01 09:02:00' },
    ]);
  });

  it('local-1_sink updates matching rows and silently skips rows that do not exist', async () => {
    const { task } = await tasks.start({ ...base(), 'insert.mode': 'update' });
    await task.put([row(2, 'B', 'from control', 10), row(99, 'Z', 'nowhere', 10)]);
    expect(await db.query('SELECT id, code, text, modify_date FROM kafka_test ORDER BY id')).toEqual([
      { id: 1, code: 'A', text: 'first, edited', modify_date: '2024-01-01 09:03:00' },
      { id: 2, code: 'B', text: 'from control', modify_date: '2024-01-01 09:10:00' },
    ]);
  });
});

describe('pk modes with auto.create', () => {
  const VALUE = schema.struct([field.string('name', { optional: true }), field.int32('score', { optional: true })]);

  it('kafka: coordinates as the key (a STRING __connect_topic cannot be a MariaDB key, so the DB refuses)', async () => {
    const { task } = await tasks.start({ ...db.connection, 'auto.create': 'true', 'pk.mode': 'kafka', 'max.retries': '0' });
    const error = await rejectionOf(task.put([record('pk_kafka', { schema: VALUE, value: { name: 'a', score: 1 } })]));
    expect(error.message).toContain("BLOB/TEXT column '__connect_topic' used in key specification without a key length");
  });

  it('record_key with a primitive INT64 key: one key column, upserts replace', async () => {
    const { task } = await tasks.start({
      ...db.connection,
      'auto.create': 'true',
      'pk.mode': 'record_key',
      'pk.fields': 'id',
      'insert.mode': 'upsert',
    });
    const key = (id: number) => ({ schema: schema.int64(), value: id });
    await task.put([
      record('pk_record_key', { schema: VALUE, value: { name: 'a', score: 1 } }, key(7)),
      record('pk_record_key', { schema: VALUE, value: { name: 'b', score: 2 } }, key(7)),
    ]);
    expect((await columns('pk_record_key')).map((c) => [c.COLUMN_NAME, c.COLUMN_TYPE, c.COLUMN_KEY])).toEqual([
      ['name', 'text', ''],
      ['score', 'int(11)', ''],
      ['id', 'bigint(20)', 'PRI'],
    ]);
    expect(await db.query('SELECT id, name, score FROM pk_record_key')).toEqual([{ id: 7, name: 'b', score: 2 }]);
  });

  it('record_key with a Struct key: all key fields, and delete.enabled turns tombstones into DELETEs', async () => {
    const KEY = schema.struct([field.int32('tenant'), field.int32('id')]);
    const { task } = await tasks.start({
      ...db.connection,
      'auto.create': 'true',
      'pk.mode': 'record_key',
      'delete.enabled': 'true',
      'insert.mode': 'upsert',
    });
    const key = (tenant: number, id: number) => ({ schema: KEY, value: { tenant, id } });
    await task.put([
      record('pk_struct_key', { schema: VALUE, value: { name: 'a', score: 1 } }, key(1, 1)),
      record('pk_struct_key', { schema: VALUE, value: { name: 'b', score: 2 } }, key(1, 2)),
      record('pk_struct_key', { schema: null, value: null }, key(1, 1)),
      record('pk_struct_key', { schema: VALUE, value: { name: 'c', score: 3 } }, key(2, 1)),
    ]);
    expect((await columns('pk_struct_key')).map((c) => [c.COLUMN_NAME, c.COLUMN_KEY])).toEqual([
      ['name', ''],
      ['score', ''],
      ['id', 'PRI'],
      ['tenant', 'PRI'],
    ]);
    expect(await db.query('SELECT tenant, id, name FROM pk_struct_key ORDER BY tenant, id')).toEqual([
      { tenant: 1, id: 2, name: 'b' },
      { tenant: 2, id: 1, name: 'c' },
    ]);
    // A record after the tombstone for the same key comes back (order within the put is kept).
    await task.put([
      record('pk_struct_key', { schema: null, value: null }, key(1, 2)),
      record('pk_struct_key', { schema: VALUE, value: { name: 'again', score: 4 } }, key(1, 2)),
    ]);
    expect(await db.query('SELECT tenant, id, name FROM pk_struct_key ORDER BY tenant, id')).toEqual([
      { tenant: 1, id: 2, name: 'again' },
      { tenant: 2, id: 1, name: 'c' },
    ]);
  });

  it('record_value with INT pk.fields: composite primary key in value-schema order', async () => {
    const ROW = schema.struct([field.int32('b'), field.int32('a'), field.string('v', { optional: true })]);
    const { task } = await tasks.start({
      ...db.connection,
      'auto.create': 'true',
      'pk.mode': 'record_value',
      'pk.fields': 'a,b',
      'insert.mode': 'upsert',
    });
    await task.put([
      record('pk_value', { schema: ROW, value: { b: 1, a: 2, v: 'x' } }),
      record('pk_value', { schema: ROW, value: { b: 1, a: 2, v: 'y' } }),
    ]);
    expect(
      await db.query(
        "SELECT COLUMN_NAME, SEQ_IN_INDEX FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'pk_value' AND INDEX_NAME = 'PRIMARY' ORDER BY SEQ_IN_INDEX",
      ),
    ).toEqual([
      { COLUMN_NAME: 'b', SEQ_IN_INDEX: 1 },
      { COLUMN_NAME: 'a', SEQ_IN_INDEX: 2 },
    ]);
    expect(await db.query('SELECT a, b, v FROM pk_value')).toEqual([{ a: 2, b: 1, v: 'y' }]);
  });

  it('none: plain inserts, with fields.whitelist limiting the value columns', async () => {
    const { task } = await tasks.start({ ...db.connection, 'auto.create': 'true', 'fields.whitelist': 'score' });
    await task.put([record('pk_none', { schema: VALUE, value: { name: 'dropped', score: 5 } })]);
    expect((await columns('pk_none')).map((c) => c.COLUMN_NAME)).toEqual(['score']);
    expect(await db.query('SELECT score FROM pk_none')).toEqual([{ score: 5 }]);
  });
});

describe('value binding', () => {
  it('writes every mapped type, with db.timezone applied to Timestamp and Time and date.timezone to Date', async () => {
    const ALL = schema.struct([
      field.int8('i8'),
      field.int16('i16'),
      field.int64('i64'),
      field.float('f32'),
      field.double('f64'),
      field.boolean('flag'),
      field.bytes('raw'),
      field.decimal('amount', 2),
      field.date('day'),
      field.time('at'),
      field.timestamp('ts'),
      field.int64('micros'),
    ]);
    const { task } = await tasks.start({
      ...db.connection,
      'auto.create': 'true',
      'db.timezone': 'Asia/Seoul',
      'date.timezone': 'UTC',
      'timestamp.fields.list': 'micros',
    });
    await task.put([
      record('all_types', {
        schema: ALL,
        value: {
          i8: -5,
          i16: 300,
          i64: 9_007_199_254_740_991,
          f32: 1.5,
          f64: 2.25,
          flag: true,
          raw: Buffer.from([1, 2, 255]),
          amount: '1234.56',
          day: new Date(Date.UTC(2024, 1, 29)),
          at: new Date(Date.UTC(1970, 0, 1, 23, 30, 0, 250)),
          ts: new Date(Date.UTC(2024, 11, 31, 20, 0, 0, 1)),
          micros: 1_700_000_000_123_456,
        },
      }),
    ]);
    expect((await columns('all_types')).map((c) => c.COLUMN_TYPE)).toEqual([
      'tinyint(4)',
      'smallint(6)',
      'bigint(20)',
      'float',
      'double',
      'tinyint(4)',
      'varbinary(1024)',
      'decimal(65,2)',
      'date',
      'time(3)',
      'datetime(3)',
      'datetime(6)',
    ]);
    const rows = await db.query<Record<string, unknown>[]>(
      'SELECT i8, i16, CAST(i64 AS CHAR) AS i64, f32, f64, flag, HEX(raw) AS raw, amount, day, CAST(at AS CHAR) AS at, CAST(ts AS CHAR) AS ts, CAST(micros AS CHAR) AS micros FROM all_types',
    );
    expect(rows).toEqual([
      {
        i8: -5,
        i16: 300,
        i64: '9007199254740991',
        f32: 1.5,
        f64: 2.25,
        flag: 1,
        raw: '0102FF',
        amount: '1234.56',
        day: '2024-02-29',
        at: '08:30:00.250',
        ts: '2025-01-01 05:00:00.001',
        micros: '2023-11-15 07:13:20.123456',
      },
    ]);
  });

  it('writes the schema default for a null field unless replace.null.with.default=false', async () => {
    const WITH_DEFAULT = schema.struct([field.int32('id'), field.string('status', { optional: true, default: 'NEW' })]);
    const first = await tasks.start({ ...db.connection, 'auto.create': 'true' });
    await first.task.put([record('null_defaults', { schema: WITH_DEFAULT, value: { id: 1, status: null } })]);
    const second = await tasks.start({ ...db.connection, 'replace.null.with.default': 'false' });
    await second.task.put([record('null_defaults', { schema: WITH_DEFAULT, value: { id: 2, status: null } })]);
    expect(await db.query('SELECT id, status FROM null_defaults ORDER BY id')).toEqual([
      { id: 1, status: 'NEW' },
      { id: 2, status: null },
    ]);
  });
});

describe('table naming and quoting', () => {
  it('substitutes ${topic} and honours a database-qualified format', async () => {
    const { task } = await tasks.start({ ...db.connection, 'auto.create': 'true', 'table.name.format': `${db.name}.kafka_\${topic}_v1` });
    await task.put([record('events', { schema: schema.struct([field.int32('n')]), value: { n: 1 } })]);
    expect(await db.query('SELECT n FROM kafka_events_v1')).toEqual([{ n: 1 }]);
  });

  it('with quote.sql.identifiers=never sends bare names (a reserved word then fails in the DB)', async () => {
    const ROW = schema.struct([field.int32('n')]);
    const { task } = await tasks.start({ ...db.connection, 'auto.create': 'true', 'quote.sql.identifiers': 'never', 'max.retries': '0' });
    await task.put([record('bare_names', { schema: ROW, value: { n: 1 } })]);
    expect(await db.query('SELECT n FROM bare_names')).toEqual([{ n: 1 }]);
    const reserved = schema.struct([field.int32('order')]);
    const error = await rejectionOf(task.put([record('bare_reserved', { schema: reserved, value: { order: 1 } })]));
    expect(error.message).toContain('You have an error in your SQL syntax');
  });

  it('splits a put over several tables, each in record order, in one transaction', async () => {
    const ROW = schema.struct([field.int32('n')]);
    const { task } = await tasks.start({ ...db.connection, 'auto.create': 'true', 'batch.size': '2' });
    await task.put([1, 2, 3, 4, 5].map((n) => record(n % 2 === 0 ? 'even' : 'odd', { schema: ROW, value: { n } })));
    expect(await db.query('SELECT n FROM odd')).toEqual([{ n: 1 }, { n: 3 }, { n: 5 }]);
    expect(await db.query('SELECT n FROM even')).toEqual([{ n: 2 }, { n: 4 }]);
  });
});

async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the put to fail');
}
