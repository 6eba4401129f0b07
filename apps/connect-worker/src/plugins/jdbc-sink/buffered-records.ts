// BufferedRecords: one destination table's records within a put(). A key or value schema change
// flushes what is buffered, re-derives the columns (creating or amending the table), and rebuilds
// the statements; every batch.size records are flushed. Deletes (tombstones with delete.enabled)
// run after that flush's upserts, and a value record after a delete forces a flush to keep order.

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
  readonly sql: string;
  readonly batch: SqlParam[][];
}

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

  async add(record: SinkRecord): Promise<void> {
    this.validate(record);
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
      this.update = { sql: this.insertSql(this.metadata), batch: [] };
      const deleteSql = this.deleteSql(this.metadata);
      this.delete = deleteSql === null ? null : { sql: deleteSql, batch: [] };
    }
    if (record.value.value === null && this.config.deleteEnabled) this.deletesInBatch = true;
    this.records.push(record);
    if (this.records.length >= this.config.batchSize) await this.flush();
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

  /** executeBatch: the statement once per bound record, in order (a 0-row update is no error). */
  private async executeBatch(statement: Statement): Promise<void> {
    const batch = statement.batch.splice(0);
    for (const params of batch) await this.connection.execute(statement.sql, params);
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

  private deleteSql(metadata: FieldsMetadata): string | null {
    if (!this.config.deleteEnabled) return null;
    if (this.config.pkMode !== 'record_key') throw new ConnectError('Deletes are only supported for pk.mode record_key');
    if (metadata.keyFieldNames.length === 0) throw new ConnectError('Require primary keys to support delete');
    return this.dialect.buildDeleteStatement(this.table, metadata.keyFieldNames);
  }
}
