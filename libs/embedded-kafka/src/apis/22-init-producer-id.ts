import { ErrorCode } from '../protocol/error-codes';
import type { ApiHandler } from './api';

interface InitProducerIdRequest {
  transactionalId: string | null;
}

interface InitProducerIdResponse {
  errorCode: number;
  producerId: number;
  producerEpoch: number;
}

/**
 * InitProducerId v0-v4 for idempotent producers: always a new producer id, as Kafka's
 * TransactionCoordinator does when there is no transactional id (even when v3+ names the
 * producer's current id and epoch). Transactional ids are refused: no transactions here.
 */
export const initProducerId: ApiHandler<InitProducerIdRequest, InitProducerIdResponse> = {
  key: 22,
  name: 'InitProducerId',
  minVersion: 0,
  maxVersion: 4,
  handle({ transactionalId }, { broker, clientId }) {
    if (transactionalId !== null) {
      broker.logger.warn(`client "${clientId}" asked for transactional id "${transactionalId}": transactions are not supported`);
      return { errorCode: ErrorCode.INVALID_REQUEST, producerId: -1, producerEpoch: -1 };
    }
    return { errorCode: ErrorCode.NONE, producerId: broker.producerIds.allocate(), producerEpoch: 0 };
  },
};
