import { ErrorCode } from '../protocol/error-codes';
import type { SyncRequest } from '../groups/group-coordinator';
import type { ApiHandler } from './api';

/** The request's fields are the coordinator's SyncRequest, names and all. */
type SyncGroupRequest = SyncRequest;

interface SyncGroupResponse {
  errorCode: number;
  protocolType: string | null;
  protocolName: string | null;
  assignment: Buffer;
}

/**
 * SyncGroup v0-v5: followers wait for the leader's assignments. v3+ carry the group instance id;
 * v5+ must name the group's protocol type and name (KIP-559), else INCONSISTENT_GROUP_PROTOCOL,
 * and get them back.
 */
export const syncGroup: ApiHandler<SyncGroupRequest, SyncGroupResponse> = {
  key: 14,
  name: 'SyncGroup',
  minVersion: 0,
  maxVersion: 5,
  async handle(request, { apiVersion, broker }) {
    if (apiVersion >= 5 && (request.protocolType === null || request.protocolName === null)) {
      return { errorCode: ErrorCode.INCONSISTENT_GROUP_PROTOCOL, protocolType: null, protocolName: null, assignment: Buffer.alloc(0) };
    }
    const { groupId, generationId, memberId, groupInstanceId, protocolType, protocolName, assignments } = request;
    return broker.groups.sync({ groupId, generationId, memberId, groupInstanceId, protocolType, protocolName, assignments });
  },
};
