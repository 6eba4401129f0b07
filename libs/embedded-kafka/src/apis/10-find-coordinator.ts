import { ErrorCode } from '../protocol/error-codes';
import type { ApiHandler } from './api';

interface FindCoordinatorRequest {
  key: string;
  keyType: number;
  coordinatorKeys: string[];
}

interface Coordinator {
  key: string;
  nodeId: number;
  host: string;
  port: number;
  errorCode: number;
  errorMessage: string | null;
}

interface FindCoordinatorResponse {
  errorCode: number;
  errorMessage: string | null;
  nodeId: number;
  host: string;
  port: number;
  coordinators: Coordinator[];
}

const GROUP = 0;
const TRANSACTION = 1;
const SHARE = 2;

/** Kafka's Errors.message(): the exception's text, or "NONE" for no error (which v1-v3 responses carry). */
const MESSAGES: Record<number, string> = {
  [ErrorCode.NONE]: 'NONE',
  [ErrorCode.COORDINATOR_NOT_AVAILABLE]: 'The coordinator is not available.',
  [ErrorCode.INVALID_REQUEST]:
    'This most likely occurs because of a request being malformed by the client library or the message was sent to an incompatible broker. See the broker logs for more details.',
};

/**
 * Kafka's KafkaApis.getCoordinator for one key: this broker coordinates every group. There is no
 * transaction coordinator (no __transaction_state topic, which Kafka would try to create first):
 * a transactional id gets COORDINATOR_NOT_AVAILABLE, as from a Kafka whose transaction state
 * topic cannot be created, and the client retries until its own timeout. Share groups (type 2)
 * need v6; any other type fails the whole request with INVALID_REQUEST (Kafka's error response:
 * every key with the error's message).
 */
function coordinatorFor(keyType: number, self: { nodeId: number; host: string; port: number }) {
  const noNode = { nodeId: -1, host: '', port: -1 };
  if (keyType === GROUP) return { errorCode: ErrorCode.NONE, ...self, wholeRequest: false };
  if (keyType === TRANSACTION) return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, ...noNode, wholeRequest: false };
  if (keyType === SHARE) return { errorCode: ErrorCode.INVALID_REQUEST, ...noNode, wholeRequest: false };
  return { errorCode: ErrorCode.INVALID_REQUEST, ...noNode, wholeRequest: true };
}

/** FindCoordinator v0-v4: one key (v0-v3), or a batch of keys with a result each (v4, KIP-699). */
export const findCoordinator: ApiHandler<FindCoordinatorRequest, Partial<FindCoordinatorResponse>> = {
  key: 10,
  name: 'FindCoordinator',
  minVersion: 0,
  maxVersion: 4,
  handle(request, { apiVersion, broker }) {
    const self = { nodeId: broker.nodeId, host: broker.advertisedHost, port: broker.advertisedPort };
    const { wholeRequest, ...found } = coordinatorFor(request.keyType, self);
    // v0-v3 always carry Errors.message() ("NONE" on success); v4 only when the whole request failed.
    if (apiVersion < 4) return { ...found, errorMessage: MESSAGES[found.errorCode] };
    const errorMessage = wholeRequest ? MESSAGES[found.errorCode] : null;
    return { coordinators: request.coordinatorKeys.map((key) => ({ key, ...found, errorMessage })) };
  },
};
