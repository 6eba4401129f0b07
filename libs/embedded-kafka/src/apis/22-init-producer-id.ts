import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
import type { ApiHandler } from './api';

/** InitProducerId v0-v1 for idempotent producers; transactional ids are refused (no transactions here). */
export const initProducerId: ApiHandler = {
  key: 22,
  name: 'InitProducerId',
  minVersion: 0,
  maxVersion: 1,
  handle(request, { broker, clientId }) {
    const transactionalId = request.nullableString();
    request.int32(); // transaction timeout
    const w = new Writer().int32(0);
    if (transactionalId !== null) {
      broker.logger.warn(`client "${clientId}" asked for transactional id "${transactionalId}": transactions are not supported`);
      return w.int16(ErrorCode.INVALID_REQUEST).int64(-1).int16(-1);
    }
    return w.int16(ErrorCode.NONE).int64(broker.producerIds.allocate()).int16(0);
  },
};
