/** A request that cannot be decoded: the connection that sent it is closed, nobody else is affected. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}
