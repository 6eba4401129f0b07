// DbStructure.createOrAmendIfNecessary: create a missing table (auto.create) or add missing columns
// (auto.evolve), with Connect's refusals word for word.

import type { Connection } from 'mysql2/promise';
import type { FieldsMetadata } from './fields-metadata';
import type { JdbcSinkConfig } from './jdbc-sink-config';
import type { MySqlDialect } from './mysql-dialect';
import { fieldDefault, fieldToString, isOptional, type SinkRecordField } from './sink-record-field';
import { asSqlError, SqlError, TableAlterOrCreateError } from './sql-errors';
import { tableIdString, type TableId } from './table-id';
import type { TableDefinitions } from './table-definitions';

type StructureConfig = Pick<JdbcSinkConfig, 'autoCreate' | 'autoEvolve' | 'maxRetries'>;

const TYPE_NAMES = {
  TABLE: { capitalized: 'Table', jdbc: 'TABLE' },
  VIEW: { capitalized: 'View', jdbc: 'VIEW' },
  'PARTITIONED TABLE': { capitalized: 'Partitioned Table', jdbc: 'PARTITIONED TABLE' },
} as const;

export class DbStructure {
  constructor(
    private readonly dialect: MySqlDialect,
    private readonly tables: TableDefinitions,
    private readonly log: { info(message: string): void; warn(message: string): void },
  ) {}

  async createOrAmendIfNecessary(
    config: StructureConfig,
    connection: Connection,
    table: TableId,
    metadata: FieldsMetadata,
  ): Promise<boolean> {
    if ((await this.tables.get(connection, table)) === null) {
      try {
        await this.create(config, connection, table, metadata);
      } catch (error) {
        const sqlError = asSqlError(error);
        if (!(sqlError instanceof SqlError)) throw sqlError;
        // Another task may have created it meanwhile; otherwise the CREATE's own error stands.
        this.log.warn(`Create failed, will attempt amend if table already exists: ${sqlError.message}`);
        let refreshed;
        try {
          refreshed = await this.tables.refresh(connection, table);
        } catch {
          throw sqlError;
        }
        if (refreshed === null) throw sqlError;
      }
    }
    return this.amendIfNecessary(config, connection, table, metadata, config.maxRetries);
  }

  private async create(config: StructureConfig, connection: Connection, table: TableId, metadata: FieldsMetadata): Promise<void> {
    if (!config.autoCreate) throw new TableAlterOrCreateError(`Table ${tableIdString(table)} is missing and auto-creation is disabled`);
    const sql = this.dialect.buildCreateTableStatement(table, [...metadata.allFields.values()]);
    this.log.info(`Creating table with sql: ${sql}`);
    await connection.query(sql);
    await this.tables.refresh(connection, table);
  }

  private async amendIfNecessary(
    config: StructureConfig,
    connection: Connection,
    table: TableId,
    metadata: FieldsMetadata,
    maxRetries: number,
  ): Promise<boolean> {
    const definition = await this.tables.get(connection, table);
    if (definition === null) throw new TableAlterOrCreateError(`Table ${tableIdString(table)} is missing and auto-creation is disabled`);
    const missing = missingFields([...metadata.allFields.values()], definition.columnNames);
    if (missing.length === 0) return false;
    const type = TYPE_NAMES[definition.type];
    const listed = `[${missing.map(fieldToString).join(', ')}]`;
    if (definition.type !== 'TABLE') {
      throw new TableAlterOrCreateError(
        `${type.capitalized} ${tableIdString(table)} is missing fields (${listed}) and ALTER ${type.jdbc} is unsupported`,
      );
    }
    for (const field of missing) {
      if (!isOptional(field) && fieldDefault(field) === null) {
        throw new TableAlterOrCreateError(
          `Cannot ALTER ${type.jdbc} ${tableIdString(table)} to add missing field ${fieldToString(field)}, as the field is not optional and does not have a default value`,
        );
      }
    }
    if (!config.autoEvolve)
      throw new TableAlterOrCreateError(
        `${type.capitalized} ${tableIdString(table)} is missing fields (${listed}) and auto-evolution is disabled`,
      );
    const statements = this.dialect.buildAlterTable(table, missing);
    this.log.info(
      `Amending ${definition.type} to add missing fields:${listed} maxRetries:${maxRetries} with SQL: [${statements.join(', ')}]`,
    );
    try {
      for (const sql of statements) await connection.query(sql);
    } catch (error) {
      const sqlError = asSqlError(error);
      if (!(sqlError instanceof SqlError)) throw sqlError;
      if (maxRetries <= 0) {
        throw new TableAlterOrCreateError(`Failed to amend ${definition.type} '${tableIdString(table)}' to add missing fields: ${listed}`);
      }
      this.log.warn(`Amend failed, re-attempting: ${sqlError.message}`);
      await this.tables.refresh(connection, table);
      return this.amendIfNecessary(config, connection, table, metadata, maxRetries - 1);
    }
    await this.tables.refresh(connection, table);
    return true;
  }
}

/** Fields without a column: matched exactly first, then ignoring case. */
export function missingFields(fields: readonly SinkRecordField[], columnNames: readonly string[]): SinkRecordField[] {
  const exact = new Set(columnNames);
  const lower = new Set(columnNames.map((name) => name.toLowerCase()));
  return fields.filter((field) => !exact.has(field.name) && !lower.has(field.name.toLowerCase()));
}
