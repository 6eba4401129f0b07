// BufferedRecords: one destination table's records within a put(). A key or value schema change
// flushes what is buffered, re-derives the columns (creating or amending the table), and rebuilds
// the statements; every batch.size records are flushed. Deletes (tombstones with delete.enabled)
// run after that flush's upserts, and a value record after a delete forces a flush to keep order.
// Inserts and upserts go out as multi-row statements (the VALUES group repeated, rows in record
// order) of up to batch.size rows, fewer when the 65,535 placeholders of one statement or
// MAX_STATEMENT_BYTES of parameters would be exceeded; updates and deletes run once per record.

import type { ConnectSchema } from '@kafka-sync/contracts';
import type { Connection } from 'mysql2/promise';
import { ConnectError } from '../../connect-api/connect-error';
import type { SinkRecord } from '../../connect-api/sink-record';
import { sameSchema } from './connect-schema-util';
import type { DbStructure } from './db-structure';
import { extractFieldsMetadata, type FieldsMetadata } from './fields-metadata';
import type { JdbcSinkConfig } from './jdbc-sink-config';
import type { MySqlDialect } from './mysql-dialect';
import type { RecordValidator } from './record-validator';
import { tableIdString, type TableId } from './table-id';
import type { SqlParam, ValueBinder } from './value-binder';

interface Statement {
  /** The single-row statement. */
  readonly sql: string;
  /** The same statement for `rows` rows; null: executed once per record. */
  readonly multiRow: ((rows: number) => string) | null;
  readonly batch: SqlParam[][];
}

/** The protocol's limit on the placeholders of one prepared statement. */
export const MAX_PLACEHOLDERS = 65_535;
/** Rough cap on the parameter bytes of one statement, far below MariaDB's max_allowed_packet (16 MiB). */
export const MAX_STATEMENT_BYTES = 4 * 1024 * 1024;

function paramBytes(param: SqlParam): number {
  if (param === null) return 1;
  if (typeof param === 'number' || typeof param === 'bigint') return 8;
  if (typeof param === 'string') return 4 + param.length * 3;
  return 4 + param.length;
}

/** Per connection, the one prepared multi-row statement shorter than batch.size (see keepOnlyThisShortStatement). */
const shortStatements = new WeakMap<Connection, string>();

export class BufferedRecords {
  private records: SinkRecord[] = [];
  private keySchema: ConnectSchema | null = null;
  private valueSchema: ConnectSchema | null = null;
  private metadata: FieldsMetadata | null = null;
  private update: Statement | null = null;
  private delete: Statement | null = null;
  private deletesInBatch = false;

  constructor(
    private readonly config: JdbcSinkConfig,
    private readonly table: TableId,
    private readonly dialect: MySqlDialect,
    private readonly structure: DbStructure,
    private readonly binder: ValueBinder,
    private readonly validate: RecordValidator,
    private readonly connection: Connection,
  ) {}

  /**
   * Buffers a record. Most records change nothing but the buffer and are taken synchronously
   * (undefined); a promise comes back when the record first needs a flush, a table check or the
   * statements rebuilt, or fills the batch.
   */
  add(record: SinkRecord): Promise<void> | undefined {
    this.validate(record);
    const valueSchema = record.value.schema;
    if (
      this.update === null ||
      !sameSchema(this.keySchema, record.key.schema) ||
      (valueSchema !== null && (!sameSchema(this.valueSchema, valueSchema) || (this.config.deleteEnabled && this.deletesInBatch)))
    ) {
      return this.addAfterFlushes(record);
    }
    if (valueSchema === null && this.config.deleteEnabled) this.deletesInBatch = true;
    return this.buffer(record);
  }

  private async addAfterFlushes(record: SinkRecord): Promise<void> {
    let schemaChanged = false;
    if (!sameSchema(this.keySchema, record.key.schema)) {
      this.keySchema = record.key.schema;
      schemaChanged = true;
    }
    if (record.value.schema === null) {
      if (this.config.deleteEnabled) this.deletesInBatch = true;
    } else if (sameSchema(this.valueSchema, record.value.schema)) {
      if (this.config.deleteEnabled && this.deletesInBatch) await this.flush();
    } else {
      this.valueSchema = record.value.schema;
      schemaChanged = true;
    }
    if (schemaChanged || this.update === null) {
      await this.flush();
      this.metadata = extractFieldsMetadata(
        this.table.table,
        this.config.pkMode,
        this.config.pkFields,
        this.config.fieldsWhitelist,
        record.key.schema,
        record.value.schema,
      );
      await this.structure.createOrAmendIfNecessary(this.config, this.connection, this.table, this.metadata);
      this.update = { sql: this.insertSql(this.metadata), multiRow: this.multiRowInsertSql(this.metadata), batch: [] };
      const deleteSql = this.deleteSql(this.metadata);
      this.delete = deleteSql === null ? null : { sql: deleteSql, multiRow: null, batch: [] };
    }
    await this.buffer(record);
  }

  private buffer(record: SinkRecord): Promise<void> | undefined {
    if (record.value.value === null && this.config.deleteEnabled) this.deletesInBatch = true;
    this.records.push(record);
    return this.records.length >= this.config.batchSize ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    if (this.records.length === 0) return;
    const metadata = this.metadata as FieldsMetadata;
    const update = this.update as Statement;
    for (const record of this.records) {
      const params = this.binder.recordParams(record, metadata, this.config.insertMode);
      if (record.value.value === null && this.delete !== null) this.delete.batch.push(params);
      else update.batch.push(params);
    }
    await this.executeBatch(update);
    if (this.delete !== null) await this.executeBatch(this.delete);
    this.records = [];
    this.deletesInBatch = false;
  }

  /**
   * Puts usually repeat one size below batch.size (max.poll.records, 500 by default), so the
   * statement for a shorter chunk stays prepared until a chunk of another short size comes; odd
   * sizes thus never pile up as prepared statements on the server.
   */
  private keepOnlyThisShortStatement(sql: string): void {
    if (shortStatements.get(this.connection) === sql) return;
    const previous = shortStatements.get(this.connection);
    if (previous !== undefined) this.connection.unprepare(previous);
    shortStatements.set(this.connection, sql);
  }

  /**
   * executeBatch: the bound records in order (a 0-row update is no error). Multi-row statements take
   * consecutive chunks of up to batch.size rows, each a prepared statement of its row count.
   */
  private async executeBatch(statement: Statement): Promise<void> {
    const batch = statement.batch.splice(0);
    if (statement.multiRow === null) {
      for (const params of batch) await this.connection.execute(statement.sql, params);
      return;
    }
    const columns = Math.max(1, batch[0]?.length ?? 1);
    const fullRows = Math.max(
      1,
      Math.min(this.config.batchSize > 0 ? this.config.batchSize : Infinity, Math.floor(MAX_PLACEHOLDERS / columns)),
    );
    for (let start = 0; start < batch.length;) {
      const params: SqlParam[] = [];
      let bytes = 0;
      let end = start;
      while (end < batch.length && end - start < fullRows) {
        const row = batch[end];
        let rowBytes = 0;
        for (const param of row) rowBytes += paramBytes(param);
        if (end > start && bytes + rowBytes > MAX_STATEMENT_BYTES) break;
        bytes += rowBytes;
        for (const param of row) params.push(param);
        end++;
      }
      const rows = end - start;
      if (rows === 1) {
        await this.connection.execute(statement.sql, params);
      } else {
        const sql = statement.multiRow(rows);
        if (rows !== fullRows) this.keepOnlyThisShortStatement(sql);
        await this.connection.execute(sql, params);
      }
      start = end;
    }
  }

  private insertSql(metadata: FieldsMetadata): string {
    const { keyFieldNames: keys, nonKeyFieldNames: nonKeys } = metadata;
    switch (this.config.insertMode) {
      case 'insert':
        return this.dialect.buildInsertStatement(this.table, keys, nonKeys);
      case 'upsert':
        if (keys.length === 0) {
          throw new ConnectError(
            `Write to table '${tableIdString(this.table)}' in UPSERT mode requires key field names to be known, check the primary key configuration`,
          );
        }
        return this.dialect.buildUpsertQueryStatement(this.table, keys, nonKeys);
      case 'update':
        return this.dialect.buildUpdateStatement(this.table, keys, nonKeys);
    }
  }

  /** insert and upsert: the same statement with the VALUES group repeated; update: none (one per record). */
  private multiRowInsertSql(metadata: FieldsMetadata): ((rows: number) => string) | null {
    const { keyFieldNames: keys, nonKeyFieldNames: nonKeys } = metadata;
    switch (this.config.insertMode) {
      case 'insert':
        return (rows) => this.dialect.buildInsertStatement(this.table, keys, nonKeys, rows);
      case 'upsert':
        return (rows) => this.dialect.buildUpsertQueryStatement(this.table, keys, nonKeys, rows);
      case 'update':
        return null;
    }
  }

  private deleteSql(metadata: FieldsMetadata): string | null {
    if (!this.config.deleteEnabled) return null;
    if (this.config.pkMode !== 'record_key') throw new ConnectError('Deletes are only supported for pk.mode record_key');
    if (metadata.keyFieldNames.length === 0) throw new ConnectError('Require primary keys to support delete');
    return this.dialect.buildDeleteStatement(this.table, metadata.keyFieldNames);
  }
}
