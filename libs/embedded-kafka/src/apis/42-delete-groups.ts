import type { ApiHandler } from './api';

interface DeleteGroupsRequest {
  groupsNames: string[];
}

interface DeleteGroupsResponse {
  results: Array<{ groupId: string; errorCode: number }>;
}

/** DeleteGroups v0-v2: removes empty groups and their committed offsets (NON_EMPTY_GROUP, GROUP_ID_NOT_FOUND otherwise). */
export const deleteGroups: ApiHandler<DeleteGroupsRequest, DeleteGroupsResponse> = {
  key: 42,
  name: 'DeleteGroups',
  minVersion: 0,
  maxVersion: 2,
  handle(request, { broker }) {
    // Kafka answers each distinct name once.
    const names = [...new Set(request.groupsNames)];
    return { results: names.map((groupId) => ({ groupId, errorCode: broker.groups.delete(groupId) })) };
  },
};
