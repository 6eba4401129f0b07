// Thrown by stockEventValue when asked to send an event that consumers would have to dead-letter.

export class InvalidStockEventError extends Error {
  override readonly name = 'InvalidStockEventError';
}
