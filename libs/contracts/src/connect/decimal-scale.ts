// A Decimal schema's scale, read from its "scale" parameter the way Connect's Decimal.scale() does
// (Integer.parseInt), with the same messages.

import type { ConnectSchema } from './connect-schema';
import { DECIMAL_SCALE_PARAMETER } from './logical-types';
import { INT32_MAX, INT32_MIN } from '../limits';

export function readDecimalScale(schema: ConnectSchema): { ok: true; scale: number } | { ok: false; error: string } {
  const text = schema.parameters?.[DECIMAL_SCALE_PARAMETER];
  if (text === undefined) return { ok: false, error: 'Invalid Decimal schema: scale parameter not found.' };
  const scale = /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(scale) || scale < INT32_MIN || scale > INT32_MAX) {
    return { ok: false, error: `Invalid scale parameter found in Decimal schema: For input string: "${text}"` };
  }
  return { ok: true, scale };
}

/** The scale of a Decimal schema that parseSchema already accepted. */
export function decimalScaleOf(schema: ConnectSchema): number {
  const read = readDecimalScale(schema);
  if (!read.ok) throw new Error(read.error);
  return read.scale;
}
