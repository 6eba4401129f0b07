import { isDeepStrictEqual } from 'node:util';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { kcatRecords } from '../support/config-topic';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../support/jdbc-sink-harness';
import { startWorkerFixture, type WorkerFixture } from '../worker/support/worker-fixture';

const JDBC_SOURCE = 'io.confluent.connect.jdbc.JdbcSourceConnector';
const JDBC_SINK = 'io.confluent.connect.jdbc.JdbcSinkConnector';
let f: WorkerFixture;
let src: ThrowawayDatabase;
let dst: ThrowawayDatabase;

beforeAll(async () => {
  f = await startWorkerFixture('cw-jdbc-source', { CONNECT_OFFSET_FLUSH_INTERVAL_MS: '200' });
  src = await createThrowawayDatabase('cw_jdbc_src');
  dst = await createThrowawayDatabase('cw_jdbc_dst');
});
afterAll(async () => {
  await f?.stop();
  await src?.drop();
  await dst?.drop();
});

const records = (topic: string) => kcatRecords(f.broker.bootstrap, topic).catch(() => []);
const status = async (name: string) => (await f.call('GET', `/connectors/${name}/status`)).body;
const taskState = (name: string, state: string) =>
  f.waitFor(`${name} task ${state}`, async () => {
    const s = await status(name);
    return s.tasks?.[0]?.state === state && s;
  });
/** The `id`s of the records on a topic, in topic order. */
const idsOn = async (topic: string) => (await records(topic)).map((r) => JSON.parse(r.value!).payload.id as number);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

it('GET /connector-plugins lists JdbcSourceConnector as a source; its config is checked with Confluent texts, across keys as JdbcSourceConnectorValidation does', async () => {
  expect((await f.call('GET', '/connector-plugins')).body).toContainEqual({
    class: JDBC_SOURCE,
    type: 'source',
    version: '10.9.7-embedded',
  });
  const validate = async (config: Record<string, string>) =>
    (
      await f.call('PUT', '/connector-plugins/JdbcSourceConnector/config/validate', {
        'connector.class': JDBC_SOURCE,
        name: 'v',
        ...config,
      })
    ).body;
  const errorsOf = (infos: { configs: { value: { name: string; errors: string[] } }[] }, key: string) =>
    infos.configs.find((c) => c.value.name === key)?.value.errors;
  const missing = await validate({});
  expect(errorsOf(missing, 'connection.url')).toEqual(['Missing required configuration "connection.url" which has no default value.']);
  expect(errorsOf(missing, 'mode')).toEqual(['Missing required configuration "mode" which has no default value.']);
  expect(errorsOf(missing, 'topic.prefix')).toEqual(['Missing required configuration "topic.prefix" which has no default value.']);
  const base = { ...src.connection, 'table.whitelist': 'users', 'topic.prefix': 'p_' };
  expect(errorsOf(await validate({ ...base, mode: 'sometimes' }), 'mode')).toEqual([
    'Invalid value sometimes for configuration mode: String must be one of: bulk, timestamp, incrementing, timestamp+incrementing',
  ]);
  expect(errorsOf(await validate({ ...base, mode: 'timestamp' }), 'timestamp.column.name')).toEqual([
    "Timestamp column configuration must be provided when using mode 'timestamp' or 'timestamp+incrementing'.",
  ]);
  // JdbcSourceConnectorValidation's checks across keys.
  const noTables = await validate({ ...src.connection, 'topic.prefix': 'p_', mode: 'bulk' });
  for (const key of ['table.whitelist', 'table.blacklist', 'table.include.list', 'table.exclude.list'])
    expect(errorsOf(noTables, key)).toEqual([
      'At least one table filtering configuration is required. Provide one of: table.whitelist, table.blacklist, table.include.list, or table.exclude.list.',
    ]);
  expect(errorsOf(await validate({ ...base, mode: 'bulk', query: 'SELECT 1' }), 'query')).toEqual([
    "Do not specify table filtering configs with 'query'. Remove table.whitelist / table.blacklist / table.include.list / table.exclude.list when using query mode or 'query' when using table filtering mode.",
  ]);
  expect(
    errorsOf(
      await validate({ ...base, 'table.whitelist': '', 'table.include.list': 'x', mode: 'incrementing', 'incrementing.column.name': 'id' }),
      'table.include.list',
    ),
  ).toEqual([expect.stringMatching(/^Cannot mix legacy and new configuration approaches\./)]);
  expect(
    errorsOf(await validate({ ...base, 'table.whitelist': '', 'table.exclude.list': 'x', mode: 'bulk' }), 'table.exclude.list'),
  ).toEqual([
    'table.exclude.list cannot be used without table.include.list. Exclude list only applies to tables that match the include list.',
  ]);
  expect(
    errorsOf(
      await validate({ ...src.connection, 'topic.prefix': 'p', mode: 'incrementing', query: 'SELECT * FROM users' }),
      'incrementing.column.name',
    ),
  ).toEqual([
    expect.stringMatching(
      /^'incrementing.column.name' must be provided when using mode 'incrementing' or 'timestamp\+incrementing' with a custom query\./,
    ),
  ]);
  expect(errorsOf(await validate({ ...base, mode: 'bulk', 'db.timezone': 'Mars/Olympus' }), 'db.timezone')).toEqual([
    expect.stringMatching(/^Invalid value Mars\/Olympus for configuration db.timezone: Invalid time zone/),
  ]);
  const valid = await validate({ ...base, mode: 'incrementing' });
  expect(valid.error_count).toBe(0);
  const definition = (key: string) => valid.configs.find((c: { value: { name: string } }) => c.value.name === key).definition;
  expect(definition('poll.interval.ms').default_value).toBe('5000');
  expect(definition('batch.max.rows').default_value).toBe('100');
  expect(
    (await f.call('PUT', '/connectors/bad/config', { 'connector.class': JDBC_SOURCE, ...base, mode: 'bulk', query: 'SELECT 1' })).status,
  ).toBe(400);
});

it("the course's pair: users → my_topic_users (incrementing on id) → a sink's auto-created my_topic_users; later rows follow; restarts neither repeat nor lose a row", async () => {
  await src.query(`CREATE TABLE users (
    id INT AUTO_INCREMENT PRIMARY KEY, user_id VARCHAR(64), pwd VARCHAR(64), name VARCHAR(64), created_at DATETIME DEFAULT NOW())`);
  await src.query(
    `INSERT INTO users (user_id, pwd, name, created_at) VALUES ('u1', 'p1', 'Ann', '2021-05-01 10:00:00'), ('u2', 'p2', NULL, '2021-05-01 10:00:01')`,
  );
  const source = {
    'connector.class': JDBC_SOURCE,
    ...src.connection,
    // The course writes jdbc:mariadb://; both subprotocols select the MySQL dialect.
    'connection.url': src.jdbcUrl.replace('jdbc:mysql:', 'jdbc:mariadb:'),
    mode: 'incrementing',
    'incrementing.column.name': 'id',
    'table.whitelist': 'users',
    'topic.prefix': 'my_topic_',
    'poll.interval.ms': '200',
    'tasks.max': '1',
  };
  expect((await f.call('PUT', '/connectors/my-source/config', source)).status).toBe(201);
  await f.waitFor('2 records on my_topic_users', async () => (await records('my_topic_users')).length === 2);

  // What Confluent's source + JsonConverter (schemas.enable=true) write: no key, the table's struct.
  const schema = {
    type: 'struct',
    fields: [
      { type: 'int32', optional: false, field: 'id' },
      { type: 'string', optional: true, field: 'user_id' },
      { type: 'string', optional: true, field: 'pwd' },
      { type: 'string', optional: true, field: 'name' },
      { type: 'int64', optional: true, name: 'org.apache.kafka.connect.data.Timestamp', version: 1, field: 'created_at' },
    ],
    optional: false,
    name: 'users',
  };
  expect((await records('my_topic_users')).map((r) => [r.key, r.value])).toEqual([
    [null, JSON.stringify({ schema, payload: { id: 1, user_id: 'u1', pwd: 'p1', name: 'Ann', created_at: Date.UTC(2021, 4, 1, 10) } })],
    [
      null,
      JSON.stringify({ schema, payload: { id: 2, user_id: 'u2', pwd: 'p2', name: null, created_at: Date.UTC(2021, 4, 1, 10, 0, 1) } }),
    ],
  ]);
  expect((await status('my-source')).type).toBe('source');
  expect((await f.call('GET', '/connectors/my-source/tasks')).body[0].config['task.class']).toBe(
    'io.confluent.connect.jdbc.source.JdbcSourceTask',
  );

  const sink = { 'connector.class': JDBC_SINK, ...dst.connection, topics: 'my_topic_users', 'auto.create': 'true' };
  expect((await f.call('PUT', '/connectors/my-sink/config', sink)).status).toBe(201);
  const dstIds = async () =>
    (await dst.query<{ id: number }[]>('SELECT id FROM my_topic_users ORDER BY id').catch(() => [])).map((r) => r.id);
  await f.waitFor('2 rows in the sink table', async () => (await dstIds()).length === 2);
  expect(await dst.query('SELECT id, user_id, pwd, name, created_at FROM my_topic_users ORDER BY id')).toEqual([
    { id: 1, user_id: 'u1', pwd: 'p1', name: 'Ann', created_at: '2021-05-01 10:00:00.000' },
    { id: 2, user_id: 'u2', pwd: 'p2', name: null, created_at: '2021-05-01 10:00:01.000' },
  ]);

  // Rows inserted later appear (DEFAULT NOW() for created_at), in batches of batch.max.rows.
  for (let i = 3; i <= 250; i++) await src.query('INSERT INTO users (user_id, pwd, name) VALUES (?, ?, ?)', [`u${i}`, `p${i}`, `n${i}`]);
  await f.waitFor('250 records', async () => (await records('my_topic_users')).length === 250, 30_000);
  expect(await idsOn('my_topic_users')).toEqual(range(1, 250));

  // Connect's offsets topic: Confluent's protocol-1 partition and {"incrementing": <last id>}.
  const offsetKey = `["my-source",{"protocol":"1","table":"${src.name}.users"}]`;
  const lastOffset = async () => (await records('connect-offsets')).filter((r) => r.key === offsetKey).at(-1)?.value;
  await f.waitFor('offset 250 committed', async () => (await lastOffset()) === '{"incrementing":250}');

  // A task restart resumes from the committed offset.
  expect((await f.call('POST', '/connectors/my-source/tasks/0/restart')).status).toBe(204);
  await taskState('my-source', 'RUNNING');
  await src.query("INSERT INTO users (user_id, pwd, name) VALUES ('u251', 'p251', 'n251')");
  await f.waitFor('record 251', async () => (await records('my_topic_users')).length === 251);

  // The worker stopped; rows inserted while it is down; a new worker reads the offsets back.
  await f.worker.close();
  for (let i = 252; i <= 260; i++) await src.query('INSERT INTO users (user_id, pwd, name) VALUES (?, ?, ?)', [`u${i}`, `p${i}`, `n${i}`]);
  f.worker = await f.startWorker();
  await f.waitFor('260 records after the worker restart', async () => (await records('my_topic_users')).length >= 260, 30_000);
  await f.waitFor('260 rows in the sink table', async () => (await dstIds()).length >= 260, 30_000);
  // Nothing repeated, nothing lost: on the topic and in the copied table.
  expect(await idsOn('my_topic_users')).toEqual(range(1, 260));
  expect(await dstIds()).toEqual(range(1, 260));
  // Kafka's GET /connectors/{name}/offsets (KIP-875): the sink's committed consumer offsets.
  await f.waitFor('the sink offsets', async () => {
    const { body } = await f.call('GET', '/connectors/my-sink/offsets');
    return isDeepStrictEqual(body, {
      offsets: [{ partition: { kafka_topic: 'my_topic_users', kafka_partition: 0 }, offset: { kafka_offset: 260 } }],
    });
  });
  await f.waitFor('offset 260 committed', async () => (await lastOffset()) === '{"incrementing":260}');
});

it("bulk mode: every row each time, with the schema Confluent derives from the columns' types and NULLability", async () => {
  await src.query(`CREATE TABLE typed (
    i8 TINYINT NOT NULL, flag BOOLEAN, i16 SMALLINT, i32 INT, u32 INT UNSIGNED, i64 BIGINT NOT NULL, price DECIMAL(10,2),
    d DOUBLE, day DATE, at DATETIME(3), label VARCHAR(20) NOT NULL, body TEXT)`);
  await src.query(`INSERT INTO typed VALUES
    (-8, TRUE, -300, 70000, 4000000000, 9223372036854775807, 12.50, 1.5, '2024-02-29', '2024-02-29 23:59:59.999', 'a', 'long text'),
    (0, NULL, NULL, NULL, NULL, -9007199254740993, NULL, NULL, NULL, NULL, 'b', NULL)`);
  const config = {
    'connector.class': 'JdbcSource',
    ...src.connection,
    mode: 'bulk',
    'table.whitelist': 'typed',
    'topic.prefix': 'bulk_',
    'poll.interval.ms': '300',
    'batch.max.rows': '1',
  };
  expect((await f.call('PUT', '/connectors/bulk-source/config', config)).status).toBe(201);
  // The whole table again after poll.interval.ms: two snapshots, read by kcat (-c 4: the topic keeps growing).
  const firstFour = async () => {
    const { stdout } = await promisify(execFile)(
      'kcat',
      ['-b', f.broker.bootstrap, '-C', '-t', 'bulk_typed', '-p', '0', '-o', 'beginning', '-c', '4', '-e', '-q', '-f', '%s\\n'],
      { encoding: 'utf8', timeout: 15_000 },
    );
    const lines = stdout.split('\n').filter((l) => l !== '');
    return lines.length === 4 && lines;
  };
  const [first, second, third, fourth] = await f.waitFor('two snapshots', () => firstFour().catch((): false => false));
  expect((await f.call('DELETE', '/connectors/bulk-source')).status).toBe(204);
  expect([third, fourth]).toEqual([first, second]);
  const timestamp = 'org.apache.kafka.connect.data.Timestamp';
  expect(JSON.parse(first).schema).toEqual({
    type: 'struct',
    fields: [
      { type: 'int8', optional: false, field: 'i8' },
      { type: 'boolean', optional: true, field: 'flag' },
      { type: 'int16', optional: true, field: 'i16' },
      { type: 'int32', optional: true, field: 'i32' },
      { type: 'int64', optional: true, field: 'u32' },
      { type: 'int64', optional: false, field: 'i64' },
      {
        type: 'bytes',
        optional: true,
        name: 'org.apache.kafka.connect.data.Decimal',
        version: 1,
        parameters: { scale: '2', 'connect.decimal.precision': '10' },
        field: 'price',
      },
      { type: 'double', optional: true, field: 'd' },
      { type: 'int32', optional: true, name: 'org.apache.kafka.connect.data.Date', version: 1, field: 'day' },
      { type: 'int64', optional: true, name: timestamp, version: 1, field: 'at' },
      { type: 'string', optional: false, field: 'label' },
      { type: 'string', optional: true, field: 'body' },
    ],
    optional: false,
    name: 'typed',
  });
  // int64 exact beyond 2^53 (the payload's digits, not a rounded double); Decimal 12.50 = unscaled 1250 = 0x04E2.
  expect(first.slice(first.indexOf('"payload":'))).toBe(
    `"payload":{"i8":-8,"flag":true,"i16":-300,"i32":70000,"u32":4000000000,"i64":9223372036854775807,"price":"BOI=","d":1.5,"day":${
      Date.UTC(2024, 1, 29) / 86_400_000
    },"at":${Date.UTC(2024, 1, 29, 23, 59, 59, 999)},"label":"a","body":"long text"}}`,
  );
  expect(second.slice(second.indexOf('"payload":'))).toBe(
    '"payload":{"i8":0,"flag":null,"i16":null,"i32":null,"u32":null,"i64":-9007199254740993,"price":null,"d":null,"day":null,"at":null,"label":"b","body":null}}',
  );
});

it("incrementing on a nullable column fails the task with Confluent's message unless validate.non.null=false", async () => {
  await src.query('CREATE TABLE loose (seq INT, note VARCHAR(10))');
  await src.query("INSERT INTO loose VALUES (1, 'x'), (2, 'y')");
  const config = {
    'connector.class': JDBC_SOURCE,
    ...src.connection,
    mode: 'incrementing',
    'incrementing.column.name': 'seq',
    'table.whitelist': 'loose',
    'topic.prefix': 'loose_',
    'poll.interval.ms': '200',
  };
  expect((await f.call('PUT', '/connectors/loose-source/config', config)).status).toBe(201);
  const failed = await taskState('loose-source', 'FAILED');
  expect(failed.tasks[0].trace).toContain(
    `Cannot make incremental queries using incrementing column seq on ${src.name}.loose because this column is nullable.`,
  );
  expect((await f.call('PUT', '/connectors/loose-source/config', { ...config, 'validate.non.null': 'false' })).status).toBe(200);
  await f.waitFor('2 records on loose_loose', async () => (await records('loose_loose')).length === 2);
});
