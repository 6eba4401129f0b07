// java.sql.Timestamp as the JDBC source keeps a DATETIME/TIMESTAMP: epoch milliseconds (getTime)
// and the nanoseconds of its second (getNanos), so an offset keeps MariaDB's microseconds, which a
// Connect Timestamp (milliseconds) drops. The column's wall clock is read in db.timezone, as
// Connector/J's getTimestamp(column, calendar) does, and bound back the same way.

import { formatTimestampFraction, wallClock, type Zone } from '../jdbc-sink/time-zone';

export interface SqlTimestamp {
  /** Milliseconds since the epoch, the fraction's milliseconds included (Timestamp.getTime()). */
  readonly millis: number;
  /** The fraction of the second in nanoseconds, 0…999,999,999 (Timestamp.getNanos()). */
  readonly nanos: number;
}

const DATETIME_TEXT = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?)?$/;

const epochSecondOf = (ts: SqlTimestamp) => Math.floor(ts.millis / 1000);

/** new Timestamp(millis): the nanos are the millisecond part's. */
export function timestampOfMillis(millis: number): SqlTimestamp {
  return { millis, nanos: (((millis % 1000) + 1000) % 1000) * 1_000_000 };
}

/** Timestamp.setNanos on new Timestamp(millis): the fraction replaced, as TimestampIncrementingOffset.fromMap does. */
export function timestampOf(millis: number, nanos: number | null): SqlTimestamp {
  if (nanos === null) return timestampOfMillis(millis);
  return { millis: Math.floor(millis / 1000) * 1000 + Math.floor(nanos / 1_000_000), nanos };
}

export function compareTimestamps(a: SqlTimestamp, b: SqlTimestamp): number {
  return epochSecondOf(a) - epochSecondOf(b) || a.nanos - b.nanos;
}

/** The instant whose wall clock in `zone` shows these fields (the earlier one in a DST overlap, as java.util.Calendar). */
function epochOfWallClock(year: number, month: number, day: number, hour: number, minute: number, second: number, zone: Zone): number {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  if (zone.kind === 'offset') return asUtc - zone.offsetMs;
  const offsetAt = (instant: number) => {
    const c = wallClock(new Date(instant), zone);
    return Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second) - Math.floor(instant / 1000) * 1000;
  };
  const first = asUtc - offsetAt(asUtc);
  const refined = asUtc - offsetAt(first);
  return Math.min(first, refined);
}

/** A DATETIME / TIMESTAMP / DATE as mysql2 gives it with dateStrings, read in `zone`; null when it is not one. */
export function parseSqlTimestamp(text: string, zone: Zone): SqlTimestamp | null {
  const m = DATETIME_TEXT.exec(text);
  if (!m) return null;
  const fraction = (m[7] ?? '').padEnd(9, '0');
  const nanos = Number(fraction);
  const seconds = epochOfWallClock(+m[1], +m[2], +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), zone);
  return { millis: seconds + Math.floor(nanos / 1_000_000), nanos };
}

/** The text bound for a timestamp parameter (PreparedStatement.setTimestamp with a calendar in `zone`), to MariaDB's microseconds. */
export function formatSqlTimestamp(ts: SqlTimestamp, zone: Zone): string {
  return formatTimestampFraction(BigInt(epochSecondOf(ts)), ts.nanos, zone, 6);
}
