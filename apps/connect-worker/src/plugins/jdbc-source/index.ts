// Confluent's JdbcSourceConnector (MySQL/MariaDB dialect) as a plugin of this worker.

import { withoutFrameworkKeys } from '../../connect-api/connector-config';
import type { ConnectorConfig, ConnectorContext, ConnectorInstance, ConnectorPlugin, SourceTask } from '../../connect-api/connector-plugin';
import { configKeys, parseJdbcSourceConfig, TABLES_CONFIG, TABLES_FETCHED, validateConfig } from './config-def';
import { JdbcSourceTask } from './jdbc-source-task';
import { quotedTableId } from './table-id';
import { TableMonitor } from './table-monitor';

/** ConnectorUtils.groupPartitions: `items` in `groups` contiguous runs, the first ones one longer. */
function groupPartitions<T>(items: readonly T[], groups: number): T[][] {
  const perGroup = Math.floor(items.length / groups);
  const leftover = items.length % groups;
  const result: T[][] = [];
  let start = 0;
  for (let i = 0; i < groups; i++) {
    const size = perGroup + (i < leftover ? 1 : 0);
    result.push(items.slice(start, start + size));
    start += size;
  }
  return result;
}

/** JdbcSourceConnector: one task for a query; otherwise the monitored tables over min(tables, tasks.max) tasks. */
class JdbcSourceConnector implements ConnectorInstance {
  private readonly monitor: TableMonitor | null;

  constructor(
    private readonly config: ConnectorConfig,
    context: ConnectorContext,
  ) {
    // The task configs carry the whole config (the worker reads its own keys from them); the plugin reads only its own.
    const parsed = parseJdbcSourceConfig(withoutFrameworkKeys(config));
    this.monitor = parsed.query === '' ? new TableMonitor(parsed, context) : null;
  }

  async start(): Promise<void> {
    await this.monitor?.start();
  }

  taskConfigs(maxTasks: number): ConnectorConfig[] {
    const tables = this.monitor?.currentTables();
    // No monitor: a query. null: the tables could not be listed yet (the task waits for the next list).
    if (tables === undefined || tables === null || tables.length === 0)
      return [{ ...this.config, [TABLES_CONFIG]: '', [TABLES_FETCHED]: String(tables !== null) }];
    return groupPartitions(tables, Math.min(tables.length, maxTasks)).map((group) => ({
      ...this.config,
      [TABLES_CONFIG]: group.map(quotedTableId).join(','),
      [TABLES_FETCHED]: 'true',
    }));
  }

  async stop(): Promise<void> {
    await this.monitor?.stop();
  }
}

export const jdbcSourcePlugin: ConnectorPlugin = {
  className: 'io.confluent.connect.jdbc.JdbcSourceConnector',
  type: 'source',
  version: '10.9.7-embedded',
  taskClassName: 'io.confluent.connect.jdbc.source.JdbcSourceTask',
  configKeys,
  validate: (config: ConnectorConfig) => validateConfig(config),
  createConnector: (config, context) => new JdbcSourceConnector(config, context),
  createSourceTask: (): SourceTask => new JdbcSourceTask(),
};
