// A transforms chain in a connector config, through the worker's REST API: the validate endpoint
// and create run the worker's own config validation (transform keys prefixed with
// transforms.<alias>.), and the running task receives the records the chain made.

import { CONNECTOR_PLUGINS } from '../../src/plugins/registry';
import { recordingPlugin } from '../worker/support/recording-plugin';
import { envelopeOf, startWorkerFixture, type WorkerFixture } from '../worker/support/worker-fixture';

const RECORDING = 'test.kafka.sync.RecordingSinkConnector';
const INVALID_HINT = 'You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`';

let f: WorkerFixture;
const { plugin, recorder } = recordingPlugin();

beforeAll(async () => {
  f = await startWorkerFixture('cw-transforms', {}, [...CONNECTOR_PLUGINS, plugin]);
});
afterAll(async () => f?.stop());

/** Keyed by id (ValueToKey then ExtractField$Key), the origin stamped in, routed by month. */
const chain = (topic: string) => ({
  'connector.class': RECORDING,
  topics: topic,
  transforms: 'copyId,extractId,stamp,byMonth',
  'transforms.copyId.type': 'org.apache.kafka.connect.transforms.ValueToKey',
  'transforms.copyId.fields': 'id',
  'transforms.extractId.type': 'org.apache.kafka.connect.transforms.ExtractField$Key',
  'transforms.extractId.field': 'id',
  'transforms.stamp.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
  'transforms.stamp.topic.field': 'src_topic',
  'transforms.stamp.offset.field': 'src_offset!',
  'transforms.stamp.static.field': 'origin',
  'transforms.stamp.static.value': 'local-1',
  'transforms.byMonth.type': 'org.apache.kafka.connect.transforms.TimestampRouter',
  'transforms.byMonth.topic.format': '${topic}_${timestamp}',
  'transforms.byMonth.timestamp.format': 'yyyyMM',
});

const yyyyMM = (millis: number) => new Date(millis).toISOString().slice(0, 7).replace('-', '');
const delivered = (topic: string) => recorder.puts.flat().filter((r) => r.originalTopic === topic);

it('the validate endpoint and create refuse bad transform keys under their full names', async () => {
  const bad = {
    ...chain('bad'),
    'transforms.copyId.fields': '',
    'transforms.copyId.feilds': 'id',
    'transforms.extractId.field.syntax.version': 'V9',
    'transforms.stamp.static.value': undefined,
    'transforms.byMonth.timestamp.format': 'yyyy-MMM',
  };
  const validated = await f.call('PUT', `/connector-plugins/${RECORDING}/config/validate`, { name: 'bad', ...bad });
  expect(validated.status).toBe(200);
  const errors = Object.fromEntries(
    (validated.body.configs as Array<{ value: { name: string; errors: string[] } }>)
      .filter((c) => c.value.errors.length > 0)
      .map((c) => [c.value.name, c.value.errors]),
  );
  expect(errors).toEqual({
    'transforms.copyId.fields': ['Invalid value [] for configuration transforms.copyId.fields: Empty list'],
    'transforms.copyId.feilds': ['Unknown configuration "transforms.copyId.feilds" for ValueToKey'],
    'transforms.extractId.field.syntax.version': [
      'Invalid value V9 for configuration transforms.extractId.field.syntax.version: String must be one of (case insensitive): V1, V2',
    ],
    'transforms.stamp.static.value': [
      'Invalid value null for configuration transforms.stamp.static.value: No value specified for static field: origin',
    ],
    'transforms.byMonth.timestamp.format': [
      "Invalid value yyyy-MMM for configuration transforms.byMonth.timestamp.format: Pattern letter 'MMM' is not implemented by this worker (it implements y, M, MM, d, H, m, s, S and quoted text, in UTC)",
    ],
  });
  expect(validated.body.error_count).toBe(5);
  expect(validated.body.groups).toEqual(
    expect.arrayContaining(['Transforms: copyId', 'Transforms: extractId', 'Transforms: stamp', 'Transforms: byMonth']),
  );

  const created = await f.call('POST', '/connectors', { name: 'bad', config: bad });
  expect(created.status).toBe(400);
  expect(created.body.message).toBe(
    'Connector configuration is invalid and contains the following 5 error(s):\n' +
      Object.values(errors)
        .flat()
        .map((m) => `${m}\n`)
        .join('') +
      INVALID_HINT,
  );
  expect((await f.call('GET', '/connectors/bad')).status).toBe(404);
});

it('a valid chain runs: the task gets records keyed by id, stamped with their origin and routed by month', async () => {
  const ok = await f.call('PUT', `/connector-plugins/${RECORDING}/config/validate`, { name: 'chain', ...chain('users') });
  expect([ok.status, ok.body.error_count]).toEqual([200, 0]);
  const created = await f.call('POST', '/connectors', { name: 'chain', config: chain('users') });
  expect(created.status).toBe(201);
  await f.waitFor('chain RUNNING', async () => (await f.call('GET', '/connectors/chain/status')).body.tasks?.[0]?.state === 'RUNNING');

  await f.produce('users', [
    { key: null, value: envelopeOf('users', { id: 1, user_id: 'test1', name: 'TEST USER' }) },
    { key: null, value: envelopeOf('users', { id: 2, user_id: 'test2', name: null }) },
  ]);
  const records = await f.waitFor('2 records', async () => delivered('users').length === 2 && delivered('users'));
  expect(records.map((r) => [r.topic, r.key, r.value.value])).toEqual([
    [
      `users_${yyyyMM(records[0].timestamp!)}`,
      { schema: { type: 'int32', optional: true }, value: 1 },
      { id: 1, user_id: 'test1', name: 'TEST USER', src_topic: 'users', src_offset: 0, origin: 'local-1' },
    ],
    [
      `users_${yyyyMM(records[1].timestamp!)}`,
      { schema: { type: 'int32', optional: true }, value: 2 },
      { id: 2, user_id: 'test2', name: null, src_topic: 'users', src_offset: 1, origin: 'local-1' },
    ],
  ]);
  expect(records[0].value.schema).toEqual({
    type: 'struct',
    fields: [
      { type: 'int32', optional: true, field: 'id' },
      { type: 'string', optional: true, field: 'user_id' },
      { type: 'string', optional: true, field: 'name' },
      { type: 'string', optional: true, field: 'src_topic' },
      { type: 'int64', optional: false, field: 'src_offset' },
      { type: 'string', optional: true, field: 'origin' },
    ],
    optional: false,
    name: 'users',
  });
});

it('the same chain on schemaless JSON: map keys and values', async () => {
  const created = await f.call('POST', '/connectors', {
    name: 'chain-schemaless',
    config: {
      ...chain('plain'),
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter.schemas.enable': 'false',
    },
  });
  expect(created.status).toBe(201);
  await f.produce('plain', [{ key: null, value: '{"id":5,"code":"c"}' }]);
  const [record] = await f.waitFor('1 record', async () => delivered('plain').length === 1 && delivered('plain'));
  expect([record.topic, record.key, record.value]).toEqual([
    `plain_${yyyyMM(record.timestamp!)}`,
    { schema: null, value: 5 },
    {
      schema: null,
      value: new Map<string, unknown>([
        ['id', 5],
        ['code', 'c'],
        ['src_topic', 'plain'],
        ['src_offset', 0],
        ['origin', 'local-1'],
      ]),
    },
  ]);
});
