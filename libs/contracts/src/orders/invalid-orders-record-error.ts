// A record that is a valid Connect envelope but not a usable order (a field missing or of the
// wrong type). Separate from ConnectDataError so a consumer can tell "not an envelope" from "not an order".

export class InvalidOrdersRecordError extends Error {
  override readonly name = 'InvalidOrdersRecordError';
}
