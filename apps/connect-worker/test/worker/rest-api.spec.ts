import { Kafka, logLevel } from 'kafkajs';
import { join } from 'node:path';
import { CONNECTOR_PLUGINS } from '../../src/plugins/registry';
import { recordingPlugin } from './support/recording-plugin';
import { startWorkerFixture, type WorkerFixture } from './support/worker-fixture';

const FILE_SINK = 'org.apache.kafka.connect.file.FileStreamSinkConnector';
const INVALID_HINT = 'You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`';

let f: WorkerFixture;
let workerId: string;
const { plugin } = recordingPlugin();

beforeAll(async () => {
  f = await startWorkerFixture('cw-rest', {}, [...CONNECTOR_PLUGINS, plugin]);
  workerId = `127.0.0.1:${f.worker.port}`;
});
afterAll(async () => f?.stop());

const sinkConfig = (name: string, extra: Record<string, string> = {}) => ({
  'connector.class': FILE_SINK,
  topics: `${name}-topic`,
  file: join(f.dir, `${name}.txt`),
  ...extra,
});

async function create(name: string, extra: Record<string, string> = {}) {
  const r = await f.call('POST', '/connectors', { name, config: sinkConfig(name, extra) });
  expect(r.status).toBe(201);
  return r;
}

async function waitForTasks(name: string, state: string, count = 1) {
  return f.waitFor(`${name} tasks ${state}`, async () => {
    const r = await f.call('GET', `/connectors/${name}/status`);
    return r.body?.tasks?.length === count && r.body.tasks.every((t: { state: string }) => t.state === state) && r.body;
  });
}

describe('GET / and plugins', () => {
  it('GET / answers version, commit and the Kafka cluster id', async () => {
    const kafka = new Kafka({ brokers: [f.broker.bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const { clusterId } = await admin.describeCluster();
    await admin.disconnect();
    const r = await f.call('GET', '/');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ version: '3.9.0', commit: expect.any(String), kafka_cluster_id: clusterId });
  });

  it('GET /connector-plugins lists the connectors; connectorsOnly=false adds converters and transforms', async () => {
    const r = await f.call('GET', '/connector-plugins');
    expect(r.status).toBe(200);
    expect(r.body).toEqual([
      { class: 'io.confluent.connect.jdbc.JdbcSinkConnector', type: 'sink', version: '10.9.7-embedded' },
      { class: 'io.confluent.connect.jdbc.JdbcSourceConnector', type: 'source', version: '10.9.7-embedded' },
      { class: FILE_SINK, type: 'sink', version: '3.9.0' },
      { class: 'org.apache.kafka.connect.file.FileStreamSourceConnector', type: 'source', version: '3.9.0' },
      { class: 'test.kafka.sync.RecordingSinkConnector', type: 'sink', version: '1.0.0' },
    ]);
    const all = await f.call('GET', '/connector-plugins?connectorsOnly=false');
    expect(all.body).toEqual(
      expect.arrayContaining([
        { class: 'org.apache.kafka.connect.transforms.RegexRouter', type: 'transformation', version: '3.9.0' },
        { class: 'org.apache.kafka.connect.transforms.ReplaceField$Value', type: 'transformation', version: '3.9.0' },
        { class: 'org.apache.kafka.connect.json.JsonConverter', type: 'converter', version: '3.9.0' },
      ]),
    );
  });

  it('PUT /connector-plugins/{class}/config/validate: 200 with error_count, groups and configs', async () => {
    const ok = await f.call('PUT', '/connector-plugins/FileStreamSinkConnector/config/validate', {
      name: 'v',
      topics: 'a',
      file: '/tmp/x',
    });
    expect(ok.status).toBe(200);
    expect(ok.body.name).toBe('FileStreamSinkConnector');
    expect(ok.body.error_count).toBe(0);
    expect(ok.body.groups).toEqual(expect.arrayContaining(['Common', 'Transforms', 'Error Handling']));
    const file = ok.body.configs.find((c: { definition: { name: string } }) => c.definition.name === 'file');
    expect(file).toEqual({
      definition: {
        name: 'file',
        type: 'STRING',
        required: false,
        default_value: null,
        importance: 'HIGH',
        documentation: expect.any(String),
        group: null,
        width: 'NONE',
        display_name: 'file',
        dependents: [],
        order: -1,
      },
      value: { name: 'file', value: '/tmp/x', recommended_values: [], errors: [], visible: true },
    });

    const bad = await f.call('PUT', `/connector-plugins/${FILE_SINK}/config/validate`, {
      name: 'v',
      topics: 'a',
      'topics.regex': 'a.*',
      'tasks.max': '0',
    });
    expect(bad.status).toBe(200);
    expect(bad.body.name).toBe(FILE_SINK);
    expect(bad.body.error_count).toBe(3);
    const errorsOf = (key: string) => bad.body.configs.find((c: { value: { name: string } }) => c.value.name === key).value.errors;
    expect(errorsOf('topics')).toEqual(['topics and topics.regex are mutually exclusive options, but both are set.']);
    expect(errorsOf('topics.regex')).toEqual(['topics and topics.regex are mutually exclusive options, but both are set.']);
    expect(errorsOf('tasks.max')).toEqual(['Invalid value 0 for configuration tasks.max: Value must be at least 1']);
  });

  it('validate: a plugin key error is counted; a different connector.class in the body is a 400', async () => {
    const r = await f.call('PUT', '/connector-plugins/RecordingSink/config/validate', { name: 'v', topics: 'a', 'must.be.set': 'no' });
    expect(r.body.error_count).toBe(1);
    expect(r.body.groups).toContain('Recording');
    const mismatch = await f.call('PUT', '/connector-plugins/RecordingSinkConnector/config/validate', {
      'connector.class': FILE_SINK,
      topics: 'a',
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body).toEqual({
      error_code: 400,
      message: `Included connector type ${FILE_SINK} does not match request type RecordingSinkConnector`,
    });
  });

  it('validate: consumer.override.max.poll.records is checked; framework keys we do not implement are refused by name', async () => {
    const r = await f.call('PUT', `/connector-plugins/${FILE_SINK}/config/validate`, {
      name: 'v',
      topics: 'a',
      'consumer.override.max.poll.records': '0',
      'consumer.override.fetch.min.bytes': '1',
      predicates: 'p',
      'errors.retry.timeout': '1000',
    });
    const errorsOf = (key: string) => r.body.configs.find((c: { value: { name: string } }) => c.value.name === key)?.value.errors;
    expect(r.body.error_count).toBe(4);
    expect(errorsOf('consumer.override.max.poll.records')).toEqual([
      'Invalid value 0 for configuration max.poll.records: Value must be at least 1',
    ]);
    for (const name of ['consumer.override.fetch.min.bytes', 'predicates', 'errors.retry.timeout']) {
      expect(errorsOf(name)).toEqual([
        `Configuration '${name}' is not implemented by this worker (of the consumer overrides, only consumer.override.max.poll.records is)`,
      ]);
    }
    const ok = await f.call('PUT', `/connector-plugins/${FILE_SINK}/config/validate`, {
      name: 'v',
      topics: 'a',
      'consumer.override.max.poll.records': '250',
    });
    expect(ok.body.error_count).toBe(0);
  });
});

describe('connectors: create and read', () => {
  it('POST /connectors: 201 with Location and ConnectorInfo (config values coerced to strings)', async () => {
    const r = await f.call('POST', '/connectors', { name: 'c1', config: { ...sinkConfig('c1'), 'tasks.max': 1 } });
    expect(r.status).toBe(201);
    expect(r.headers.get('location')).toBe('/connectors/c1');
    expect(r.body).toEqual({
      name: 'c1',
      config: { ...sinkConfig('c1'), 'tasks.max': '1', name: 'c1' },
      tasks: [{ connector: 'c1', task: 0 }],
      type: 'sink',
    });
  });

  it('POST /connectors twice: 409', async () => {
    const r = await f.call('POST', '/connectors', { name: 'c1', config: sinkConfig('c1') });
    expect(r.status).toBe(409);
    expect(r.body).toEqual({ error_code: 409, message: 'Connector c1 already exists' });
  });

  it('POST invalid configs: 400 with the multi-line message ending with the validate hint', async () => {
    const r = await f.call('POST', '/connectors', { name: 'bad', config: { 'connector.class': 'FileStreamSink' } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      error_code: 400,
      message: `Connector configuration is invalid and contains the following 2 error(s):\nMust configure one of topics or topics.regex\nMust configure one of topics or topics.regex\n${INVALID_HINT}`,
    });
    const dlq = await f.call('POST', '/connectors', {
      name: 'bad',
      config: sinkConfig('bad', { 'errors.deadletterqueue.topic.name': 'bad-topic', 'errors.tolerance': 'sometimes' }),
    });
    expect(dlq.body.message).toBe(
      'Connector configuration is invalid and contains the following 2 error(s):\n' +
        'Invalid value sometimes for configuration errors.tolerance: String must be one of (case insensitive): NONE, ALL\n' +
        "The DLQ topic 'bad-topic' may not be included in the list of topics ('topics=bad-topic') consumed by the connector\n" +
        INVALID_HINT,
    );
    const transforms = await f.call('POST', '/connectors', {
      name: 'bad',
      config: sinkConfig('bad', {
        transforms: 'a,b',
        'transforms.a.type': 'org.apache.kafka.connect.transforms.RegexRouter',
        'transforms.b.type': 'Nope',
        'value.converter': 'io.confluent.connect.avro.AvroConverter',
      }),
    });
    expect(transforms.body.message).toBe(
      'Connector configuration is invalid and contains the following 4 error(s):\n' +
        'Invalid value io.confluent.connect.avro.AvroConverter for configuration value.converter: Class io.confluent.connect.avro.AvroConverter could not be found.\n' +
        'Missing required configuration "transforms.a.regex" which has no default value.\n' +
        'Missing required configuration "transforms.a.replacement" which has no default value.\n' +
        'Invalid value Nope for configuration transforms.b.type: Class Nope could not be found.\n' +
        INVALID_HINT,
    );
    const plugin = await f.call('POST', '/connectors', {
      name: 'bad',
      config: { 'connector.class': 'test.kafka.sync.RecordingSinkConnector', topics: 't', 'must.be.set': 'no' },
    });
    expect(plugin.body).toEqual({
      error_code: 400,
      message: `Connector configuration is invalid and contains the following 1 error(s):\nInvalid value no for configuration must.be.set: must not be no\n${INVALID_HINT}`,
    });
    expect((await f.call('GET', '/connectors/bad')).status).toBe(404);
  });

  it('POST without connector.class, with a mismatching name, with an unknown class, with malformed JSON', async () => {
    const noType = await f.call('POST', '/connectors', { name: 'x', config: { topics: 't' } });
    expect(noType.status).toBe(400);
    expect(noType.body).toEqual({ error_code: 400, message: 'Connector config {topics=t, name=x} contains no connector type' });
    const mismatch = await f.call('POST', '/connectors', { name: 'x', config: { ...sinkConfig('x'), name: 'y' } });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body).toEqual({
      error_code: 400,
      message: "Connector name configuration (y) doesn't match connector name in the URL (x)",
    });
    const unknown = await f.call('POST', '/connectors', {
      name: 'x',
      config: { 'connector.class': 'com.example.NopeConnector', topics: 't' },
    });
    expect(unknown.status).toBe(500);
    expect(unknown.body.error_code).toBe(500);
    expect(unknown.body.message).toMatch(
      /^Failed to find any class that implements Connector and which name matches com\.example\.NopeConnector, available connectors are: PluginDesc\{klass=class org\.apache\.kafka\.connect\.file\.FileStreamSinkConnector/,
    );
    const malformed = await f.call('POST', '/connectors', '{"name": "x", ');
    expect(malformed.status).toBe(500);
    expect(malformed.body).toEqual({ error_code: 500, message: expect.stringMatching(/JSON/) });
  });

  it('GET /connectors (+ expand=status, expand=info, repeatable)', async () => {
    await create('c2');
    await waitForTasks('c2', 'RUNNING');
    await waitForTasks('c1', 'RUNNING');
    const plain = await f.call('GET', '/connectors');
    expect(plain.status).toBe(200);
    expect(plain.body).toEqual(['c1', 'c2']);
    const status = await f.call('GET', '/connectors?expand=status');
    expect(status.body.c2).toEqual({
      status: {
        name: 'c2',
        connector: { state: 'RUNNING', worker_id: workerId },
        tasks: [{ id: 0, state: 'RUNNING', worker_id: workerId }],
        type: 'sink',
      },
    });
    const both = await f.call('GET', '/connectors?expand=status&expand=info');
    expect(Object.keys(both.body)).toEqual(['c1', 'c2']);
    expect(both.body.c1.info).toEqual({
      name: 'c1',
      config: { ...sinkConfig('c1'), 'tasks.max': '1', name: 'c1' },
      tasks: [{ connector: 'c1', task: 0 }],
      type: 'sink',
    });
    expect(both.body.c1.status.connector.state).toBe('RUNNING');
  });

  it('GET /connectors/{n}, /config, /tasks, /status, /tasks/{id}/status and their 404s', async () => {
    const info = await f.call('GET', '/connectors/c2');
    expect(info.status).toBe(200);
    expect(info.body).toEqual({
      name: 'c2',
      config: { ...sinkConfig('c2'), name: 'c2' },
      tasks: [{ connector: 'c2', task: 0 }],
      type: 'sink',
    });
    const config = await f.call('GET', '/connectors/c2/config');
    expect(config.body).toEqual({ ...sinkConfig('c2'), name: 'c2' });
    const tasks = await f.call('GET', '/connectors/c2/tasks');
    expect(tasks.body).toEqual([
      {
        id: { connector: 'c2', task: 0 },
        config: { ...sinkConfig('c2'), name: 'c2', 'task.class': 'org.apache.kafka.connect.file.FileStreamSinkTask' },
      },
    ]);
    const task = await f.call('GET', '/connectors/c2/tasks/0/status');
    expect(task.body).toEqual({ id: 0, state: 'RUNNING', worker_id: workerId });

    expect((await f.call('GET', '/connectors/nope')).body).toEqual({ error_code: 404, message: 'Connector nope not found' });
    expect((await f.call('GET', '/connectors/nope/config')).body).toEqual({ error_code: 404, message: 'Connector nope not found' });
    expect((await f.call('GET', '/connectors/nope/tasks')).body).toEqual({ error_code: 404, message: 'Connector nope not found' });
    expect((await f.call('GET', '/connectors/nope/status')).body).toEqual({
      error_code: 404,
      message: 'No status found for connector nope',
    });
    const noTask = await f.call('GET', '/connectors/c2/tasks/5/status');
    expect(noTask.status).toBe(404);
    expect(noTask.body).toEqual({ error_code: 404, message: 'No status found for task c2-5' });
    expect((await f.call('GET', '/connectors/c2/tasks/abc/status')).body).toEqual({ error_code: 404, message: 'HTTP 404 Not Found' });
  });

  it('unknown routes: 404 HTTP 404 Not Found; a known route with another method: 405', async () => {
    const r = await f.call('GET', '/no/such/route');
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error_code: 404, message: 'HTTP 404 Not Found' });
    const m = await f.call('DELETE', '/connectors');
    expect(m.status).toBe(405);
    expect(m.body).toEqual({ error_code: 405, message: 'HTTP 405 Method Not Allowed' });
  });

  it('GET /health answers ok', async () => {
    const r = await f.call('GET', '/health');
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('ok');
    expect((await f.call('GET', '/health/ready')).body.info.kafka.status).toBe('up');
  });
});

describe('connectors: change', () => {
  it('PUT /connectors/{n}/config: 201 when created, 200 when updated, 400 on a name mismatch or invalid config', async () => {
    const created = await f.call('PUT', '/connectors/p1/config', sinkConfig('p1'));
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/connectors/p1');
    expect(created.body).toEqual({
      name: 'p1',
      config: { ...sinkConfig('p1'), name: 'p1' },
      tasks: [{ connector: 'p1', task: 0 }],
      type: 'sink',
    });
    const updated = await f.call('PUT', '/connectors/p1/config', { ...sinkConfig('p1'), 'tasks.max': '2' });
    expect(updated.status).toBe(200);
    expect(updated.body.tasks).toEqual([
      { connector: 'p1', task: 0 },
      { connector: 'p1', task: 1 },
    ]);
    await waitForTasks('p1', 'RUNNING', 2);
    const mismatch = await f.call('PUT', '/connectors/p1/config', { ...sinkConfig('p1'), name: 'other' });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body).toEqual({
      error_code: 400,
      message: "Connector name configuration (other) doesn't match connector name in the URL (p1)",
    });
    const invalid = await f.call('PUT', '/connectors/p1/config', { ...sinkConfig('p1'), 'topics.regex': 'x.*' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.message).toBe(
      `Connector configuration is invalid and contains the following 2 error(s):\ntopics and topics.regex are mutually exclusive options, but both are set.\ntopics and topics.regex are mutually exclusive options, but both are set.\n${INVALID_HINT}`,
    );
    expect((await f.call('GET', '/connectors/p1/config')).body['tasks.max']).toBe('2');
  });

  it('PUT pause / resume: 202 with no body; states follow; unknown connector 404', async () => {
    const pause = await f.call('PUT', '/connectors/c2/pause');
    expect(pause.status).toBe(202);
    expect(pause.text).toBe('');
    const paused = await waitForTasks('c2', 'PAUSED');
    expect(paused.connector.state).toBe('PAUSED');
    const resume = await f.call('PUT', '/connectors/c2/resume');
    expect(resume.status).toBe(202);
    expect(resume.text).toBe('');
    expect((await waitForTasks('c2', 'RUNNING')).connector.state).toBe('RUNNING');
    expect((await f.call('PUT', '/connectors/nope/pause')).body).toEqual({ error_code: 404, message: 'Unknown connector nope' });
    expect((await f.call('PUT', '/connectors/nope/resume')).body).toEqual({ error_code: 404, message: 'Unknown connector nope' });
  });

  it('POST restart: 204 plain; 202 + StateInfo with includeTasks / onlyFailed; 404 unknown', async () => {
    const plain = await f.call('POST', '/connectors/c2/restart');
    expect(plain.status).toBe(204);
    expect(plain.text).toBe('');
    const all = await f.call('POST', '/connectors/c2/restart?includeTasks=true');
    expect(all.status).toBe(202);
    expect(all.body).toEqual({
      name: 'c2',
      connector: { state: 'RESTARTING', worker_id: workerId },
      tasks: [{ id: 0, state: 'RESTARTING', worker_id: workerId }],
      type: 'sink',
    });
    await waitForTasks('c2', 'RUNNING');
    const onlyFailed = await f.call('POST', '/connectors/c2/restart?includeTasks=true&onlyFailed=true');
    expect(onlyFailed.status).toBe(202);
    expect(onlyFailed.body).toEqual({
      name: 'c2',
      connector: { state: 'RUNNING', worker_id: workerId },
      tasks: [{ id: 0, state: 'RUNNING', worker_id: workerId }],
      type: 'sink',
    });
    expect((await f.call('POST', '/connectors/nope/restart')).body).toEqual({ error_code: 404, message: 'Unknown connector: nope' });
  });

  it('POST tasks/{id}/restart: 204; unknown task or connector 404', async () => {
    const r = await f.call('POST', '/connectors/c2/tasks/0/restart');
    expect(r.status).toBe(204);
    expect(r.text).toBe('');
    await waitForTasks('c2', 'RUNNING');
    expect((await f.call('POST', '/connectors/c2/tasks/7/restart')).body).toEqual({ error_code: 404, message: 'Unknown task: c2-7' });
    expect((await f.call('POST', '/connectors/nope/tasks/0/restart')).body).toEqual({
      error_code: 404,
      message: 'Unknown connector: nope',
    });
  });

  it('PUT stop: 204; STOPPED with no tasks; resume brings the tasks back', async () => {
    const r = await f.call('PUT', '/connectors/c1/stop');
    expect(r.status).toBe(204);
    const status = await f.call('GET', '/connectors/c1/status');
    expect(status.body).toEqual({ name: 'c1', connector: { state: 'STOPPED', worker_id: workerId }, tasks: [], type: 'sink' });
    expect((await f.call('GET', '/connectors/c1/tasks')).body).toEqual([]);
    expect((await f.call('GET', '/connectors/c1')).body.tasks).toEqual([]);
    expect((await f.call('PUT', '/connectors/nope/stop')).body).toEqual({ error_code: 404, message: 'Unknown connector nope' });
    await f.call('PUT', '/connectors/c1/resume');
    expect((await waitForTasks('c1', 'RUNNING')).connector.state).toBe('RUNNING');
  });

  it('POST with initial_state PAUSED / STOPPED', async () => {
    const paused = await f.call('POST', '/connectors', { name: 'i1', config: sinkConfig('i1'), initial_state: 'PAUSED' });
    expect(paused.status).toBe(201);
    expect((await waitForTasks('i1', 'PAUSED')).connector.state).toBe('PAUSED');
    const stopped = await f.call('POST', '/connectors', { name: 'i2', config: sinkConfig('i2'), initial_state: 'STOPPED' });
    expect(stopped.status).toBe(201);
    expect(stopped.body.tasks).toEqual([]);
    expect((await f.call('GET', '/connectors/i2/status')).body.connector.state).toBe('STOPPED');
  });

  it('pause then resume at once on a stopped connector (its task still starting): 202 both, and it ends RUNNING', async () => {
    const created = await f.call('POST', '/connectors', { name: 'i3', config: sinkConfig('i3'), initial_state: 'STOPPED' });
    expect(created.status).toBe(201);
    // The pause starts the task; the resume arrives before its consumer runs (kafkajs refuses resume() then).
    const [pause, resume] = [await f.call('PUT', '/connectors/i3/pause'), await f.call('PUT', '/connectors/i3/resume')];
    expect([pause.status, resume.status]).toEqual([202, 202]);
    expect((await waitForTasks('i3', 'RUNNING')).connector.state).toBe('RUNNING');
  });

  it('DELETE: 204, then gone; unknown 404', async () => {
    const r = await f.call('DELETE', '/connectors/p1');
    expect(r.status).toBe(204);
    expect(r.text).toBe('');
    expect((await f.call('GET', '/connectors/p1')).status).toBe(404);
    expect((await f.call('GET', '/connectors')).body).not.toContain('p1');
    expect((await f.call('DELETE', '/connectors/p1')).body).toEqual({ error_code: 404, message: 'Connector p1 not found' });
  });
});
