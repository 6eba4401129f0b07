import { ConnectError, RetriableConnectError } from '../../../src/connect-api/connect-error';
import type { ConnectorPlugin, SinkTaskContext } from '../../../src/connect-api/connector-plugin';
import type { SinkRecord } from '../../../src/connect-api/sink-record';

/** What the recording plugin's tasks saw and what they should do next. */
export interface Recorder {
  puts: SinkRecord[][];
  /**
   * Consumed by the next put() calls, in order: throw this kind of error instead of writing, or
   * ('report-first') hand the put's first record to the errant-record reporter and write the rest.
   */
  failures: Array<'retriable' | 'fatal' | 'report-first'>;
  /** Values written (successful puts only). */
  values(): unknown[];
}

export function recordingPlugin(): { plugin: ConnectorPlugin; recorder: Recorder } {
  const recorder: Recorder = {
    puts: [],
    failures: [],
    values: () => recorder.puts.flat().map((r) => r.value.value),
  };
  const plugin: ConnectorPlugin = {
    className: 'test.kafka.sync.RecordingSinkConnector',
    type: 'sink',
    version: '1.0.0',
    taskClassName: 'test.kafka.sync.RecordingSinkTask',
    configKeys: () => [
      {
        name: 'must.be.set',
        type: 'STRING',
        required: false,
        defaultValue: null,
        importance: 'HIGH',
        documentation: 'A plugin key for validation tests.',
        group: 'Recording',
        width: 'SHORT',
        displayName: 'Must be set',
        dependents: [],
        order: 1,
      },
    ],
    validate: (config): Record<string, string[]> =>
      config['must.be.set'] === 'no' ? { 'must.be.set': ['Invalid value no for configuration must.be.set: must not be no'] } : {},
    taskConfigs: (config, maxTasks) => Array.from({ length: maxTasks }, () => ({ ...config })),
    createSinkTask: () => {
      let context: SinkTaskContext;
      return {
        start: async (_config, ctx) => void (context = ctx),
        put: async (records) => {
          const failure = records.length > 0 ? recorder.failures.shift() : undefined;
          if (failure === 'retriable') {
            context.setRetryBackoffMs(200);
            throw new RetriableConnectError('database is busy');
          }
          if (failure === 'fatal') throw new ConnectError('the table is gone');
          if (failure === 'report-first') {
            await context.errantRecordReporter!(records[0], new ConnectError('this row is refused'));
            records = records.slice(1);
          }
          if (records.length > 0) recorder.puts.push(records);
        },
        stop: async () => undefined,
      };
    },
  };
  return { plugin, recorder };
}
