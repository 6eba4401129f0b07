// The one error type the envelope parser and builder throw, named after Kafka Connect's
// DataException: the messages are the converter's own wherever it has one, so a log line from our
// services reads like one from a Connect worker.

export class ConnectDataError extends Error {
  override readonly name = 'ConnectDataError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
