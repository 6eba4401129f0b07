// Confluent's JdbcSourceTask with its BulkTableQuerier and TimestampIncrementingTableQuerier
// (incrementing mode only) for MySQL/MariaDB tables, over one connection from the sink's provider.

import type { Connection } from 'mysql2/promise';
import type { ConnectorConfig, SourceTask, SourceTaskContext } from '../../connect-api/connector-plugin';
import { ConnectError } from '../../connect-api/connect-error';
import type { OffsetMap, SourceRecord } from '../../connect-api/source-record';
import { ConnectionProvider } from '../jdbc-sink/connection-provider';
import { MODE_INCREMENTING, parseJdbcSourceConfig, TABLES_CONFIG, type JdbcSourceConfig } from './config-def';
import { createSchemaMapping, toInt64, type ColumnInfo, type SchemaMapping } from './schema-mapping';
import { StopSignal } from '../../connect-api/stop-signal';

/** JdbcSourceConnectorConstants: the partition keys and the offset protocol version. */
export const TABLE_NAME_KEY = 'table';
export const OFFSET_PROTOCOL_VERSION_KEY = 'protocol';
export const PROTOCOL_VERSION_ONE = '1';
/** TimestampIncrementingOffset's key for the incrementing column's last value. */
export const INCREMENTING_FIELD = 'incrementing';

const quote = (identifier: string) => `\`${identifier.replaceAll('`', '``')}\``;

/** One table this task reads, and how far it got (TableQuerier). */
interface TableQuerier {
  readonly catalog: string;
  readonly table: string;
  readonly topic: string;
  /** OffsetProtocols.sourcePartitionForProtocolV1: {"protocol":"1","table":"<db>.<table>"}, Java's HashMap order. */
  readonly partition: OffsetMap;
  /** Protocol 0's partition ({"table":"<table>"}), read at start when no protocol-1 offset exists. */
  readonly legacyPartition: OffsetMap;
  incrementingColumn: string | null;
  /** The last incrementing value delivered (the stored offset at start); -1 before any, as Confluent starts. */
  offset: number | bigint;
  /** Bulk mode: the rows of the current snapshot not handed out yet. */
  pending: Record<string, unknown>[];
  mapping: SchemaMapping | null;
  nextQueryAt: number;
}

export class JdbcSourceTask implements SourceTask {
  private config!: JdbcSourceConfig;
  private context!: SourceTaskContext;
  private provider!: ConnectionProvider;
  private queriers: TableQuerier[] = [];
  private readonly stopSignal = new StopSignal();

  async start(taskConfig: ConnectorConfig, context: SourceTaskContext): Promise<void> {
    const { [TABLES_CONFIG]: tables, ...connectorConfig } = taskConfig;
    this.config = parseJdbcSourceConfig(connectorConfig);
    this.context = context;
    this.provider = new ConnectionProvider(this.config, context.log);
    const names = tables !== undefined ? tables.split(',').filter((t) => t !== '') : this.config.tableWhitelist;
    const defaultCatalog = this.config.url.database;
    for (const name of names) {
      const dot = name.indexOf('.');
      const catalog = dot >= 0 ? name.slice(0, dot) : defaultCatalog;
      const table = dot >= 0 ? name.slice(dot + 1) : name;
      if (catalog === null) throw new ConnectError(`Table ${name} names no database, and connection.url names none either`);
      this.queriers.push({
        catalog,
        table,
        topic: this.config.topicPrefix + table,
        partition: { [OFFSET_PROTOCOL_VERSION_KEY]: PROTOCOL_VERSION_ONE, [TABLE_NAME_KEY]: `${catalog}.${table}` },
        legacyPartition: { [TABLE_NAME_KEY]: table },
        incrementingColumn: null,
        offset: -1,
        pending: [],
        mapping: null,
        nextQueryAt: 0,
      });
    }
    if (this.config.mode === MODE_INCREMENTING) {
      const reader = context.offsetStorageReader;
      for (const querier of this.queriers) {
        const stored = (await reader.offset(querier.partition)) ?? (await reader.offset(querier.legacyPartition));
        const last = stored?.[INCREMENTING_FIELD];
        if (last === undefined || last === null) continue;
        if (typeof last !== 'number' && typeof last !== 'bigint')
          throw new ConnectError(`Offset ${INCREMENTING_FIELD} is the incorrect type`);
        querier.offset = last;
        context.log.info(
          `Found offset ${JSON.stringify(stored, (_, v) => (typeof v === 'bigint' ? String(v) : v))} for table ${querier.catalog}.${querier.table}`,
        );
      }
    }
  }

  async poll(): Promise<SourceRecord[] | null> {
    try {
      while (!this.stopSignal.stopped) {
        if (this.queriers.length === 0) {
          await this.stopSignal.sleep(this.config.pollIntervalMs);
          continue;
        }
        // Confluent's priority queue: the table whose next poll is soonest.
        const querier = this.queriers.reduce((a, b) => (b.nextQueryAt < a.nextQueryAt ? b : a));
        const wait = querier.nextQueryAt - Date.now();
        if (wait > 0) {
          await this.stopSignal.sleep(wait);
          continue;
        }
        const records = await this.pollTable(querier);
        if (records.length > 0) return records;
      }
      return null;
    } catch (error) {
      if (this.stopSignal.stopped) return null; // stop() closed the connection under a running query
      throw error;
    }
  }

  /** One query (or the next slice of the bulk snapshot) of one table. */
  private async pollTable(querier: TableQuerier): Promise<SourceRecord[]> {
    const { batchMaxRows, pollIntervalMs } = this.config;
    if (this.config.mode === MODE_INCREMENTING) {
      const connection = await this.provider.getConnection();
      const mapping = await this.describe(connection, querier);
      if (mapping === null) return [];
      const column = querier.incrementingColumn!;
      const table = `${quote(querier.catalog)}.${quote(querier.table)}`;
      const qualified = `${table}.${quote(column)}`;
      // TimestampIncrementingCriteria: WHERE <col> > ? ORDER BY <col> ASC; the LIMIT stands for the
      // open ResultSet Confluent reads batch.max.rows at a time (the next query resumes from the offset).
      const rows = await this.select(
        connection,
        `SELECT * FROM ${table} WHERE ${qualified} > ? ORDER BY ${qualified} ASC LIMIT ${batchMaxRows}`,
        [querier.offset],
      );
      querier.nextQueryAt = rows.length < batchMaxRows ? Date.now() + pollIntervalMs : 0;
      const field = mapping.columns.find((c) => c.column.name === column)!;
      return rows.map((row) => {
        const id = toInt64(row[column], field.column);
        if (typeof id === 'bigint')
          throw new ConnectError(
            `The incrementing value ${id} of ${column} is beyond ±(2^53−1): this worker cannot store it exactly as a source offset yet`,
          );
        querier.offset = id;
        return this.record(querier, mapping, row, { [INCREMENTING_FIELD]: id });
      });
    }
    // BulkTableQuerier: the whole table each poll.interval.ms, handed out batch.max.rows at a time; no offset.
    if (querier.pending.length === 0 || querier.mapping === null) {
      const connection = await this.provider.getConnection();
      const mapping = await this.describe(connection, querier);
      if (mapping === null) return [];
      querier.pending = await this.select(connection, `SELECT * FROM ${quote(querier.catalog)}.${quote(querier.table)}`, []);
    }
    const mapping = querier.mapping!;
    const rows = querier.pending.splice(0, batchMaxRows);
    if (querier.pending.length === 0) querier.nextQueryAt = Date.now() + pollIntervalMs;
    return rows.map((row) => this.record(querier, mapping, row, null));
  }

  private record(querier: TableQuerier, mapping: SchemaMapping, row: Record<string, unknown>, offset: OffsetMap | null): SourceRecord {
    return {
      sourcePartition: querier.partition,
      sourceOffset: offset,
      topic: querier.topic,
      kafkaPartition: null,
      key: { schema: null, value: null },
      value: { schema: mapping.schema, value: mapping.toStruct(row) },
      timestamp: null,
    };
  }

  /** Runs a query and commits, so the next one sees rows committed since (REPEATABLE READ, autocommit off). */
  private async select(connection: Connection, sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
    const [rows] = await connection.query({ sql, dateStrings: true }, params);
    await connection.commit();
    this.provider.markUsed();
    return rows as Record<string, unknown>[];
  }

  /** The table's columns → its schema (again each query, as Confluent maps each ResultSet); null: the table does not exist (yet). */
  private async describe(connection: Connection, querier: TableQuerier): Promise<SchemaMapping | null> {
    const columns = (
      await this.select(
        connection,
        `SELECT COLUMN_NAME AS name, DATA_TYPE AS dataType, COLUMN_TYPE AS columnType, IS_NULLABLE AS nullable,
                NUMERIC_SCALE AS numericScale, EXTRA AS extra
           FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
        [querier.catalog, querier.table],
      )
    ).map((c): ColumnInfo => ({
      name: String(c.name),
      dataType: String(c.dataType).toLowerCase(),
      columnType: String(c.columnType).toLowerCase(),
      nullable: c.nullable === 'YES',
      numericScale: c.numericScale === null ? null : Number(c.numericScale),
      autoIncrement: /auto_increment/i.test(String(c.extra)),
    }));
    if (columns.length === 0) {
      // Confluent runs no task for a whitelisted table that is not there; this one looks again later.
      this.context.log.warn(`Table ${querier.catalog}.${querier.table} not found; looking again in ${this.config.pollIntervalMs} ms`);
      querier.nextQueryAt = Date.now() + this.config.pollIntervalMs;
      return null;
    }
    if (this.config.mode === MODE_INCREMENTING) querier.incrementingColumn = this.incrementingColumn(querier, columns);
    querier.mapping = createSchemaMapping(querier.table, columns, (m) => this.context.log.warn(m));
    return querier.mapping;
  }

  /** incrementing.column.name, or the auto-increment column when empty; checked as JdbcSourceTask.validateNonNullable does. */
  private incrementingColumn(querier: TableQuerier, columns: readonly ColumnInfo[]): string {
    const table = `${querier.catalog}.${querier.table}`;
    const wanted = this.config.incrementingColumnName;
    const column =
      wanted === '' ? columns.find((c) => c.autoIncrement) : columns.find((c) => c.name.toLowerCase() === wanted.toLowerCase());
    if (column === undefined)
      throw new ConnectError(
        wanted === ''
          ? `No auto-incrementing column found in ${table}: set incrementing.column.name`
          : `Incrementing column: ${wanted} does not exist in ${table}.`,
      );
    if (!['tinyint', 'smallint', 'mediumint', 'int', 'bigint'].includes(column.dataType) || /^tinyint\(1\)/.test(column.columnType))
      throw new ConnectError(`Incrementing column ${column.name} on ${table} is ${column.columnType}, not an integer type`);
    if (this.config.validateNonNull && column.nullable)
      throw new ConnectError(
        `Cannot make incremental queries using incrementing column ${column.name} on ${table} because this column is nullable.`,
      );
    return column.name;
  }

  async stop(): Promise<void> {
    this.stopSignal.stop();
    await this.provider?.close();
  }
}
