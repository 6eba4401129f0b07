import { Writer } from '../protocol/writer';
import type { ApiHandler } from './api';

/** SyncGroup v0-v3: followers wait for the leader's assignments. */
export const syncGroup: ApiHandler = {
  key: 14,
  name: 'SyncGroup',
  minVersion: 0,
  maxVersion: 3,
  async handle(request, { apiVersion, broker }) {
    const groupId = request.string();
    const generationId = request.int32();
    const memberId = request.string();
    if (apiVersion >= 3) request.nullableString(); // group instance id
    const assignments = request.array((r) => ({ memberId: r.string(), assignment: r.bytes() }));
    const result = await broker.groups.sync(groupId, generationId, memberId, assignments);
    const w = new Writer();
    if (apiVersion >= 1) w.int32(0);
    return w.int16(result.errorCode).bytes(result.assignment);
  },
};
