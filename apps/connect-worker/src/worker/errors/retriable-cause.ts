// Whether a task failed because something it needs was unreachable (the database, the broker),
// which a restart after a while can cure, rather than because of its config or its data, which a
// restart only repeats. Decided from the error and its causes: their error codes and class names.

/** Socket errors and the MySQL protocol's lost-connection codes (mysql2 sets them as `code`). */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
]);
/** kafkajs's errors for a broker it cannot reach, and Connect's RetriableException. */
const UNREACHABLE_NAMES = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSBrokerNotFound',
  'KafkaJSRequestTimeoutError',
  'RetriableException',
]);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  cause?: unknown;
}

/** Duck-typed, not instanceof Error: an error made by Node's own sockets may come from another realm (a test's VM context). */
export function isRetriableCause(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let current = error; typeof current === 'object' && current !== null && !seen.has(current); current = (current as ErrorLike).cause) {
    seen.add(current);
    const { code, name } = current as ErrorLike;
    if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return true;
    if (typeof name === 'string' && UNREACHABLE_NAMES.has(name)) return true;
  }
  return false;
}
