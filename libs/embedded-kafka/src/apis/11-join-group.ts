import type { JoinRequest } from '../groups/group-coordinator';
import type { ApiHandler } from './api';

/** What the request carries of the coordinator's JoinRequest (the rest comes from the connection and the version). */
type JoinGroupRequest = Pick<
  JoinRequest,
  'groupId' | 'sessionTimeoutMs' | 'rebalanceTimeoutMs' | 'memberId' | 'groupInstanceId' | 'protocolType' | 'protocols' | 'reason'
>;

interface JoinGroupResponse {
  errorCode: number;
  generationId: number;
  protocolType: string | null;
  protocolName: string | null;
  leader: string;
  skipAssignment: boolean;
  memberId: string;
  members: Array<{ memberId: string; groupInstanceId: string | null; metadata: Buffer }>;
}

/**
 * JoinGroup v0-v9, parked by the coordinator until the rebalance completes: v4+ dynamic members
 * first get MEMBER_ID_REQUIRED, v5+ static members (group instance id) keep their place across
 * restarts, v7+ answer with the protocol type, v8+ carry a reason, v9+ may tell a static leader
 * to skip the assignment.
 */
export const joinGroup: ApiHandler<JoinGroupRequest, JoinGroupResponse> = {
  key: 11,
  name: 'JoinGroup',
  minVersion: 0,
  maxVersion: 9,
  async handle(request, { apiVersion, broker, clientId, clientHost }) {
    const result = await broker.groups.join({
      groupId: request.groupId,
      sessionTimeoutMs: request.sessionTimeoutMs,
      // v0 has no rebalance timeout: the session timeout stands in for it, as in Kafka.
      rebalanceTimeoutMs: apiVersion >= 1 ? request.rebalanceTimeoutMs : request.sessionTimeoutMs,
      memberId: request.memberId,
      groupInstanceId: request.groupInstanceId,
      protocolType: request.protocolType,
      protocols: request.protocols.map((p) => ({ name: p.name, metadata: Buffer.from(p.metadata) })),
      clientId,
      clientHost,
      requireKnownMemberId: apiVersion >= 4 && request.groupInstanceId === null,
      supportSkippingAssignment: apiVersion >= 9,
      reason: request.reason,
    });
    // Like Kafka's JoinGroupResponse: before v7 no protocol is "", from v7 it is null.
    const protocolName = apiVersion < 7 ? (result.protocolName ?? '') : result.protocolName || null;
    return {
      errorCode: result.errorCode,
      generationId: result.generationId,
      protocolType: result.protocolType,
      protocolName,
      leader: result.leaderId,
      skipAssignment: result.skipAssignment,
      memberId: result.memberId,
      members: result.members,
    };
  },
};
