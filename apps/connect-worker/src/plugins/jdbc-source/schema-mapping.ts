// GenericDatabaseDialect.addFieldToSchema / columnConverterFor as the MySQL dialect sees MariaDB's
// columns (through Connector/J's type codes): each column → a Connect field (optional from its
// NULLability) and a converter from what mysql2 returns (dateStrings, bigNumberStrings) to Connect data.
// numeric.mapping changes nothing here, as in Confluent's: it applies to JDBC's NUMERIC type, and
// Connector/J reports MariaDB's DECIMAL (and NUMERIC, its synonym) as DECIMAL.

import {
  DATE_LOGICAL_NAME,
  DECIMAL_LOGICAL_NAME,
  DECIMAL_SCALE_PARAMETER,
  LOGICAL_TYPE_VERSION,
  TIME_LOGICAL_NAME,
  TIMESTAMP_LOGICAL_NAME,
  type ConnectField,
  type ConnectValue,
  type StructSchema,
} from '@kafka-sync/contracts';
import { ConnectError } from '../../connect-api/connect-error';
import type { Zone } from '../jdbc-sink/time-zone';
import { parseSqlTimestamp } from './sql-timestamp';

/** One row of information_schema.COLUMNS, as the task reads it. */
export interface ColumnInfo {
  readonly name: string;
  /** DATA_TYPE, e.g. "int", "varchar", "decimal". */
  readonly dataType: string;
  /** COLUMN_TYPE, e.g. "int(11) unsigned", "tinyint(1)". */
  readonly columnType: string;
  readonly nullable: boolean;
  readonly numericScale: number | null;
  readonly numericPrecision: number | null;
  readonly autoIncrement: boolean;
}

export interface ColumnMapping {
  readonly column: ColumnInfo;
  readonly field: ConnectField;
  readonly convert: (value: unknown) => ConnectValue;
}

export interface SchemaMapping {
  readonly schema: StructSchema;
  readonly columns: readonly ColumnMapping[];
  /** The row → the struct value, keyed by field name in column order. */
  toStruct(row: Record<string, unknown>): Record<string, ConnectValue>;
}

const TIMESTAMP = { name: TIMESTAMP_LOGICAL_NAME, version: LOGICAL_TYPE_VERSION };
const DATE = { name: DATE_LOGICAL_NAME, version: LOGICAL_TYPE_VERSION };
const TIME = { name: TIME_LOGICAL_NAME, version: LOGICAL_TYPE_VERSION };
/** GenericDatabaseDialect.PRECISION_FIELD: the Decimal schema parameter holding the column's precision. */
const DECIMAL_PRECISION_PARAMETER = 'connect.decimal.precision';
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_TEXT = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;

const millisOf = (fraction: string | undefined) => Number((fraction ?? '').padEnd(3, '0').slice(0, 3));

function badValue(column: ColumnInfo, value: unknown): never {
  throw new ConnectError(`Cannot read the value ${String(value)} of column ${column.name} (${column.columnType}) as Connect data`);
}

/** An integral value exactly: a number within ±(2^53−1), a bigint beyond (int64 only). */
export function toInt64(value: unknown, column: ColumnInfo): number | bigint {
  const big =
    typeof value === 'bigint' ? value : typeof value === 'number' || typeof value === 'string' ? BigInt(value) : badValue(column, value);
  if (big < INT64_MIN || big > INT64_MAX) badValue(column, value);
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

/** DATETIME / TIMESTAMP text read in db.timezone, to millisecond precision as Timestamp holds. */
function toTimestamp(value: unknown, column: ColumnInfo, zone: Zone): Date {
  const ts = typeof value === 'string' ? parseSqlTimestamp(value, zone) : null;
  return ts === null ? badValue(column, value) : new Date(ts.millis);
}

function toDate(value: unknown, column: ColumnInfo): Date {
  if (column.dataType === 'year') return new Date(Date.UTC(Number(value), 0, 1));
  const m = typeof value === 'string' ? DATE_TEXT.exec(value) : null;
  if (!m) return badValue(column, value);
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
}

function toTime(value: unknown, column: ColumnInfo): Date {
  const m = typeof value === 'string' ? TIME_TEXT.exec(value) : null;
  if (!m || +m[1] > 23) return badValue(column, value);
  return new Date(((+m[1] * 60 + +m[2]) * 60 + +m[3]) * 1000 + millisOf(m[4]));
}

type Mapped = Omit<ColumnMapping, 'column' | 'field'> & { schema: Omit<ConnectField, 'field' | 'optional'> };

function mapColumn(column: ColumnInfo, zone: Zone): Mapped | null {
  const unsigned = /\bunsigned\b/i.test(column.columnType);
  const number = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : badValue(column, v));
  switch (column.dataType) {
    case 'tinyint':
      // Connector/J's tinyInt1isBit (MariaDB's too): TINYINT(1), and so BOOLEAN, is BIT → boolean.
      if (/^tinyint\(1\)/i.test(column.columnType)) return { schema: { type: 'boolean' }, convert: (v) => number(v) !== 0 };
      return { schema: { type: unsigned ? 'int16' : 'int8' }, convert: number };
    case 'smallint':
      return { schema: { type: unsigned ? 'int32' : 'int16' }, convert: number };
    case 'mediumint':
    case 'int':
      return unsigned ? { schema: { type: 'int64' }, convert: (v) => toInt64(v, column) } : { schema: { type: 'int32' }, convert: number };
    case 'bigint':
      return { schema: { type: 'int64' }, convert: (v) => toInt64(v, column) };
    case 'float':
      return { schema: { type: 'float' }, convert: number };
    case 'double':
      return { schema: { type: 'double' }, convert: number };
    case 'decimal':
    case 'numeric':
      // numeric.mapping=none: Decimal with the column's scale; mysql2 gives the exact text ("12.50").
      return {
        schema: {
          type: 'bytes',
          name: DECIMAL_LOGICAL_NAME,
          version: LOGICAL_TYPE_VERSION,
          parameters: {
            [DECIMAL_SCALE_PARAMETER]: String(column.numericScale ?? 0),
            ...(column.numericPrecision !== null && { [DECIMAL_PRECISION_PARAMETER]: String(column.numericPrecision) }),
          },
        },
        convert: (v) => (typeof v === 'string' ? v : typeof v === 'number' ? v.toFixed(column.numericScale ?? 0) : badValue(column, v)),
      };
    case 'bit':
      if (/^bit\(1\)$/i.test(column.columnType))
        return { schema: { type: 'boolean' }, convert: (v) => (Buffer.isBuffer(v) ? v[0] !== 0 : number(v) !== 0) };
      return { schema: { type: 'bytes' }, convert: (v) => (Buffer.isBuffer(v) ? v : badValue(column, v)) };
    case 'char':
    case 'varchar':
    case 'tinytext':
    case 'text':
    case 'mediumtext':
    case 'longtext':
    case 'enum':
    case 'set':
    case 'json':
      return {
        schema: { type: 'string' },
        convert: (v) => (typeof v === 'string' ? v : Buffer.isBuffer(v) ? v.toString('utf8') : String(v)),
      };
    case 'binary':
    case 'varbinary':
    case 'tinyblob':
    case 'blob':
    case 'mediumblob':
    case 'longblob':
      return {
        schema: { type: 'bytes' },
        convert: (v) => (Buffer.isBuffer(v) ? v : typeof v === 'string' ? Buffer.from(v) : badValue(column, v)),
      };
    case 'date':
    case 'year':
      return { schema: { type: 'int32', ...DATE }, convert: (v) => toDate(v, column) };
    case 'time':
      return { schema: { type: 'int32', ...TIME }, convert: (v) => toTime(v, column) };
    case 'datetime':
    case 'timestamp':
      return { schema: { type: 'int64', ...TIMESTAMP }, convert: (v) => toTimestamp(v, column, zone) };
    default:
      return null;
  }
}

/**
 * SchemaMapping.create for a result set's columns: a struct named after the table (no name for a
 * `query`), fields in column order. A column of a type Connect has no mapping for is left out with
 * a warning, as Confluent does.
 */
export function createSchemaMapping(
  tableName: string | null,
  columns: readonly ColumnInfo[],
  zone: Zone,
  warn: (message: string) => void,
): SchemaMapping {
  const mappings: ColumnMapping[] = [];
  for (const column of columns) {
    const mapped = mapColumn(column, zone);
    if (mapped === null) {
      warn(`JDBC type ${column.columnType} (${column.name}) not currently supported`);
      continue;
    }
    const field = { ...mapped.schema, optional: column.nullable, field: column.name } as ConnectField;
    mappings.push({ column, field, convert: mapped.convert });
  }
  return {
    schema: { type: 'struct', fields: mappings.map((m) => m.field), optional: false, ...(tableName !== null && { name: tableName }) },
    columns: mappings,
    toStruct(row) {
      const struct: Record<string, ConnectValue> = {};
      for (const { column, convert } of mappings) {
        const value = row[column.name];
        struct[column.name] = value === null || value === undefined ? null : convert(value);
      }
      return struct;
    },
  };
}
