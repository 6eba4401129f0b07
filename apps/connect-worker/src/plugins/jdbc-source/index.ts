// Confluent's JdbcSourceConnector (MySQL/MariaDB dialect; bulk and incrementing modes) as a plugin of this worker.

import type { ConnectorConfig, ConnectorPlugin, SourceTask } from '../../connect-api/connector-plugin';
import { configKeys, TABLES_CONFIG, validateConfig } from './config-def';
import { JdbcSourceTask } from './jdbc-source-task';

/**
 * JdbcSourceConnector.taskConfigs: the whitelisted tables split into min(tables, maxTasks)
 * contiguous groups (ConnectorUtils.groupPartitions), each task's in its "tables" key.
 */
function taskConfigs(config: ConnectorConfig, maxTasks: number): ConnectorConfig[] {
  const tables = (config['table.whitelist'] ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  const groups = Math.max(1, Math.min(tables.length, maxTasks));
  const perGroup = Math.floor(tables.length / groups);
  const leftover = tables.length % groups;
  const configs: ConnectorConfig[] = [];
  let start = 0;
  for (let i = 0; i < groups; i++) {
    const size = perGroup + (i < leftover ? 1 : 0);
    configs.push({ ...config, [TABLES_CONFIG]: tables.slice(start, start + size).join(',') });
    start += size;
  }
  return configs;
}

export const jdbcSourcePlugin: ConnectorPlugin = {
  className: 'io.confluent.connect.jdbc.JdbcSourceConnector',
  type: 'source',
  version: '10.9.7-embedded',
  taskClassName: 'io.confluent.connect.jdbc.source.JdbcSourceTask',
  configKeys,
  validate: (config: ConnectorConfig) => validateConfig(config),
  taskConfigs,
  createSourceTask: (): SourceTask => new JdbcSourceTask(),
};
