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

let f: WorkerFixture;
beforeAll(async () => (f = await startWorkerFixture('cw-source-failure', {}, [...CONNECTOR_PLUGINS, failingSource])));
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
