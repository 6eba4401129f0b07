import { Writer } from '../protocol/writer';
import type { ApiHandler } from './api';

/** LeaveGroup v0-v1: the member leaves now instead of waiting for its session to time out. */
export const leaveGroup: ApiHandler = {
  key: 13,
  name: 'LeaveGroup',
  minVersion: 0,
  maxVersion: 1,
  handle(request, { apiVersion, broker }) {
    const groupId = request.string();
    const memberId = request.string();
    const w = new Writer();
    if (apiVersion >= 1) w.int32(0);
    return w.int16(broker.groups.leave(groupId, memberId));
  },
};
