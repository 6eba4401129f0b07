// Confluent's TableMonitorThread: lists the tables the connector copies (every table.poll.interval.ms)
// and asks the worker for new task configs when the list changed, so a table created later is copied
// without a restart. MySQL's catalogs are its databases.

import type { ConnectorContext } from '../../connect-api/connector-plugin';
import { ConnectError } from '../../connect-api/connect-error';
import { StopSignal } from '../../connect-api/stop-signal';
import { ConnectionProvider } from '../jdbc-sink/connection-provider';
import type { JdbcSourceConfig } from './config-def';
import { quotedTableId, unquotedTableId, type SourceTableId } from './table-id';

/** table.monitoring.startup.polling.limit.ms's default: how long the connector's start waits for the first list. */
const STARTUP_LIMIT_MS = 10_000;
const SYSTEM_DATABASES = ['information_schema', 'mysql', 'performance_schema', 'sys'];
const TABLE_TYPES: Readonly<Record<string, string>> = { TABLE: 'BASE TABLE', VIEW: 'VIEW' };

export class TableMonitor {
  private tables: SourceTableId[] | null = null;
  private readonly provider: ConnectionProvider;
  private readonly stopSignal = new StopSignal();
  private loop: Promise<void> | null = null;

  constructor(
    private readonly config: JdbcSourceConfig,
    private readonly context: ConnectorContext,
  ) {
    this.provider = new ConnectionProvider(config, context.log);
  }

  /**
   * Reads the tables, waiting at most STARTUP_LIMIT_MS for them (the worker's herder waits on this;
   * a database that cannot be reached leaves the list unknown, and its tasks wait), then keeps watching.
   */
  async start(): Promise<void> {
    const first = this.update();
    const settled = await Promise.race([
      first.then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), STARTUP_LIMIT_MS).unref()),
    ]);
    this.loop = this.watch(settled ? null : first);
  }

  private async watch(late: Promise<boolean> | null): Promise<void> {
    if (late !== null && (await late)) this.context.requestTaskReconfiguration();
    for (;;) {
      await this.stopSignal.sleep(this.config.tablePollIntervalMs);
      if (this.stopSignal.stopped) return;
      if (await this.update()) this.context.requestTaskReconfiguration();
    }
  }

  /** TableMonitorThread.updateTables: true when the filtered list changed. */
  private async update(): Promise<boolean> {
    let all: SourceTableId[];
    try {
      all = await this.listTables();
    } catch (error) {
      if (this.stopSignal.stopped) return false;
      this.context.log.error(
        `Error while trying to get updated table list, ignoring and waiting for next table poll interval: ${(error as Error).message}`,
      );
      await this.provider.close();
      return false;
    }
    const filtered = this.filter(all);
    const changed = this.tables === null || filtered.map(quotedTableId).join(',') !== this.tables.map(quotedTableId).join(',');
    this.tables = filtered;
    return changed;
  }

  private async listTables(): Promise<SourceTableId[]> {
    const connection = await this.provider.getConnection();
    const types = this.config.tableTypes.map((t) => TABLE_TYPES[t]);
    const pattern = this.config.catalogPattern ?? this.config.url.database;
    const [rows] = await connection.query(
      `SELECT TABLE_SCHEMA AS catalog, TABLE_NAME AS tableName FROM information_schema.TABLES
        WHERE TABLE_TYPE IN (?) AND ${pattern === null ? 'TABLE_SCHEMA NOT IN (?)' : 'TABLE_SCHEMA LIKE ?'}
        ORDER BY TABLE_SCHEMA, TABLE_NAME`,
      [types, pattern ?? SYSTEM_DATABASES],
    );
    await connection.commit();
    this.provider.markUsed();
    return (rows as { catalog: string; tableName: string }[]).map((r) => ({ catalog: String(r.catalog), table: String(r.tableName) }));
  }

  /** Regular expressions over db.table (TableCollectionUtils.filterTables), or the legacy lists by name or qualified name. */
  private filter(all: SourceTableId[]): SourceTableId[] {
    const { whitelist, blacklist, include, exclude } = this.config.tables;
    const named = (list: readonly string[], id: SourceTableId) =>
      list.includes(unquotedTableId(id)) || list.includes(quotedTableId(id)) || list.includes(id.table);
    if (include.length > 0)
      return all.filter((id) => include.some((r) => r.test(unquotedTableId(id))) && !exclude.some((r) => r.test(unquotedTableId(id))));
    if (whitelist.length > 0) return all.filter((id) => named(whitelist, id));
    if (blacklist.length > 0) return all.filter((id) => !named(blacklist, id));
    return all;
  }

  /**
   * TableMonitorThread.tables: null while the list is unknown. Two tables of one name in different
   * databases would share a topic, so that fails the connector, with Confluent's text.
   */
  currentTables(): SourceTableId[] | null {
    if (this.tables === null) return null;
    const byName = new Map<string, SourceTableId[]>();
    for (const id of this.tables) byName.set(id.table, [...(byName.get(id.table) ?? []), id]);
    const duplicates = [...byName.values()].filter((ids) => ids.length > 1);
    if (duplicates.length > 0)
      throw new ConnectError(
        `The connector uses the unqualified table name as the topic name and has detected duplicate unqualified table names. This could lead to mixed data types in the topic and downstream processing errors. To prevent such processing errors, the JDBC Source connector fails to start when it detects duplicate table name configurations. Update the connector's config to include exactly one table in each of the tables listed below.\n\t[${duplicates.map((ids) => `[${ids.map(quotedTableId).join(', ')}]`).join(', ')}]`,
      );
    return this.tables;
  }

  async stop(): Promise<void> {
    this.stopSignal.stop();
    await this.loop;
    await this.provider.close();
  }
}
