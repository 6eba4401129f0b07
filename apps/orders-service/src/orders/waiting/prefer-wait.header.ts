import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { MAX_WAIT_MS } from './wait-duration';

/** The wait preference of a Prefer header (RFC 7240 §4.3), and what the server makes of it. */
export interface PreferWait {
  /** How long to wait: the preference, capped at MAX_WAIT_MS. */
  ms: number;
  /** The Preference-Applied value to answer with: the wait actually applied, e.g. `wait=5`. */
  applied: string;
}

/**
 * Splits on commas and semicolons without a quoted-string parser: enough for the wait preference,
 * whose value is a bare number; other preferences are ignored, as RFC 7240 asks.
 */
function waitValue(header: string): string | undefined {
  for (const preference of header.split(',')) {
    const [nameAndValue] = preference.split(';');
    const [name, ...rest] = nameAndValue.split('=');
    // "If any preference is specified more than once, only the first instance is to be considered."
    if (name.trim().toLowerCase() === 'wait')
      return rest
        .join('=')
        .trim()
        .replace(/^"(.*)"$/, '$1');
  }
  return undefined;
}

/**
 * `Prefer: wait=N` (N whole seconds, delta-seconds): undefined without one. A wait over the cap is
 * applied in part (a preference, not a demand: Preference-Applied says how much); a malformed one is
 * a 400, like a malformed ?wait=.
 */
export const PreferWaitHeader = createParamDecorator((_data: unknown, ctx: ExecutionContext): PreferWait | undefined => {
  const header = ctx.switchToHttp().getRequest<Request>().headers.prefer;
  if (header === undefined) return undefined;
  const value = waitValue(Array.isArray(header) ? header.join(',') : header);
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value)) {
    throw new BadRequestException(`Prefer: wait must be a whole number of seconds (RFC 7240), like wait=5; got "wait=${value}"`);
  }
  const seconds = Math.min(Number(value), MAX_WAIT_MS / 1000);
  return { ms: seconds * 1000, applied: `wait=${seconds}` };
});
