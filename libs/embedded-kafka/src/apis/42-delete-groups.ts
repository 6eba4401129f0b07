import { Writer } from '../protocol/writer';
import type { ApiHandler } from './api';

/** DeleteGroups v0-v1: removes empty groups and their committed offsets. */
export const deleteGroups: ApiHandler = {
  key: 42,
  name: 'DeleteGroups',
  minVersion: 0,
  maxVersion: 1,
  handle(request, { broker }) {
    const groupIds = request.array((r) => r.string());
    return new Writer().int32(0).array(groupIds, (out, groupId) => out.string(groupId).int16(broker.groups.delete(groupId)));
  },
};
