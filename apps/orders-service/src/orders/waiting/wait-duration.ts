/**
 * The longest a GET /orders/{id} waits for a decision, whatever is asked: a decision normally takes
 * well under a second, and the proxies in front of the service give up on a silent upstream, our
 * gateway after 30 s (its UPSTREAM_TIMEOUT_MS default), so the longest wait plus its last read must
 * be answered before that.
 */
export const MAX_WAIT_MS = 25_000;

/** `?wait=`: seconds, with or without the unit (`5`, `5s`, `0.5s`), or milliseconds (`500ms`). */
const WAIT_QUERY = /^(\d{1,6}(?:\.\d{1,3})?)(s|ms)?$/;

/** `?wait=` as milliseconds, or NaN when it is not a duration (the query DTO then answers 400). */
export function parseWaitQuery(value: unknown): number {
  const match = typeof value === 'string' ? WAIT_QUERY.exec(value) : null;
  if (!match) return NaN;
  return Math.round(Number(match[1]) * (match[2] === 'ms' ? 1 : 1000));
}
