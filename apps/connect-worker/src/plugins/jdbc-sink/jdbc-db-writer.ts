// JdbcDbWriter.write: one transaction per put(). Records are buffered per destination table (in
// the order tables first appear), each buffer is flushed, then ONE commit; any error rolls back.

import { ConnectError } from '../../connect-api/connect-error';
import type { SinkRecord } from '../../connect-api/sink-record';
import { BufferedRecords } from './buffered-records';
import { ConnectionProvider } from './connection-provider';
import { DbStructure } from './db-structure';
import type { JdbcSinkConfig } from './jdbc-sink-config';
import { MySqlDialect } from './mysql-dialect';
import { createRecordValidator } from './record-validator';
import { asSqlError } from './sql-errors';
import { parseTableIdentifier, qualify, tableKey, type TableId } from './table-id';
import { TableDefinitions } from './table-definitions';
import { ValueBinder } from './value-binder';

export interface WriterLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export class JdbcDbWriter {
  readonly dialect: MySqlDialect;
  private readonly provider: ConnectionProvider;
  private readonly structure: DbStructure;
  private readonly binder: ValueBinder;

  constructor(
    private readonly config: JdbcSinkConfig,
    private readonly log: WriterLog,
  ) {
    this.dialect = new MySqlDialect(config);
    this.provider = new ConnectionProvider(config, log);
    this.structure = new DbStructure(this.dialect, new TableDefinitions(config.tableTypes), log);
    this.binder = new ValueBinder(config);
  }

  /** Opens the connection now (connection.attempts × connection.backoff.ms) rather than at the first put. */
  async connect(): Promise<void> {
    await this.provider.getConnection();
  }

  /** Per topic, its table (table.name.format does not change while the task runs). */
  private readonly tables = new Map<string, { table: TableId; key: string }>();

  destinationTable(topic: string): TableId {
    const tableName = this.config.tableNameFormat.split('${topic}').join(topic);
    if (tableName === '') {
      throw new ConnectError(
        `Destination table name for topic '${topic}' is empty using the format string '${this.config.tableNameFormat}'`,
      );
    }
    let parsed: TableId;
    try {
      parsed = parseTableIdentifier(tableName);
    } catch (error) {
      throw new ConnectError((error as Error).message);
    }
    return qualify(parsed, this.provider.catalog);
  }

  private tableOf(topic: string): { table: TableId; key: string } {
    let known = this.tables.get(topic);
    if (known === undefined) {
      const table = this.destinationTable(topic);
      known = { table, key: tableKey(table) };
      this.tables.set(topic, known);
    }
    return known;
  }

  async write(records: readonly SinkRecord[]): Promise<void> {
    const connection = await this.provider.getConnection();
    const validate = createRecordValidator(this.config);
    try {
      const buffers = new Map<string, BufferedRecords>();
      for (const record of records) {
        const { table, key } = this.tableOf(record.topic);
        let buffer = buffers.get(key);
        if (!buffer) {
          buffer = new BufferedRecords(this.config, table, this.dialect, this.structure, this.binder, validate, connection);
          buffers.set(key, buffer);
        }
        const pending = buffer.add(record);
        if (pending !== undefined) await pending;
      }
      for (const buffer of buffers.values()) await buffer.flush();
      await connection.commit();
      this.provider.markUsed();
    } catch (error) {
      const cause = asSqlError(error);
      this.log.error(`Error during write operation. Attempting rollback. ${cause instanceof Error ? cause.message : String(cause)}`);
      try {
        await connection.rollback();
        this.log.info('Successfully rolled back transaction');
      } catch (rollbackError) {
        this.log.error(`Failed to rollback transaction: ${(rollbackError as Error).message}`);
      }
      throw cause;
    }
  }

  async close(): Promise<void> {
    await this.provider.close();
  }
}
