import type { Reader } from '../protocol/reader';
import type { Writer } from '../protocol/writer';
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
 * and a handler that decodes the request body and encodes the response body. Returning null sends
 * no response (Produce with acks=0).
 */
export interface ApiHandler {
  key: number;
  name: string;
  minVersion: number;
  maxVersion: number;
  handle(request: Reader, ctx: RequestContext): Promise<Writer | null> | Writer | null;
}
