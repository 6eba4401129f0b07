// The integers each Connect integer type accepts. Java's converter does not range-check (it casts
// and wraps around); we refuse out-of-range values instead of storing a different number.
// An int64 is a number while it is a safe integer (±(2^53−1)) and a bigint beyond, up to Java's
// Long range: parseJson (json/exact-json.ts) reads such integers exactly, as bigints.

import { INT32_MAX, INT32_MIN } from '../limits';

export type IntegerType = 'int8' | 'int16' | 'int32' | 'int64';

/** Java's Long.MIN_VALUE and Long.MAX_VALUE. */
export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

export const INTEGER_RANGES: Readonly<Record<IntegerType, readonly [min: number | bigint, max: number | bigint]>> = {
  int8: [-128, 127],
  int16: [-32_768, 32_767],
  int32: [INT32_MIN, INT32_MAX],
  int64: [INT64_MIN, INT64_MAX],
};

export function isIntegerType(type: string): type is IntegerType {
  return Object.hasOwn(INTEGER_RANGES, type);
}

/** int8…int32 take numbers; int64 takes safe-integer numbers and bigints in Long's range. */
export function isIntegerIn<T extends IntegerType>(value: unknown, type: T): value is T extends 'int64' ? number | bigint : number {
  if (type === 'int64') return typeof value === 'number' ? Number.isSafeInteger(value) : isInt64BigInt(value);
  const [min, max] = INTEGER_RANGES[type];
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** A bigint within Java's Long range. */
export function isInt64BigInt(value: unknown): value is bigint {
  return typeof value === 'bigint' && value >= INT64_MIN && value <= INT64_MAX;
}

export function describeRange(type: IntegerType): string {
  const [min, max] = INTEGER_RANGES[type];
  return `an integer from ${min} to ${max}`;
}
