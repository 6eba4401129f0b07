import type { ConnectorPlugin, SourceTask } from '../../src/connect-api/connector-plugin';
import type { SourceRecord } from '../../src/connect-api/source-record';
import { CONNECTOR_PLUGINS } from '../../src/plugins/registry';
import { kcatRecords } from '../support/config-topic';
import { startWorkerFixture, type WorkerFixture } from '../worker/support/worker-fixture';

/** A source that sends three records, then throws from poll(). */
const failingSource: ConnectorPlugin = {
  className: 'test.kafka.sync.FailingSourceConnector',
  type: 'source',
  version: '1.0.0',
  taskClassName: 'test.kafka.sync.FailingSourceTask',
  configKeys: () => [],
  validate: () => ({}),
  taskConfigs: (config) => [{ ...config }],
  createSourceTask: (): SourceTask => {
    let polls = 0;
    return {
      start: async () => undefined,
      poll: async (): Promise<SourceRecord[]> => {
        if (polls++ > 0) throw new Error('the source went away');
        return [1, 2, 3].map((n) => ({
          sourcePartition: { table: 't' },
          sourceOffset: { n },
          topic: 'failing-source',
          kafkaPartition: null,
          key: { schema: null, value: null },
          value: { schema: { type: 'int32', optional: false }, value: n },
          timestamp: null,
        }));
      },
      stop: async () => undefined,
    };
  },
};

/** A source of one int64 record, 2^63 − 1 (a bigint), with and without a schema, to the topic `topic`. */
const longSource: ConnectorPlugin = {
  ...failingSource,
  className: 'test.kafka.sync.LongSourceConnector',
  taskClassName: 'test.kafka.sync.LongSourceTask',
  createSourceTask: (): SourceTask => {
    let topic = '';
    let sent = false;
    return {
      start: async (config) => void (topic = config.topic),
      poll: async () => {
        if (sent) return null;
        sent = true;
        const value = 9223372036854775807n;
        return [
          {
            sourcePartition: null,
            sourceOffset: null,
            topic,
            kafkaPartition: null,
            key: { schema: null, value: null },
            value: { schema: { type: 'int64', optional: false }, value },
            timestamp: null,
          },
          {
            sourcePartition: null,
            sourceOffset: null,
            topic,
            kafkaPartition: null,
            key: { schema: null, value: null },
            value: { schema: null, value: new Map([['id', value]]) },
            timestamp: null,
          },
        ];
      },
      stop: async () => undefined,
    };
  },
};

let f: WorkerFixture;
beforeAll(async () => (f = await startWorkerFixture('cw-source-failure', {}, [...CONNECTOR_PLUGINS, failingSource, longSource])));
afterAll(async () => f?.stop());

it('an exception from poll() fails the task with its trace; the offsets of the records acked before it are committed', async () => {
  expect((await f.call('PUT', '/connectors/failing/config', { 'connector.class': 'FailingSource' })).status).toBe(201);
  const s = await f.waitFor('FAILED', async () => {
    const body = (await f.call('GET', '/connectors/failing/status')).body;
    return body.tasks?.[0]?.state === 'FAILED' && body;
  });
  expect(s.type).toBe('source');
  expect(s.connector.state).toBe('RUNNING');
  expect(s.tasks[0].trace).toMatch(/^js\.Error: the source went away\n\tat /);
  expect((await kcatRecords(f.broker.bootstrap, 'failing-source')).map((r) => r.value)).toEqual([
    '{"schema":{"type":"int32","optional":false},"payload":1}',
    '{"schema":{"type":"int32","optional":false},"payload":2}',
    '{"schema":{"type":"int32","optional":false},"payload":3}',
  ]);
  // WorkerSourceTask.finalOffsetCommit: the acked records' offsets, also after a failure.
  await f.waitFor('the final commit', async () => {
    const offsets = await kcatRecords(f.broker.bootstrap, 'connect-offsets');
    return offsets.some((r) => r.key === '["failing",{"table":"t"}]' && r.value === '{"n":3}');
  });
});

it('JsonConverter writes an int64 beyond 2^53 exactly, with schemas and without', async () => {
  expect((await f.call('PUT', '/connectors/long/config', { 'connector.class': 'LongSource', topic: 'longs' })).status).toBe(201);
  const plain = { 'connector.class': 'LongSource', topic: 'plain-longs', 'value.converter.schemas.enable': 'false' };
  expect((await f.call('PUT', '/connectors/plain-long/config', plain)).status).toBe(201);
  const read = (topic: string) =>
    f.waitFor(`2 records in ${topic}`, async () => {
      const records = await kcatRecords(f.broker.bootstrap, topic).catch(() => []);
      return records.length === 2 && records.map((r) => r.value);
    });
  expect(await read('longs')).toEqual([
    '{"schema":{"type":"int64","optional":false},"payload":9223372036854775807}',
    '{"schema":null,"payload":{"id":9223372036854775807}}',
  ]);
  expect(await read('plain-longs')).toEqual(['9223372036854775807', '{"id":9223372036854775807}']);
});
