// Confluent's TimestampIncrementingCriteria: the WHERE … ORDER BY a querier appends to its SELECT,
// its parameters, and the offset read back from each row.

import { ConnectError } from '../../connect-api/connect-error';
import type { TimestampIncrementingOffset } from './offset';
import { EPOCH } from './offset';
import { parseSqlTimestamp, formatSqlTimestamp, type SqlTimestamp } from './sql-timestamp';
import type { Zone } from '../jdbc-sink/time-zone';
import { toInt64 } from './schema-mapping';
import type { ColumnInfo } from './schema-mapping';

export interface Criteria {
  /** The quoted incrementing column (qualified by the table in table mode), or null. */
  readonly incrementing: string | null;
  /** The quoted timestamp columns, in the configured order (COALESCE'd when several). */
  readonly timestamps: readonly string[];
}

const coalesced = (c: Criteria) => (c.timestamps.length === 1 ? c.timestamps[0] : `COALESCE(${c.timestamps.join(',')})`);

/** TimestampIncrementingCriteria.whereClause, word for word. */
export function whereClause(c: Criteria): string {
  if (c.timestamps.length > 0 && c.incrementing !== null) {
    const ts = coalesced(c);
    return ` WHERE ${ts} < ? AND ((${ts} = ? AND ${c.incrementing} > ?) OR ${ts} > ?) ORDER BY ${ts},${c.incrementing} ASC`;
  }
  if (c.timestamps.length > 0) {
    const ts = coalesced(c);
    return ` WHERE ${ts} > ? AND ${ts} < ? ORDER BY ${ts} ASC`;
  }
  if (c.incrementing !== null) return ` WHERE ${c.incrementing} > ? ORDER BY ${c.incrementing} ASC`;
  return '';
}

/** setQueryParameters: begin = the offset's timestamp (the epoch before any), end = the database's time − timestamp.delay.interval.ms. */
export function queryParameters(c: Criteria, offset: TimestampIncrementingOffset, end: SqlTimestamp | null, zone: Zone): unknown[] {
  const begin = formatSqlTimestamp(offset.timestamp ?? EPOCH, zone);
  const lastIncremented = offset.incrementing ?? -1;
  if (c.timestamps.length > 0 && c.incrementing !== null) return [formatSqlTimestamp(end!, zone), begin, lastIncremented, begin];
  if (c.timestamps.length > 0) return [begin, formatSqlTimestamp(end!, zone)];
  if (c.incrementing !== null) return [lastIncremented];
  return [];
}

/** extractOffsetIncrementedId: an integer column, or a DECIMAL of scale 0 within a long. */
export function incrementingValue(value: unknown, column: ColumnInfo): number | bigint {
  if (value === null || value === undefined) throw new ConnectError(`Null value for incrementing column of type: ${column.columnType}`);
  if (column.dataType === 'decimal' || column.dataType === 'numeric') {
    if ((column.numericScale ?? 0) !== 0) throw new ConnectError('Scale of Decimal value for incrementing column must be 0');
    if (BigInt(String(value)) > 2n ** 63n - 1n) throw new ConnectError('Decimal value for incrementing column exceeded Long.MAX_VALUE');
  }
  return toInt64(value, column);
}

/** extractOffsetTimestamp: the first non-null of the timestamp columns, read in db.timezone. */
export function timestampValue(row: Record<string, unknown>, columns: readonly ColumnInfo[], zone: Zone): SqlTimestamp | null {
  for (const column of columns) {
    const value = row[column.name];
    if (value === null || value === undefined) continue;
    const ts = typeof value === 'string' ? parseSqlTimestamp(value, zone) : null;
    if (ts === null)
      throw new ConnectError(`Timestamp column ${column.name} (${column.columnType}) holds ${String(value)}, not a timestamp`);
    return ts;
  }
  return null;
}
