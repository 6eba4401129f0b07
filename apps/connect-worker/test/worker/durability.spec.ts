import { Kafka, logLevel } from 'kafkajs';
import { readTopic } from '@kafka-sync/testing';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConnectApp } from '../../src/app';
import { loadWorkerConfig } from '../../src/config/worker-config';
import { startWorkerFixture, type WorkerFixture } from './support/worker-fixture';

const FILE_SINK = 'org.apache.kafka.connect.file.FileStreamSinkConnector';
let f: WorkerFixture;

beforeAll(async () => (f = await startWorkerFixture('cw-durable')));
afterAll(async () => f?.stop());

const config = (name: string, extra: Record<string, string> = {}) => ({
  'connector.class': FILE_SINK,
  topics: `${name}-t`,
  file: join(f.dir, `${name}.txt`),
  name,
  ...extra,
});

it('configs and target states survive a worker restart (connect-configs topic; latest wins; deletes are tombstones)', async () => {
  expect((await f.call('POST', '/connectors', { name: 'keep', config: config('keep') })).status).toBe(201);
  expect((await f.call('POST', '/connectors', { name: 'paused', config: config('paused') })).status).toBe(201);
  expect((await f.call('POST', '/connectors', { name: 'gone', config: config('gone') })).status).toBe(201);
  expect((await f.call('PUT', '/connectors/keep/config', config('keep', { 'tasks.max': '2' }))).status).toBe(200);
  expect((await f.call('PUT', '/connectors/paused/pause')).status).toBe(202);
  expect((await f.call('DELETE', '/connectors/gone')).status).toBe(204);

  const records = await readTopic(f.broker.bootstrap, 'connect-configs', 7);
  expect(records).toHaveLength(7); // 3 creates, 1 update, 1 target state, 2 tombstones
  expect(records.filter((r) => r.key?.endsWith('-gone') && r.value === null).map((r) => r.key)).toEqual([
    'connector-gone',
    'target-state-gone',
  ]);
  expect(
    JSON.parse(
      records
        .filter((r) => r.key === 'connector-keep')
        .at(-1)!
        .value!.toString(),
    ),
  ).toEqual({ properties: config('keep', { 'tasks.max': '2' }) });

  await f.worker.close();
  f.worker = await f.startWorker();
  expect((await f.call('GET', '/connectors')).body).toEqual(['keep', 'paused']);
  expect((await f.call('GET', '/connectors/keep/config')).body).toEqual(config('keep', { 'tasks.max': '2' }));
  const keep = await f.waitFor('keep RUNNING', async () => {
    const s = (await f.call('GET', '/connectors/keep/status')).body;
    return s.tasks.length === 2 && s.tasks.every((t: { state: string }) => t.state === 'RUNNING') && s;
  });
  expect(keep.connector).toEqual({ state: 'RUNNING', worker_id: `127.0.0.1:${f.worker.port}` });
  const paused = await f.waitFor('paused PAUSED', async () => {
    const s = (await f.call('GET', '/connectors/paused/status')).body;
    return s.tasks[0]?.state === 'PAUSED' && s;
  });
  expect(paused.connector.state).toBe('PAUSED');
  expect((await f.call('GET', '/connectors/gone')).status).toBe(404);
  const admin = new Kafka({ brokers: [f.broker.bootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  expect(await admin.listTopics()).toEqual(expect.arrayContaining(['connect-configs', 'connect-offsets', 'connect-status']));
  await admin.disconnect();
});

it('CONNECTORS_FILES: registers at start; an unchanged file leaves the connector alone; a changed one updates it', async () => {
  const file = join(f.dir, 'from-file.json');
  writeFileSync(file, JSON.stringify({ name: 'from-file', config: config('from-file') }));
  await f.worker.close();
  f.worker = await f.startWorker({ CONNECTORS_FILES: ` ${file} ` });
  expect((await f.call('GET', '/connectors/from-file/config')).body).toEqual(config('from-file'));
  const before = (await readTopic(f.broker.bootstrap, 'connect-configs', 1)).filter((r) => r.key === 'connector-from-file').length;
  expect(before).toBe(1);

  await f.worker.close();
  f.worker = await f.startWorker({ CONNECTORS_FILES: file });
  expect((await readTopic(f.broker.bootstrap, 'connect-configs', 1)).filter((r) => r.key === 'connector-from-file').length).toBe(1);

  writeFileSync(file, JSON.stringify({ name: 'from-file', config: config('from-file', { 'tasks.max': '3' }) }));
  await f.worker.close();
  f.worker = await f.startWorker({ CONNECTORS_FILES: file });
  expect((await f.call('GET', '/connectors/from-file/config')).body['tasks.max']).toBe('3');
  expect((await f.call('GET', '/connectors/from-file')).body.tasks).toHaveLength(3);
});

it('CONNECTORS_FILES with an invalid connector stops the start with one line naming the file', async () => {
  const file = join(f.dir, 'bad.json');
  writeFileSync(file, JSON.stringify({ name: 'bad', config: { 'connector.class': FILE_SINK } }));
  const app = await createConnectApp(loadWorkerConfig({ KAFKA_BROKERS: f.broker.bootstrap, CONNECT_PORT: '0', CONNECTORS_FILES: file }), [
    'fatal',
  ]);
  await expect(app.init()).rejects.toThrow(
    `CONNECTORS_FILES: ${file}: Connector configuration is invalid and contains the following 2 error(s): Must configure one of topics or topics.regex Must configure one of topics or topics.regex You can also find`,
  );
  await app.close().catch(() => undefined);
  await expect(
    createConnectApp(loadWorkerConfig({ KAFKA_BROKERS: f.broker.bootstrap, CONNECTORS_FILES: join(f.dir, 'missing.json') }), [
      'fatal',
    ]).then((a) => a.init().finally(() => a.close())),
  ).rejects.toThrow(/^CONNECTORS_FILES: .*missing\.json: ENOENT/);
});
