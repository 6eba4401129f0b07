import { appendFile } from 'node:fs/promises';
import type { ConfigKey } from '../../connect-api/config-key';
import type { ConnectorConfig, ConnectorPlugin, SinkTask } from '../../connect-api/connector-plugin';
import type { SinkRecord } from '../../connect-api/sink-record';
import { javaToString } from '../../worker/java-style';

/** The version Kafka's own FileStream connectors report (they carry the Kafka version). */
export const FILE_STREAM_VERSION = '3.9.0';

const FILE_KEY: ConfigKey = {
  name: 'file',
  type: 'STRING',
  required: false,
  defaultValue: null,
  importance: 'HIGH',
  documentation: 'Destination filename. If not specified, the standard output will be used',
  group: null,
  width: 'NONE',
  displayName: 'file',
  dependents: [],
  order: -1,
};

/**
 * Kafka's FileStreamSinkTask: each record value printed the way Java's String.valueOf prints it,
 * one line per record, appended to `file` (standard output when unset). put() resolves once the
 * lines were handed to the OS, so the worker commits offsets only for written lines.
 */
class FileStreamSinkTask implements SinkTask {
  private file: string | null = null;

  async start(taskConfig: ConnectorConfig): Promise<void> {
    this.file = taskConfig.file ? taskConfig.file : null;
  }

  async put(records: SinkRecord[]): Promise<void> {
    if (records.length === 0) return;
    const text = records.map((r) => `${javaToString(r.value.value, r.value.schema)}\n`).join('');
    if (this.file === null) process.stdout.write(text);
    else await appendFile(this.file, text, 'utf8');
  }

  async stop(): Promise<void> {
    this.file = null;
  }
}

export const fileStreamSinkPlugin: ConnectorPlugin = {
  className: 'org.apache.kafka.connect.file.FileStreamSinkConnector',
  type: 'sink',
  version: FILE_STREAM_VERSION,
  taskClassName: 'org.apache.kafka.connect.file.FileStreamSinkTask',
  configKeys: () => [FILE_KEY],
  validate: () => ({}),
  // Like FileStreamSinkConnector.taskConfigs: every task gets the connector's config.
  taskConfigs: (config, maxTasks) => Array.from({ length: maxTasks }, () => ({ ...config })),
  createSinkTask: () => new FileStreamSinkTask(),
};
