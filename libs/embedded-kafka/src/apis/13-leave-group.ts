import { ErrorCode } from '../protocol/error-codes';
import type { ApiHandler } from './api';

interface LeaveGroupRequest {
  groupId: string;
  memberId: string;
  members: Array<{ memberId: string; groupInstanceId: string | null; reason: string | null }>;
}

interface LeaveGroupResponse {
  errorCode: number;
  members: Array<{ memberId: string; groupInstanceId: string | null; errorCode: number }>;
}

/**
 * LeaveGroup v0-v5: members leave now instead of waiting for their sessions to time out. v3+
 * batches members (by member id, or by group instance id alone) with an error each; before v3 the
 * single member's error is the response's, as in Kafka's LeaveGroupResponse.
 */
export const leaveGroup: ApiHandler<LeaveGroupRequest, LeaveGroupResponse> = {
  key: 13,
  name: 'LeaveGroup',
  minVersion: 0,
  maxVersion: 5,
  handle(request, { apiVersion, broker }) {
    const leaving = apiVersion >= 3 ? request.members : [{ memberId: request.memberId, groupInstanceId: null }];
    const result = broker.groups.leave(
      request.groupId,
      leaving.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId })),
    );
    if (apiVersion >= 3) return result;
    const memberError = result.members.find((m) => m.errorCode !== ErrorCode.NONE)?.errorCode ?? ErrorCode.NONE;
    return { errorCode: result.errorCode !== ErrorCode.NONE ? result.errorCode : memberError, members: [] };
  },
};
