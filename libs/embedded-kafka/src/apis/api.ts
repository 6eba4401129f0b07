import type { BrokerContext } from '../server/broker-context';

export interface RequestContext {
  broker: BrokerContext;
  apiVersion: number;
  clientId: string;
  /** Peer address as Kafka shows it in group descriptions, e.g. "/127.0.0.1". */
  clientHost: string;
}

/**
 * One Kafka API: its key, the version range advertised in ApiVersions (and enforced on requests),
 * and a handler from the decoded request to the response. The connection decodes and encodes
 * both with the codec of Kafka's own message definitions (`${name}Request` / `${name}Response`
 * in protocol/messages), so a handler sees every field of every version, absent ones at their
 * defaults, and returns only the fields it means (the rest are written as their defaults).
 * Returning null sends no response (Produce with acks=0).
 */
export interface ApiHandler<Request = unknown, Response = unknown> {
  key: number;
  name: string;
  minVersion: number;
  maxVersion: number;
  handle(request: Request, ctx: RequestContext): Promise<Response | null> | Response | null;
}
