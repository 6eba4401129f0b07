import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
import type { ApiHandler } from './api';

/** ListGroups v0-v2: every group with members or committed offsets. */
export const listGroups: ApiHandler = {
  key: 16,
  name: 'ListGroups',
  minVersion: 0,
  maxVersion: 2,
  handle(_request, { apiVersion, broker }) {
    const w = new Writer();
    if (apiVersion >= 1) w.int32(0);
    return w.int16(ErrorCode.NONE).array(broker.groups.list(), (out, g) => out.string(g.groupId).string(g.protocolType));
  },
};
