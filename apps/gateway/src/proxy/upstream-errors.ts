/**
 * Errors that mean the request never reached the upstream (no connection was made), so sending
 * it to another instance cannot make it happen twice. Anything else after the connection was
 * made (reset, closed, timed out) may have been processed, and is not retried.
 */
const NOT_DELIVERED = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

interface CodedError extends Error {
  /** A string on Node's errors; a number on DOMExceptions (an aborted signal), which are told by name. */
  code?: string | number;
  /** An AggregateError from Node's happy-eyeballs connect (one error per address tried). */
  errors?: CodedError[];
}

/** The error's code (ECONNREFUSED, UND_ERR_SOCKET, …), or its name when it has none. */
export function errorCode(error: unknown): string {
  const coded = error as CodedError;
  const code = coded.code ?? coded.errors?.[0]?.code;
  return typeof code === 'string' ? code : (coded.name ?? 'Error');
}

export function wasNotDelivered(error: unknown): boolean {
  return NOT_DELIVERED.has(errorCode(error));
}

export function isUpstreamTimeout(error: unknown): boolean {
  return TIMEOUTS.has(errorCode(error));
}
