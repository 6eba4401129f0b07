/**
 * Kafka Connect's ConnectException: a configuration or data problem, with Connect's own message
 * text (the reference spells them out; tests compare them verbatim).
 */
export class ConnectError extends Error {
  override readonly name: string = 'ConnectException';
}

/** A failure worth retrying (Connect's RetriableException), e.g. a database error with retries left. */
export class RetriableConnectError extends ConnectError {
  override readonly name = 'RetriableException';
}
