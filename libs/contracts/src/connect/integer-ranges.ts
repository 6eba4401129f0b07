// The integers each Connect integer type accepts. Java's converter does not range-check (it casts
// and wraps around); we refuse out-of-range values instead of storing a different number.
// int64 stops at ±(2^53−1) because a JavaScript number cannot hold larger integers exactly.

import { INT32_MAX, INT32_MIN } from '../limits';

export type IntegerType = 'int8' | 'int16' | 'int32' | 'int64';

export const INTEGER_RANGES: Readonly<Record<IntegerType, readonly [min: number, max: number]>> = {
  int8: [-128, 127],
  int16: [-32_768, 32_767],
  int32: [INT32_MIN, INT32_MAX],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

export function isIntegerType(type: string): type is IntegerType {
  return Object.hasOwn(INTEGER_RANGES, type);
}

export function isIntegerIn(value: unknown, type: IntegerType): value is number {
  const [min, max] = INTEGER_RANGES[type];
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

export function describeRange(type: IntegerType): string {
  const [min, max] = INTEGER_RANGES[type];
  return `an integer from ${min} to ${max}`;
}
