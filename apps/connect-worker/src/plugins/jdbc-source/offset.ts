// Confluent's TimestampIncrementingOffset: the last incrementing value and/or the last timestamp a
// querier delivered, as the source offset map {"timestamp_nanos":…,"incrementing":…,"timestamp":…}
// (java.util.HashMap's iteration order for these three keys, which is what Connect writes).

import type { OffsetMap } from '../../connect-api/source-record';
import { ConnectError } from '../../connect-api/connect-error';
import { timestampOf, type SqlTimestamp } from './sql-timestamp';

export const INCREMENTING_FIELD = 'incrementing';
export const TIMESTAMP_FIELD = 'timestamp';
export const TIMESTAMP_NANOS_FIELD = 'timestamp_nanos';

export interface TimestampIncrementingOffset {
  /** null: none delivered yet (the queries use -1). A bigint beyond ±(2^53−1). */
  readonly incrementing: number | bigint | null;
  /** null: none delivered yet (the queries use the epoch). */
  readonly timestamp: SqlTimestamp | null;
}

export const EMPTY_OFFSET: TimestampIncrementingOffset = { incrementing: null, timestamp: null };
export const EPOCH: SqlTimestamp = { millis: 0, nanos: 0 };

export function offsetToMap(offset: TimestampIncrementingOffset): OffsetMap {
  const map: OffsetMap = {};
  if (offset.timestamp !== null) map[TIMESTAMP_NANOS_FIELD] = offset.timestamp.nanos;
  if (offset.incrementing !== null) map[INCREMENTING_FIELD] = offset.incrementing;
  if (offset.timestamp !== null) map[TIMESTAMP_FIELD] = offset.timestamp.millis;
  return map;
}

const isLong = (value: unknown): value is number | bigint =>
  typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value));

/** TimestampIncrementingOffset.fromMap: a stored offset (or a timestamp.initial one); a value that is not a long is refused. */
export function offsetFromMap(map: OffsetMap | null): TimestampIncrementingOffset {
  if (map === null) return EMPTY_OFFSET;
  const field = (key: string): number | bigint | null => {
    const value = map[key];
    if (value === undefined || value === null) return null;
    if (!isLong(value)) throw new ConnectError(`The stored source offset ${key}=${JSON.stringify(value)} is not a long`);
    return value;
  };
  const millis = field(TIMESTAMP_FIELD);
  const nanos = field(TIMESTAMP_NANOS_FIELD);
  return {
    incrementing: field(INCREMENTING_FIELD),
    timestamp: millis === null ? null : timestampOf(Number(millis), nanos === null ? null : Number(nanos)),
  };
}
