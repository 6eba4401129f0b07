// Confluent's JdbcSourceTask for MySQL/MariaDB: one querier per assigned table (or one for the
// `query`), polled in turn over one connection, each resuming from its stored source offset.

import type { Connection } from 'mysql2/promise';
import { stringifyJson } from '@kafka-sync/contracts';
import type { ConnectorConfig, SourceTask, SourceTaskContext } from '../../connect-api/connector-plugin';
import { ConnectError } from '../../connect-api/connect-error';
import type { OffsetMap, SourceRecord } from '../../connect-api/source-record';
import { StopSignal } from '../../connect-api/stop-signal';
import { ConnectionProvider } from '../jdbc-sink/connection-provider';
import {
  MODE_BULK,
  MODE_INCREMENTING,
  MODE_TIMESTAMP,
  MODE_TIMESTAMP_INCREMENTING,
  parseJdbcSourceConfig,
  TABLES_CONFIG,
  TABLES_FETCHED,
  type JdbcSourceConfig,
} from './config-def';
import { EMPTY_OFFSET, offsetFromMap, TIMESTAMP_FIELD, type TimestampIncrementingOffset } from './offset';
import { parseSqlTimestamp, timestampOfMillis, type SqlTimestamp } from './sql-timestamp';
import { parseTableId, unquotedTableId, type SourceTableId } from './table-id';
import { TableQuerier } from './table-querier';
import type { ColumnInfo } from './schema-mapping';

/** JdbcSourceConnectorConstants: the partition keys and the offset protocol version. */
export const TABLE_NAME_KEY = 'table';
export const QUERY_NAME_KEY = 'query';
export const QUERY_NAME_VALUE = 'query';
export const OFFSET_PROTOCOL_VERSION_KEY = 'protocol';
export const PROTOCOL_VERSION_ONE = '1';
/** JdbcSourceConnectorConfig.TIMESTAMP_INITIAL_CURRENT: timestamp.initial=-1 starts at the database's current time. */
const TIMESTAMP_INITIAL_CURRENT = -1;

const INTEGER_TYPES = ['tinyint', 'smallint', 'mediumint', 'int', 'bigint'];

/** A column as information_schema describes it, for the checks Confluent makes before the first query. */
type ColumnDefinition = Omit<ColumnInfo, 'numericPrecision'>;

/** Table names in a task config: `db`.`t`,`db`.`u` (commas inside backquotes belong to a name). */
const splitTables = (text: string) => text.split(/,(?=(?:[^`]*`[^`]*`)*[^`]*$)/).filter((t) => t.trim() !== '');

export class JdbcSourceTask implements SourceTask {
  private config!: JdbcSourceConfig;
  private context!: SourceTaskContext;
  private provider: ConnectionProvider | null = null;
  /** Confluent's priority queue: the head is the querier with an open query, else the one polled longest ago. */
  private queue: TableQuerier[] = [];
  /** The connection of the query being read, if one is open. */
  private queryConnection: Connection | null = null;
  private readonly stopSignal = new StopSignal();

  async start(taskConfig: ConnectorConfig, context: SourceTaskContext): Promise<void> {
    const { [TABLES_CONFIG]: tables = '', [TABLES_FETCHED]: fetched = 'true', ...connectorConfig } = taskConfig;
    this.config = parseJdbcSourceConfig(connectorConfig);
    this.context = context;
    const tableIds = splitTables(tables).map((t) => parseTableId(t, this.config.url.database));
    if (tableIds.length === 0 && this.config.query === '') {
      if (fetched === 'false') {
        context.log.info('Started JDBC source task. Waiting for DB tables to be fetched.');
        return;
      }
      throw new ConnectError(
        'Task is being killed because it was not assigned a table nor a query to execute. If run in table mode please make sure that the tables exist on the database. If the table does exist on the database, we recommend using the fully qualified table name.',
      );
    }
    this.provider = new ConnectionProvider(this.config, context.log);
    const connection = await this.provider.getConnection();
    for (const tableId of this.config.query === '' ? tableIds : [null]) this.queue.push(await this.querier(connection, tableId));
    await connection.commit();
    this.provider.markUsed();
  }

  private async querier(connection: Connection, tableId: SourceTableId | null): Promise<TableQuerier> {
    const { mode } = this.config;
    const usesIncrementing = mode === MODE_INCREMENTING || mode === MODE_TIMESTAMP_INCREMENTING;
    const usesTimestamp = mode === MODE_TIMESTAMP || mode === MODE_TIMESTAMP_INCREMENTING;
    let incrementingColumn = usesIncrementing ? this.config.incrementingColumnName : null;
    const timestampColumns = usesTimestamp ? this.config.timestampColumnNames : [];
    if (tableId !== null) {
      const columns = await this.describe(connection, tableId);
      if (incrementingColumn !== null) incrementingColumn = this.checkIncrementing(tableId, columns, incrementingColumn);
      this.checkTimestamps(tableId, columns, timestampColumns);
    }
    // OffsetProtocols: protocol 1's partition first, then protocol 0's ({"table":"<table>"}).
    const partitions: OffsetMap[] =
      tableId === null
        ? [{ [QUERY_NAME_KEY]: QUERY_NAME_VALUE }]
        : [
            { [OFFSET_PROTOCOL_VERSION_KEY]: PROTOCOL_VERSION_ONE, [TABLE_NAME_KEY]: unquotedTableId(tableId) },
            { [TABLE_NAME_KEY]: tableId.table },
          ];
    return new TableQuerier({
      mode,
      tableId,
      query: this.config.query,
      querySuffix: this.config.querySuffix,
      topic: tableId === null ? this.config.topicPrefix : this.config.topicPrefix + tableId.table,
      partition: partitions[0],
      incrementingColumn,
      timestampColumns,
      zone: this.config.zone,
      offset: mode === MODE_BULK ? EMPTY_OFFSET : await this.initialOffset(connection, partitions, tableId),
    });
  }

  /** The stored offset of the first partition that has one, else timestamp.initial's (computeInitialOffset). */
  private async initialOffset(
    connection: Connection,
    partitions: OffsetMap[],
    tableId: SourceTableId | null,
  ): Promise<TimestampIncrementingOffset> {
    const name = tableId === null ? 'the query' : unquotedTableId(tableId);
    for (const partition of partitions) {
      const stored = await this.context.offsetStorageReader.offset(partition);
      if (stored === null) continue;
      this.context.log.info(`Found offset ${stringifyJson(stored)} for partition ${stringifyJson(partition)}`);
      return offsetFromMap(stored);
    }
    let initial = this.config.timestampInitial;
    if (initial === null) return EMPTY_OFFSET;
    if (initial === TIMESTAMP_INITIAL_CURRENT) initial = (await this.currentTimeOnDb(connection)).millis;
    this.context.log.info(`No offsets found for '${name}', so using configured timestamp ${initial}`);
    return offsetFromMap({ [TIMESTAMP_FIELD]: initial });
  }

  /** DatabaseDialect.currentTimeOnDB: SELECT CURRENT_TIMESTAMP, read in db.timezone. */
  private async currentTimeOnDb(connection: Connection): Promise<SqlTimestamp> {
    const [rows] = await connection.query({ sql: 'SELECT CURRENT_TIMESTAMP AS now', dateStrings: true });
    const text = String((rows as { now: unknown }[])[0].now);
    const now = parseSqlTimestamp(text, this.config.zone);
    if (now === null) throw new ConnectError(`Unable to get current time from DB: ${text}`);
    return now;
  }

  private async describe(connection: Connection, tableId: SourceTableId): Promise<ColumnDefinition[]> {
    const [rows] = await connection.query(
      `SELECT COLUMN_NAME AS name, DATA_TYPE AS dataType, COLUMN_TYPE AS columnType, IS_NULLABLE AS nullable,
              NUMERIC_SCALE AS numericScale, EXTRA AS extra
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
      [tableId.catalog, tableId.table],
    );
    const columns = (rows as Record<string, unknown>[]).map((c) => ({
      name: String(c.name),
      dataType: String(c.dataType).toLowerCase(),
      columnType: String(c.columnType).toLowerCase(),
      nullable: c.nullable === 'YES',
      numericScale: c.numericScale === null ? null : Number(c.numericScale),
      autoIncrement: /auto_increment/i.test(String(c.extra)),
    }));
    if (columns.length === 0) throw new ConnectError(`Table ${unquotedTableId(tableId)} does not exist`);
    return columns;
  }

  /** incrementing.column.name, or the AUTO_INCREMENT column when empty; checked as validateColumnsExist / validateNonNullable do. */
  private checkIncrementing(tableId: SourceTableId, columns: ColumnDefinition[], wanted: string): string {
    const table = unquotedTableId(tableId);
    const column =
      wanted === '' ? columns.find((c) => c.autoIncrement) : columns.find((c) => c.name.toLowerCase() === wanted.toLowerCase());
    if (column === undefined)
      throw new ConnectError(
        wanted === ''
          ? `No auto-incrementing column found in ${table}: set incrementing.column.name`
          : `Incrementing column: ${wanted} does not exist in table '${table}'`,
      );
    const integral =
      (INTEGER_TYPES.includes(column.dataType) && !/^tinyint\(1\)/.test(column.columnType)) ||
      (column.dataType === 'decimal' && column.numericScale === 0);
    if (!integral) throw new ConnectError(`Invalid type for incrementing column: ${column.name} on ${table} is ${column.columnType}`);
    if (this.config.validateNonNull && column.nullable)
      throw new ConnectError(
        `Cannot make incremental queries using incrementing column ${column.name} on ${table} because this column is nullable.`,
      );
    return column.name;
  }

  private checkTimestamps(tableId: SourceTableId, columns: ColumnDefinition[], wanted: readonly string[]): void {
    if (wanted.length === 0) return;
    const table = unquotedTableId(tableId);
    const found = wanted.map((name) => columns.find((c) => c.name.toLowerCase() === name.toLowerCase()));
    const missing = wanted.filter((_, i) => found[i] === undefined);
    if (missing.length > 0) throw new ConnectError(`Timestamp columns: ${missing.join(', ')} do not exist in table '${table}'`);
    if (this.config.validateNonNull && found.every((c) => c!.nullable))
      throw new ConnectError(
        `Cannot make incremental queries using timestamp columns ${wanted.join(',')} on ${table} because all of these columns are nullable.`,
      );
  }

  async poll(): Promise<SourceRecord[] | null> {
    const { pollIntervalMs, batchMaxRows } = this.config;
    while (!this.stopSignal.stopped) {
      const querier = this.queue[0];
      if (querier === undefined) {
        // Waiting for the connector to list the tables: it reconfigures this task when it has.
        await this.stopSignal.sleep(pollIntervalMs);
        return null;
      }
      if (!querier.querying()) {
        const wait = querier.lastUpdate + pollIntervalMs - Date.now();
        if (wait > 0) {
          // Back to the worker at least once a second, so it commits offsets on time.
          await this.stopSignal.sleep(Math.min(wait, 1000));
          return null;
        }
      }
      try {
        // The connection is validated only between queries: mysql2 would queue a ping behind the
        // open result set, which waits for this very task to read it.
        if (!querier.querying()) {
          const connection = await this.provider!.getConnection();
          await querier.maybeStartQuery(connection, () => this.endTimestamp(connection), batchMaxRows);
          this.queryConnection = connection;
        }
        const records = await querier.nextRecords(batchMaxRows, (m) => this.context.log.warn(m));
        if (!querier.querying()) {
          // The result set is read: end the read transaction, so the next query sees newer rows, and requeue.
          await this.queryConnection!.commit();
          this.queryConnection = null;
          this.provider!.markUsed();
          this.queue.push(this.queue.shift()!);
        }
        if (records.length > 0) return records;
      } catch (error) {
        this.queryConnection = null;
        querier.reset();
        if (this.stopSignal.stopped) return null; // stop() closed the connection under a running query
        throw error;
      }
    }
    return null;
  }

  /** TimestampIncrementingTableQuerier.endTimestampValue: the database's time − timestamp.delay.interval.ms. */
  private async endTimestamp(connection: Connection): Promise<SqlTimestamp> {
    const now = await this.currentTimeOnDb(connection);
    return timestampOfMillis(now.millis - this.config.timestampDelayIntervalMs);
  }

  async stop(): Promise<void> {
    this.stopSignal.stop();
    // Dropped, not ended: an open result set would hold a graceful end (its read transaction is only rolled back).
    await this.provider?.close(true);
  }
}
