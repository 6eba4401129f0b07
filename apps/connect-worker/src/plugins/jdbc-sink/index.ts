// Confluent's JdbcSinkConnector (MySQL/MariaDB dialect) as a plugin of this worker.

import type { ConnectorConfig, ConnectorPlugin, SinkTask } from '../../connect-api/connector-plugin';
import { configKeys } from './config-def';
import { JdbcSinkTask } from './jdbc-sink-task';
import { validateConfig } from './jdbc-sink-config';

export const jdbcSinkPlugin: ConnectorPlugin = {
  className: 'io.confluent.connect.jdbc.JdbcSinkConnector',
  type: 'sink',
  version: '10.9.7-embedded',
  taskClassName: 'io.confluent.connect.jdbc.sink.JdbcSinkTask',
  configKeys,
  validate: (config: ConnectorConfig) => validateConfig(config),
  /** JdbcSinkConnector.taskConfigs: maxTasks copies of the connector config. */
  taskConfigs: (config: ConnectorConfig, maxTasks: number) => Array.from({ length: maxTasks }, () => ({ ...config })),
  createSinkTask: (): SinkTask => new JdbcSinkTask(),
};
