import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
import type { ApiHandler } from './api';

/** FindCoordinator v0-v2: this broker coordinates every group. */
export const findCoordinator: ApiHandler = {
  key: 10,
  name: 'FindCoordinator',
  minVersion: 0,
  maxVersion: 2,
  handle(request, { apiVersion, broker }) {
    request.string(); // key
    if (apiVersion >= 1) request.int8(); // key type: group (0) or transaction (1)
    const w = new Writer();
    if (apiVersion >= 1) w.int32(0);
    w.int16(ErrorCode.NONE);
    if (apiVersion >= 1) w.nullableString(null);
    return w.int32(broker.nodeId).string(broker.advertisedHost).int32(broker.advertisedPort);
  },
};
