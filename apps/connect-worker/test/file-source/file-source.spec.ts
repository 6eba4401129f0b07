import { appendFileSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { kcatRecords } from '../support/config-topic';
import { startWorkerFixture, type WorkerFixture } from '../worker/support/worker-fixture';

const FILE_SOURCE = 'org.apache.kafka.connect.file.FileStreamSourceConnector';
const FILE_SINK = 'org.apache.kafka.connect.file.FileStreamSinkConnector';
const STRING_CONVERTER = 'org.apache.kafka.connect.storage.StringConverter';
let f: WorkerFixture;

beforeAll(async () => (f = await startWorkerFixture('cw-file-source')));
afterAll(async () => f?.stop());

const seq = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${from + i}\n`).join('');
const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');
const status = async (name: string) => (await f.call('GET', `/connectors/${name}/status`)).body;
const taskState = (name: string, state: string) =>
  f.waitFor(`${name} task ${state}`, async () => {
    const s = await status(name);
    return s.tasks?.[0]?.state === state && s;
  });
/** The offsets topic's records of one connector, read by kcat: [key, value] as Kafka writes them. */
const offsetRecords = async (connector: string) =>
  (await kcatRecords(f.broker.bootstrap, 'connect-offsets'))
    .filter((r) => r.key?.startsWith(`["${connector}",`))
    .map((r) => [r.key, r.value]);

it('GET /connector-plugins lists FileStreamSourceConnector as a source; its config is validated with Kafka texts', async () => {
  const plugins = (await f.call('GET', '/connector-plugins')).body;
  expect(plugins).toContainEqual({ class: FILE_SOURCE, type: 'source', version: '3.9.0' });
  const infos = (
    await f.call('PUT', '/connector-plugins/FileStreamSource/config/validate', { 'connector.class': FILE_SOURCE, name: 'v', file: '/x' })
  ).body;
  expect(infos.error_count).toBe(1);
  expect(infos.configs.find((c: { value: { name: string } }) => c.value.name === 'topic').value.errors).toEqual([
    'Missing required configuration "topic" which has no default value.',
  ]);
  // A source has no topics to consume and no dead letter queue.
  expect(infos.configs.map((c: { value: { name: string } }) => c.value.name)).not.toContain('topics');
  expect(infos.configs.find((c: { value: { name: string } }) => c.value.name === 'batch.size').definition.default_value).toBe('2000');
});

it("the course's file pair: seq 1000 > input.txt through a topic ends in output.txt equal to it; appended lines follow", async () => {
  const input = join(f.dir, 'input.txt');
  const output = join(f.dir, 'output.txt');
  writeFileSync(input, seq(1, 1000));
  const source = { 'connector.class': FILE_SOURCE, file: input, topic: 'connect-test' };
  expect((await f.call('PUT', '/connectors/local-file-source/config', source)).status).toBe(201);
  expect(
    (await f.call('PUT', '/connectors/local-file-sink/config', { 'connector.class': FILE_SINK, file: output, topics: 'connect-test' }))
      .status,
  ).toBe(201);
  await f.waitFor('output.txt equal to input.txt', async () => read(output) === read(input), 30_000);
  appendFileSync(input, seq(1001, 1010));
  await f.waitFor('appended lines in output.txt', async () => read(output) === seq(1, 1010), 30_000);

  const s = await status('local-file-source');
  expect(s).toEqual({
    name: 'local-file-source',
    connector: { state: 'RUNNING', worker_id: `127.0.0.1:${f.worker.port}` },
    tasks: [{ id: 0, state: 'RUNNING', worker_id: `127.0.0.1:${f.worker.port}` }],
    type: 'source',
  });
  expect((await f.call('GET', '/connectors/local-file-source')).body.type).toBe('source');
  expect((await f.call('GET', '/connectors/local-file-source/tasks')).body[0].config).toEqual({
    ...source,
    name: 'local-file-source',
    'task.class': 'org.apache.kafka.connect.file.FileStreamSourceTask',
  });

  // What Kafka's FileStreamSource + JsonConverter (schemas.enable=true) write: no key, the line as a required string.
  const records = await kcatRecords(f.broker.bootstrap, 'connect-test');
  expect(records).toHaveLength(1010);
  expect(records.slice(0, 2).map((r) => [r.key, r.value])).toEqual([
    [null, '{"schema":{"type":"string","optional":false},"payload":"1"}'],
    [null, '{"schema":{"type":"string","optional":false},"payload":"2"}'],
  ]);

  // A pause flushes the offsets (offset.flush.interval.ms is Kafka's 60 s here): Kafka's key and value.
  expect((await f.call('PUT', '/connectors/local-file-source/pause')).status).toBe(202);
  await taskState('local-file-source', 'PAUSED');
  const expected = [`["local-file-source",{"filename":"${input}"}]`, `{"position":${Buffer.byteLength(seq(1, 1010))}}`];
  await f.waitFor(
    'the offset committed at pause',
    async () => (await offsetRecords('local-file-source')).at(-1)?.join() === expected.join(),
  );
  expect((await status('local-file-source')).connector.state).toBe('PAUSED');

  appendFileSync(input, seq(1011, 1020));
  // Nothing is polled while paused: the one negative check, a bounded look (poll would wait 1 s at most).
  await new Promise((r) => setTimeout(r, 2500));
  expect(read(output)).toBe(seq(1, 1010));
  expect((await f.call('PUT', '/connectors/local-file-source/resume')).status).toBe(202);
  await taskState('local-file-source', 'RUNNING');
  await f.waitFor('lines appended while paused', async () => read(output) === seq(1, 1020), 30_000);

  // A task restart resumes from the offset its stop committed: nothing repeated, nothing lost.
  expect((await f.call('POST', '/connectors/local-file-source/tasks/0/restart')).status).toBe(204);
  await taskState('local-file-source', 'RUNNING');
  appendFileSync(input, seq(1021, 1030));
  await f.waitFor('lines after the restart', async () => read(output) === seq(1, 1030), 30_000);
  expect(await kcatRecords(f.broker.bootstrap, 'connect-test')).toHaveLength(1030);
});

it('StringConverter: the records are the bare lines (\\n, \\r\\n and \\r end a line); a file that does not exist yet is waited for', async () => {
  const input = join(f.dir, 'later.txt');
  const config = {
    'connector.class': FILE_SOURCE,
    file: input,
    topic: 'later-lines',
    'key.converter': STRING_CONVERTER,
    'value.converter': STRING_CONVERTER,
    'batch.size': '2',
  };
  expect((await f.call('PUT', '/connectors/later/config', config)).status).toBe(201);
  await taskState('later', 'RUNNING');
  writeFileSync(input, 'a\r\nb\rc\nünï\nunfinished');
  await f.waitFor('4 records', async () => (await kcatRecords(f.broker.bootstrap, 'later-lines').catch(() => [])).length === 4);
  appendFileSync(input, ' line\n');
  await f.waitFor('the finished line', async () => (await kcatRecords(f.broker.bootstrap, 'later-lines')).length === 5);
  expect((await kcatRecords(f.broker.bootstrap, 'later-lines')).map((r) => [r.key, r.value])).toEqual([
    [null, 'a'],
    [null, 'b'],
    [null, 'c'],
    [null, 'ünï'],
    [null, 'unfinished line'],
  ]);
  expect((await f.call('PUT', '/connectors/later/pause')).status).toBe(202);
  await f.waitFor(
    'offset at the end of the file',
    async () => (await offsetRecords('later')).at(-1)?.[1] === `{"position":${readFileSync(input).length}}`,
  );
});

it('transforms apply to source records; a record failing one is skipped with errors.tolerance=all, fails the task with none', async () => {
  const input = join(f.dir, 'routed.txt');
  writeFileSync(input, seq(1, 3));
  const routed = {
    'connector.class': FILE_SOURCE,
    file: input,
    topic: 'lines',
    'value.converter': STRING_CONVERTER,
    transforms: 'route',
    'transforms.route.type': 'org.apache.kafka.connect.transforms.RegexRouter',
    'transforms.route.regex': 'lines',
    'transforms.route.replacement': 'routed-lines',
  };
  expect((await f.call('PUT', '/connectors/routed/config', routed)).status).toBe(201);
  await f.waitFor('3 routed records', async () => (await kcatRecords(f.broker.bootstrap, 'routed-lines').catch(() => [])).length === 3);

  const bad = {
    'connector.class': FILE_SOURCE,
    file: input,
    topic: 'never',
    transforms: 'x',
    'transforms.x.type': 'org.apache.kafka.connect.transforms.ExtractField$Value',
    'transforms.x.field': 'a',
  };
  expect(
    (await f.call('PUT', '/connectors/tolerant/config', { ...bad, 'errors.tolerance': 'all', 'errors.log.enable': 'true' })).status,
  ).toBe(201);
  await taskState('tolerant', 'RUNNING');
  // Skipped records still move the offset on (Kafka acks a dropped record at once).
  expect((await f.call('PUT', '/connectors/tolerant/pause')).status).toBe(202);
  await f.waitFor(
    'the skipped records committed',
    async () => (await offsetRecords('tolerant')).at(-1)?.[1] === `{"position":${seq(1, 3).length}}`,
  );

  expect((await f.call('PUT', '/connectors/intolerant/config', bad)).status).toBe(201);
  const failed = await taskState('intolerant', 'FAILED');
  expect(failed.tasks[0].trace).toMatch(/^org\.apache\.kafka\.connect\.errors\.ConnectException: Tolerance exceeded in error handler/);
  expect(await offsetRecords('intolerant')).toEqual([]);
  const admin = (await import('kafkajs')).Kafka;
  const client = new admin({ brokers: [f.broker.bootstrap] }).admin();
  await client.connect();
  expect(await client.listTopics()).not.toContain('never');
  await client.disconnect();
});

it('an exception from poll() makes the task FAILED with its trace; a restart tries again', async () => {
  const dir = join(f.dir, 'a-directory');
  mkdirSync(dir);
  expect(
    (await f.call('PUT', '/connectors/dir-source/config', { 'connector.class': FILE_SOURCE, file: dir, topic: 'dir-lines' })).status,
  ).toBe(201);
  const failed = await taskState('dir-source', 'FAILED');
  expect(failed.type).toBe('source');
  expect(failed.tasks[0].trace).toMatch(/EISDIR/);
  expect((await f.call('POST', '/connectors/dir-source/tasks/0/restart')).status).toBe(204);
  await taskState('dir-source', 'FAILED');
});
