import { Kafka, logLevel, type Admin } from 'kafkajs';
import { readTopic } from '@kafka-sync/testing';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONNECTOR_PLUGINS } from '../../src/plugins/registry';
import { recordingPlugin } from './support/recording-plugin';
import { envelopeOf, startWorkerFixture, type WorkerFixture } from './support/worker-fixture';

const RECORDING = 'test.kafka.sync.RecordingSinkConnector';
let f: WorkerFixture;
let admin: Admin;
const { plugin, recorder } = recordingPlugin();

beforeAll(async () => {
  f = await startWorkerFixture('cw-sink', {}, [...CONNECTOR_PLUGINS, plugin]);
  admin = new Kafka({ brokers: [f.broker.bootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
});
afterAll(async () => {
  await admin?.disconnect();
  await f?.stop();
});

const delivered = (topic: string) => recorder.puts.flat().filter((r) => r.originalTopic === topic);

async function committed(group: string, topic: string): Promise<string> {
  const [entry] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
  return entry.partitions[0].offset;
}

async function createRecording(name: string, config: Record<string, string>) {
  const r = await f.call('POST', '/connectors', { name, config: { 'connector.class': RECORDING, ...config } });
  expect(r.status).toBe(201);
  await f.waitFor(`${name} RUNNING`, async () => (await f.call('GET', `/connectors/${name}/status`)).body.tasks?.[0]?.state === 'RUNNING');
}

const SCHEMALESS_JSON_WITH_STRING_KEYS = {
  'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
  'value.converter.schemas.enable': 'false',
  'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
};

/** errors.tolerance=all with a dead-letter topic and the __connect.errors.* context headers. */
const deadLettersTo = (topic: string) => ({
  'errors.tolerance': 'all',
  'errors.deadletterqueue.topic.name': topic,
  'errors.deadletterqueue.context.headers.enable': 'true',
});

async function taskStatus(name: string) {
  return (await f.call('GET', `/connectors/${name}/tasks/0/status`)).body;
}

it('FileStreamSink: JSON envelope records produced with kafkajs become lines in the file; offsets committed', async () => {
  const file = join(f.dir, 'orders.txt');
  const r = await f.call('POST', '/connectors', {
    name: 'file-sink',
    config: { 'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector', topics: 'fs-orders', file, 'tasks.max': '1' },
  });
  expect(r.status).toBe(201);
  await f.produce('fs-orders', [
    { value: envelopeOf('orders', { order_id: 'o-1', qty: 2 }) },
    { value: envelopeOf('orders', { order_id: 'o-2', qty: null }) },
    { value: null },
  ]);
  const text = await f.waitFor(
    '3 lines',
    async () => existsSync(file) && readFileSync(file, 'utf8').split('\n').length > 3 && readFileSync(file, 'utf8'),
  );
  expect(text).toBe('Struct{order_id=o-1,qty=2}\nStruct{order_id=o-2}\nnull\n');
  await f.waitFor('offset 3 committed', async () => (await committed('connect-file-sink', 'fs-orders')) === '3');
});

it('errors.tolerance=none: a poison record fails the task with a trace, nothing is committed past it; fixing the config resumes', async () => {
  await createRecording('strict', { topics: 'tn' });
  await f.produce('tn', [{ value: envelopeOf('t', { id: 1 }) }]);
  await f.waitFor('first record', async () => delivered('tn').length === 1);
  await f.waitFor('offset 1', async () => (await committed('connect-strict', 'tn')) === '1');

  await f.produce('tn', [{ value: 'not json at all' }, { value: envelopeOf('t', { id: 3 }) }]);
  const failed = await f.waitFor('FAILED', async () => {
    const s = await taskStatus('strict');
    return s.state === 'FAILED' && s;
  });
  expect(failed.trace).toMatch(/^org\.apache\.kafka\.connect\.errors\.ConnectException: Tolerance exceeded in error handler\n\tat /);
  expect(failed.trace).toContain(
    '\nCaused by: org.apache.kafka.connect.errors.DataException: Converting byte[] to Kafka Connect data failed due to serialization error: ',
  );
  const status = (await f.call('GET', '/connectors/strict/status')).body;
  expect(status.connector.state).toBe('RUNNING');
  expect(status.tasks[0].trace).toBe(failed.trace);
  await new Promise((r) => setTimeout(r, 500));
  expect(delivered('tn').map((r) => r.value.value)).toEqual([{ id: 1 }]);
  expect(await committed('connect-strict', 'tn')).toBe('1');

  // The fix: tolerate errors. The worker resumes from the committed offset: the poison is skipped, record 3 delivered.
  const fixed = await f.call('PUT', '/connectors/strict/config', { 'connector.class': RECORDING, topics: 'tn', 'errors.tolerance': 'all' });
  expect(fixed.status).toBe(200);
  await f.waitFor('record 3', async () => delivered('tn').length === 2);
  expect(delivered('tn').map((r) => r.value.value)).toEqual([{ id: 1 }, { id: 3 }]);
  await f.waitFor('offset 3', async () => (await committed('connect-strict', 'tn')) === '3');
  expect((await taskStatus('strict')).state).toBe('RUNNING');
});

it('errors.tolerance=all: converter and transform failures go to the DLQ with __connect.errors.* headers; later records still delivered', async () => {
  await createRecording('lenient', {
    topics: 'ta',
    ...SCHEMALESS_JSON_WITH_STRING_KEYS,
    transforms: 'drop',
    'transforms.drop.type': 'org.apache.kafka.connect.transforms.ReplaceField$Value',
    'transforms.drop.exclude': 'secret',
    ...deadLettersTo('ta-dlq'),
  });
  await f.produce('ta', [
    { key: 'k1', value: '{"id":1,"secret":"s"}' },
    { key: 'k2', value: '{"id":' },
    { key: 'k3', value: '"just a string"' },
    { key: 'k4', value: '{"id":4}', headers: { trace: 'abc' } },
  ]);
  await f.waitFor('2 records', async () => delivered('ta').length === 2);
  expect(delivered('ta').map((r) => [r.key.value, r.value.value])).toEqual([
    ['k1', new Map([['id', 1]])],
    ['k4', new Map([['id', 4]])],
  ]);
  expect(delivered('ta')[1].headers.trace?.toString()).toBe('abc');

  const dead = await readTopic(f.broker.bootstrap, 'ta-dlq', 2);
  expect(dead.map((d) => [d.key, d.value?.toString()])).toEqual([
    ['k2', '{"id":'],
    ['k3', '"just a string"'],
  ]);
  const h = (i: number, name: string) => dead[i].headers[`__connect.errors.${name}`]?.toString();
  expect([h(0, 'topic'), h(0, 'partition'), h(0, 'offset'), h(0, 'connector.name'), h(0, 'task.id')]).toEqual([
    'ta',
    '0',
    '1',
    'lenient',
    '0',
  ]);
  expect([h(0, 'stage'), h(0, 'class.name'), h(0, 'exception.class.name')]).toEqual([
    'VALUE_CONVERTER',
    'org.apache.kafka.connect.json.JsonConverter',
    'org.apache.kafka.connect.errors.DataException',
  ]);
  expect(h(0, 'exception.message')).toMatch(/^Converting byte\[\] to Kafka Connect data failed due to serialization error: /);
  expect(h(0, 'exception.stacktrace')).toMatch(/^org\.apache\.kafka\.connect\.errors\.DataException: Converting byte/);
  expect([h(1, 'offset'), h(1, 'stage'), h(1, 'class.name')]).toEqual([
    '2',
    'TRANSFORMATION',
    'org.apache.kafka.connect.transforms.ReplaceField$Value',
  ]);
  expect(h(1, 'exception.message')).toBe(
    'Only Map objects supported in absence of schema for [field replacement], found: java.lang.String',
  );
  await f.waitFor('offset 4', async () => (await committed('connect-lenient', 'ta')) === '4');
  expect((await taskStatus('lenient')).state).toBe('RUNNING');
});

it('errors.tolerance=all: a record the task reports at put goes to the DLQ as it was consumed, also after a transform', async () => {
  await createRecording('reporting', {
    topics: 'rp',
    ...SCHEMALESS_JSON_WITH_STRING_KEYS,
    transforms: 'route',
    'transforms.route.type': 'org.apache.kafka.connect.transforms.RegexRouter',
    'transforms.route.regex': 'rp',
    'transforms.route.replacement': 'routed',
    ...deadLettersTo('rp-dlq'),
  });
  recorder.failures.push('report-first');
  await f.produce('rp', [
    { key: 'k1', value: '{"id":1}', headers: { trace: 'xyz' } },
    { key: 'k2', value: '{"id":2}' },
  ]);
  await f.waitFor('the second record', async () => delivered('rp').length === 1);
  expect(delivered('rp').map((r) => [r.topic, r.key.value])).toEqual([['routed', 'k2']]);
  const [dead] = await readTopic(f.broker.bootstrap, 'rp-dlq', 1);
  expect([dead.key, dead.value?.toString(), dead.headers.trace?.toString()]).toEqual(['k1', '{"id":1}', 'xyz']);
  const h = (name: string) => dead.headers[`__connect.errors.${name}`]?.toString();
  expect([h('topic'), h('offset'), h('stage'), h('class.name'), h('exception.message')]).toEqual([
    'rp',
    '0',
    'TASK_PUT',
    'test.kafka.sync.RecordingSinkTask',
    'this row is refused',
  ]);
  await f.waitFor('offset 2', async () => (await committed('connect-reporting', 'rp')) === '2');
});

it('RetriableConnectError: the same batch is put again after the backoff, committed once written', async () => {
  await createRecording('retry', { topics: 'tr' });
  recorder.failures.push('retriable', 'retriable');
  await f.produce('tr', [{ value: envelopeOf('t', { id: 1 }) }, { value: envelopeOf('t', { id: 2 }) }]);
  await f.waitFor('delivered', async () => delivered('tr').length >= 2);
  expect(recorder.failures).toEqual([]);
  expect(delivered('tr').map((r) => [r.offset, r.value.value])).toEqual([
    ['0', { id: 1 }],
    ['1', { id: 2 }],
  ]);
  await f.waitFor('offset 2', async () => (await committed('connect-retry', 'tr')) === '2');
  expect((await taskStatus('retry')).state).toBe('RUNNING');
});

it('ConnectError from put: FAILED with the trace, offsets not committed; a task restart resumes from the last commit', async () => {
  await createRecording('fatal', { topics: 'tf' });
  recorder.failures.push('fatal');
  await f.produce('tf', [{ value: envelopeOf('t', { id: 1 }) }]);
  const failed = await f.waitFor('FAILED', async () => {
    const s = await taskStatus('fatal');
    return s.state === 'FAILED' && s;
  });
  expect(failed.trace).toMatch(
    /^org\.apache\.kafka\.connect\.errors\.ConnectException: Exiting WorkerSinkTask due to unrecoverable exception\.\n/,
  );
  expect(failed.trace).toContain('\nCaused by: org.apache.kafka.connect.errors.ConnectException: the table is gone\n');
  expect(delivered('tf')).toEqual([]);
  expect(await committed('connect-fatal', 'tf')).toBe('-1');

  expect((await f.call('POST', '/connectors/fatal/tasks/0/restart')).status).toBe(204);
  await f.waitFor('redelivered', async () => delivered('tf').length === 1);
  expect(delivered('tf')[0].value.value).toEqual({ id: 1 });
  expect((await taskStatus('fatal')).trace).toBeUndefined();
  await f.waitFor('offset 1', async () => (await committed('connect-fatal', 'tf')) === '1');
});

it('pause stops delivery, resume restarts it', async () => {
  await createRecording('pr', { topics: 'tp' });
  await f.produce('tp', [{ value: envelopeOf('t', { id: 1 }) }]);
  await f.waitFor('first', async () => delivered('tp').length === 1);
  expect((await f.call('PUT', '/connectors/pr/pause')).status).toBe(202);
  await f.waitFor('PAUSED', async () => (await taskStatus('pr')).state === 'PAUSED');
  await f.produce('tp', [{ value: envelopeOf('t', { id: 2 }) }]);
  await new Promise((r) => setTimeout(r, 1500));
  expect(delivered('tp').length).toBe(1);
  expect((await f.call('PUT', '/connectors/pr/resume')).status).toBe(202);
  await f.waitFor('second', async () => delivered('tp').length === 2);
  expect(delivered('tp')[1].value.value).toEqual({ id: 2 });
});

it('topics.regex + RegexRouter: matching topics (also ones created later) are consumed, the topic rewritten', async () => {
  await f.produce('rx_users', [{ value: envelopeOf('users', { id: 1 }) }]);
  await createRecording('rx', {
    'topics.regex': 'rx_.*',
    transforms: 'dropPrefix',
    'transforms.dropPrefix.type': 'org.apache.kafka.connect.transforms.RegexRouter',
    'transforms.dropPrefix.regex': 'rx_(.*)',
    'transforms.dropPrefix.replacement': '$1',
  });
  await f.waitFor('rx_users', async () => delivered('rx_users').length === 1);
  expect(delivered('rx_users')[0].topic).toBe('users');
  await f.produce('rx_items', [{ value: envelopeOf('items', { id: 2 }) }]);
  await f.waitFor('rx_items', async () => delivered('rx_items').length === 1, 20_000);
  expect(delivered('rx_items')[0].topic).toBe('items');
  expect((await f.call('GET', '/connectors/rx/tasks')).body[0].config['topics.regex']).toBe('rx_.*');
});

it('tasks.max=2: two consumers in the group connect-<name>', async () => {
  const r = await f.call('POST', '/connectors', { name: 'two', config: { 'connector.class': RECORDING, topics: 't2', 'tasks.max': '2' } });
  expect(r.status).toBe(201);
  const { groups } = await f.waitFor('2 members', async () => {
    const described = await admin.describeGroups(['connect-two']);
    return described.groups[0].members.length === 2 && described.groups[0].state === 'Stable' && described;
  });
  expect(groups[0].protocolType).toBe('consumer');
  expect((await f.call('GET', '/connectors/two/status')).body.tasks.map((t: { id: number }) => t.id)).toEqual([0, 1]);
  expect((await f.call('DELETE', '/connectors/two')).status).toBe(204);
  await f.waitFor('group empty', async () => (await admin.describeGroups(['connect-two'])).groups[0].members.length === 0);
});

it('consumer.override.max.poll.records: a fetch is put in order, in puts of at most that many records, and committed', async () => {
  const records = Array.from({ length: 7 }, (_, i) => ({ value: envelopeOf('t', { id: i }) }));
  await f.produce('tm', records);
  await createRecording('small-puts', { topics: 'tm', 'consumer.override.max.poll.records': '3' });
  await f.waitFor('all 7', async () => delivered('tm').length === 7);
  const puts = recorder.puts.filter((put) => put[0]?.originalTopic === 'tm');
  expect(puts.every((put) => put.length <= 3)).toBe(true);
  expect(puts.length).toBeGreaterThanOrEqual(3);
  expect(delivered('tm').map((r) => r.offset)).toEqual(['0', '1', '2', '3', '4', '5', '6']);
  await f.waitFor('offset 7', async () => (await committed('connect-small-puts', 'tm')) === '7');
});

it('a put failing while the next chunk waits: FAILED, nothing after the failed put is delivered or committed', async () => {
  await createRecording('chunk-fail', { topics: 'tcf', 'consumer.override.max.poll.records': '2' });
  recorder.failures.push('fatal');
  await f.produce(
    'tcf',
    Array.from({ length: 6 }, (_, i) => ({ value: envelopeOf('t', { id: i }) })),
  );
  await f.waitFor('FAILED', async () => (await taskStatus('chunk-fail')).state === 'FAILED');
  expect(delivered('tcf')).toEqual([]);
  expect(await committed('connect-chunk-fail', 'tcf')).toBe('-1');
  expect((await f.call('POST', '/connectors/chunk-fail/tasks/0/restart')).status).toBe(204);
  await f.waitFor('all 6 after the restart', async () => delivered('tcf').length === 6);
  expect(delivered('tcf').map((r) => r.value.value)).toEqual([0, 1, 2, 3, 4, 5].map((id) => ({ id })));
  await f.waitFor('offset 6', async () => (await committed('connect-chunk-fail', 'tcf')) === '6');
});
