import { join } from 'node:path';
import { waitFor } from '@kafka-sync/testing';
import { startWorkerFixture, type WorkerFixture } from './worker/support/worker-fixture';
import { createCompactingTopic, kafkajsRecords, kcatRecords, type TopicRecord } from './support/config-topic';

const FILE_SINK = 'org.apache.kafka.connect.file.FileStreamSinkConnector';
let f: WorkerFixture;

beforeAll(async () => (f = await startWorkerFixture('cw-config-store')));
afterAll(async () => f?.stop());

const config = (name: string) => ({ 'connector.class': FILE_SINK, topics: `${name}-t`, file: join(f.dir, `${name}.txt`), name });

/** Restarts the worker on `topic` (the store reads it from the beginning). */
async function restartOn(topic: string): Promise<void> {
  await f.worker.close();
  f.worker = await f.startWorker({ CONNECT_CONFIG_TOPIC: topic });
}

/** Runs the broker's log cleaner until `topic` has exactly `keys` (in this order) left. */
async function compactTo(topic: string, keys: Array<string | null>): Promise<TopicRecord[]> {
  let left: TopicRecord[] = [];
  await waitFor(`${topic} compacted to ${keys.join(', ')}`, async () => {
    await f.broker.cleanLogs();
    left = await kafkajsRecords(f.broker.bootstrap, topic);
    return JSON.stringify(left.map((r) => r.key)) === JSON.stringify(keys);
  }).catch((error: Error) => {
    throw new Error(`${error.message}; left: ${JSON.stringify(left.map((r) => [r.offset, r.key]))}`);
  });
  return left;
}

async function connectorState(name: string): Promise<string> {
  return (await f.call('GET', `/connectors/${name}/status`)).body.connector.state;
}

it("writes Kafka Connect's keys and values; a paused connector and a deleted one survive compaction and a restart as they were", async () => {
  const topic = 'configs-kafka-format';
  await createCompactingTopic(f.broker.bootstrap, topic);
  await restartOn(topic);

  expect((await f.call('POST', '/connectors', { name: 'kept', config: config('kept') })).status).toBe(201);
  expect((await f.call('PUT', '/connectors/kept/stop')).status).toBe(204);
  expect((await f.call('PUT', '/connectors/kept/pause')).status).toBe(202);
  // Paused from STOPPED starts the task: resume once it runs (a resume before is a herder race, not this store's).
  await waitFor('kept task PAUSED', async () => (await f.call('GET', '/connectors/kept/status')).body.tasks[0]?.state === 'PAUSED');
  expect((await f.call('PUT', '/connectors/kept/resume')).status).toBe(202);
  expect((await f.call('PUT', '/connectors/kept/pause')).status).toBe(202);
  expect((await f.call('POST', '/connectors', { name: 'dropped', config: config('dropped') })).status).toBe(201);
  expect((await f.call('DELETE', '/connectors/dropped')).status).toBe(204);

  // Exactly KafkaConfigBackingStore's records (JsonConverter, schemas.enable=false), no headers.
  const written = await kcatRecords(f.broker.bootstrap, topic);
  expect(written.map(({ offset, key, value, headers }) => ({ offset, key, value: value && JSON.parse(value), headers }))).toEqual([
    { offset: 0, key: 'connector-kept', value: { properties: config('kept') }, headers: {} },
    { offset: 1, key: 'target-state-kept', value: { state: 'PAUSED', 'state.v2': 'STOPPED' }, headers: {} },
    { offset: 2, key: 'target-state-kept', value: { state: 'PAUSED', 'state.v2': 'PAUSED' }, headers: {} },
    { offset: 3, key: 'target-state-kept', value: { state: 'STARTED', 'state.v2': 'STARTED' }, headers: {} },
    { offset: 4, key: 'target-state-kept', value: { state: 'PAUSED', 'state.v2': 'PAUSED' }, headers: {} },
    { offset: 5, key: 'connector-dropped', value: { properties: config('dropped') }, headers: {} },
    { offset: 6, key: 'connector-dropped', value: null, headers: {} },
    { offset: 7, key: 'target-state-dropped', value: null, headers: {} },
  ]);

  // Compaction really happened: the older target states and everything of the deleted connector
  // (tombstones too: delete.retention.ms=0) are gone, the tail included.
  const compacted = await compactTo(topic, ['connector-kept', 'target-state-kept']);
  expect(compacted.map((r) => r.offset)).toEqual([0, 4]);

  await restartOn(topic);
  expect((await f.call('GET', '/connectors')).body).toEqual(['kept']);
  expect((await f.call('GET', '/connectors/kept/config')).body).toEqual(config('kept'));
  expect(await connectorState('kept')).toBe('PAUSED');
  expect((await f.call('GET', '/connectors/dropped')).status).toBe(404);
});

it('reads a config topic a Kafka Connect worker wrote: task configs, commits and the session key are skipped, v0 target states read', async () => {
  const topic = 'configs-from-kafka-connect';
  await createCompactingTopic(f.broker.bootstrap, topic);
  await f.produce(topic, [
    { key: 'session-key', value: JSON.stringify({ key: 'c2VjcmV0', algorithm: 'HmacSHA256', 'creation-timestamp': 1700000000000 }) },
    { key: 'connector-from-kafka', value: JSON.stringify({ properties: config('from-kafka') }) },
    { key: 'task-from-kafka-0', value: JSON.stringify({ properties: { ...config('from-kafka'), 'task.class': 'x' } }) },
    { key: 'commit-from-kafka', value: JSON.stringify({ tasks: 1 }) },
    { key: 'target-state-from-kafka', value: JSON.stringify({ state: 'PAUSED' }) }, // written by a worker before 3.5
    { key: 'target-state-stopped', value: JSON.stringify({ state: 'PAUSED', 'state.v2': 'STOPPED' }) }, // created STOPPED…
    { key: 'connector-stopped', value: JSON.stringify({ properties: config('stopped') }) }, // …config after its state, as Kafka writes it
  ]);
  await restartOn(topic);
  expect((await f.call('GET', '/connectors')).body).toEqual(['from-kafka', 'stopped']);
  expect((await f.call('GET', '/connectors/from-kafka/config')).body).toEqual(config('from-kafka'));
  expect(await connectorState('from-kafka')).toBe('PAUSED');
  expect(await connectorState('stopped')).toBe('STOPPED');
});

it("reads the earlier format (one key per connector, kind in a header), rewrites it under Kafka's keys, and it survives compaction", async () => {
  const topic = 'configs-earlier-format';
  await createCompactingTopic(f.broker.bootstrap, topic);
  const kind = (k: string) => ({ 'connect-record': k });
  await f.produce(topic, [
    { key: 'old', value: JSON.stringify(config('old')), headers: kind('connector-config') },
    { key: 'old-running', value: JSON.stringify(config('old-running')), headers: kind('connector-config') },
    { key: 'old', value: JSON.stringify({ state: 'PAUSED' }), headers: kind('target-state') },
    { key: 'old-deleted', value: JSON.stringify(config('old-deleted')), headers: kind('connector-config') },
    { key: 'old-deleted', value: null, headers: kind('target-state') },
    { key: 'old-deleted', value: null, headers: kind('connector-config') },
    { key: 'old-running', value: JSON.stringify({ state: 'PAUSED' }), headers: kind('target-state') },
    { key: 'old-running', value: JSON.stringify({ state: 'STARTED' }), headers: kind('target-state') },
  ]);

  await restartOn(topic);
  expect((await f.call('GET', '/connectors')).body).toEqual(['old', 'old-running']);
  expect((await f.call('GET', '/connectors/old/config')).body).toEqual(config('old'));
  expect(await connectorState('old')).toBe('PAUSED');
  expect(await connectorState('old-running')).not.toBe('PAUSED');

  // Rewritten at start: the new records, then a tombstone for the old key.
  const rewritten = (await kcatRecords(f.broker.bootstrap, topic)).slice(8);
  expect(rewritten.map(({ key, value, headers }) => ({ key, value: value && JSON.parse(value), headers }))).toEqual([
    { key: 'target-state-old', value: { state: 'PAUSED', 'state.v2': 'PAUSED' }, headers: {} },
    { key: 'connector-old', value: { properties: config('old') }, headers: {} },
    { key: 'old', value: null, headers: { 'connect-record': 'migrated' } },
    { key: 'target-state-old-running', value: { state: 'STARTED', 'state.v2': 'STARTED' }, headers: {} },
    { key: 'connector-old-running', value: { properties: config('old-running') }, headers: {} },
    { key: 'old-running', value: null, headers: { 'connect-record': 'migrated' } },
  ]);

  // Nothing of the earlier format is left once compacted, and everything still loads.
  await compactTo(topic, ['target-state-old', 'connector-old', 'target-state-old-running', 'connector-old-running']);
  await restartOn(topic);
  expect((await f.call('GET', '/connectors')).body).toEqual(['old', 'old-running']);
  expect((await f.call('GET', '/connectors/old-running/config')).body).toEqual(config('old-running'));
  expect(await connectorState('old')).toBe('PAUSED');
  // Started again, not migrated a second time.
  expect(await kafkajsRecords(f.broker.bootstrap, topic)).toHaveLength(4);
});
