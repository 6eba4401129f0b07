// The SQL MySqlDatabaseDialect (with GenericDatabaseDialect's builders) writes: CREATE TABLE,
// ALTER TABLE … ADD, INSERT, the upsert, UPDATE and DELETE, with backticks unless
// quote.sql.identifiers=never.

import { EOL } from 'node:os';
import type { ConnectSchema, ConnectValue } from '@kafka-sync/contracts';
import { ConnectError } from '../../connect-api/connect-error';
import { javaType, logicalOf } from './connect-schema-util';
import { javaFloatingToString } from './java-number';
import { mysqlSqlType } from './mysql-types';
import { fieldDefault, isOptional, type SinkRecordField } from './sink-record-field';
import { quoteIdentifier, tableSql, type TableId } from './table-id';
import { formatDate, formatTime, formatTimestamp, type Zone } from './time-zone';

export interface DialectOptions {
  readonly quoteIdentifiers: boolean;
  readonly zone: Zone;
  readonly dateZone: Zone;
  readonly timestampFieldsList: ReadonlySet<string>;
}

export class MySqlDialect {
  /** System.lineSeparator() of the JVM; here the platform's. */
  static readonly lineSeparator = EOL;

  constructor(private readonly options: DialectOptions) {}

  private column(name: string): string {
    return quoteIdentifier(name, this.options.quoteIdentifiers);
  }

  private table(id: TableId): string {
    return tableSql(id, this.options.quoteIdentifiers);
  }

  sqlType(field: SinkRecordField): string {
    return mysqlSqlType(field, this.options.timestampFieldsList);
  }

  /** writeColumnSpec: DEFAULT <literal> (no NULL/NOT NULL), else NULL if optional and not a key, else NOT NULL. */
  columnSpec(field: SinkRecordField): string {
    const spec = `${this.column(field.name)} ${this.sqlType(field)}`;
    const defaultValue = fieldDefault(field);
    if (defaultValue !== null) return `${spec} DEFAULT ${this.formatColumnValue(field.schema, defaultValue)}`;
    return isOptional(field) ? `${spec} NULL` : `${spec} NOT NULL`;
  }

  /** formatColumnValue: a DEFAULT literal. Strings are quoted and, as in Connect, not escaped. */
  formatColumnValue(schema: ConnectSchema, value: ConnectValue): string {
    switch (logicalOf(schema)) {
      case 'decimal':
        return String(value);
      case 'date':
        return `'${formatDate(value as Date, this.options.dateZone)}'`;
      case 'time':
        return `'${formatTime(value as Date, this.options.zone)}'`;
      case 'timestamp':
        return `'${formatTimestamp(value as Date, this.options.zone)}'`;
      case null:
        break;
    }
    switch (schema.type) {
      case 'int8':
      case 'int16':
      case 'int32':
      case 'int64':
        return String(value);
      case 'float':
        return javaFloatingToString(value as number, true);
      case 'double':
        return javaFloatingToString(value as number);
      case 'boolean':
        return value ? '1' : '0';
      case 'string':
        return `'${String(value)}'`;
      case 'bytes':
        return `x'${(value as Buffer).toString('hex').toUpperCase()}'`;
      default:
        throw new ConnectError(`Unsupported type for column value: ${javaType(schema)}`);
    }
  }

  buildCreateTableStatement(table: TableId, fields: readonly SinkRecordField[]): string {
    const nl = MySqlDialect.lineSeparator;
    const columns = fields.map((field) => `${nl}${this.columnSpec(field)}`).join(',');
    const keys = fields.filter((field) => field.isPrimaryKey).map((field) => this.column(field.name));
    const primaryKey = keys.length > 0 ? `,${nl}PRIMARY KEY(${keys.join(',')})` : '';
    return `CREATE TABLE ${this.table(table)} (${columns}${primaryKey})`;
  }

  /** One statement; with several columns each ADD starts on a new line. */
  buildAlterTable(table: TableId, fields: readonly SinkRecordField[]): string[] {
    const newline = fields.length > 1 ? MySqlDialect.lineSeparator : '';
    return [`ALTER TABLE ${this.table(table)} ${fields.map((field) => `${newline}ADD ${this.columnSpec(field)}`).join(',')}`];
  }

  /** `rows` > 1: the multi-row form, the VALUES group repeated (`VALUES(?,?),(?,?)`), rows inserted in that order. */
  buildInsertStatement(table: TableId, keyColumns: readonly string[], nonKeyColumns: readonly string[], rows = 1): string {
    const columns = [...keyColumns, ...nonKeyColumns];
    return `INSERT INTO ${this.table(table)}(${columns.map((c) => this.column(c)).join(',')}) VALUES${valueGroups(columns.length, rows)}`;
  }

  /**
   * With only key columns, the key columns update themselves (a no-op that keeps the statement valid).
   * `rows` > 1: the multi-row form; MariaDB applies the rows in order, so of two rows with the same
   * key the later one wins, as with one statement per record.
   */
  buildUpsertQueryStatement(table: TableId, keyColumns: readonly string[], nonKeyColumns: readonly string[], rows = 1): string {
    const columns = [...keyColumns, ...nonKeyColumns];
    const updated = nonKeyColumns.length === 0 ? keyColumns : nonKeyColumns;
    return (
      `insert into ${this.table(table)}(${columns.map((c) => this.column(c)).join(',')}) values${valueGroups(columns.length, rows)}` +
      ` on duplicate key update ${updated.map((c) => `${this.column(c)}=values(${this.column(c)})`).join(',')}`
    );
  }

  /** Without key columns there is no WHERE clause: every row is updated. */
  buildUpdateStatement(table: TableId, keyColumns: readonly string[], nonKeyColumns: readonly string[]): string {
    const set = nonKeyColumns.map((c) => `${this.column(c)} = ?`).join(', ');
    const where = keyColumns.length > 0 ? ` WHERE ${keyColumns.map((c) => `${this.column(c)} = ?`).join(' AND ')}` : '';
    return `UPDATE ${this.table(table)} SET ${set}${where}`;
  }

  buildDeleteStatement(table: TableId, keyColumns: readonly string[]): string {
    const where = keyColumns.length > 0 ? ` WHERE ${keyColumns.map((c) => `${this.column(c)} = ?`).join(' AND ')}` : '';
    return `DELETE FROM ${this.table(table)}${where}`;
  }
}

/** `(?,?,…)` for `columns` placeholders, `rows` times, comma-separated. */
function valueGroups(columns: number, rows: number): string {
  const group = `(${new Array<string>(columns).fill('?').join(',')})`;
  return new Array<string>(Math.max(1, rows)).fill(group).join(',');
}
