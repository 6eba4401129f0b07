import type { ApiHandler } from './api';

interface HeartbeatRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
}

/** Heartbeat v0-v4: keeps the member's session alive and tells it when to rejoin (v3+ static members). */
export const heartbeat: ApiHandler<HeartbeatRequest, { errorCode: number }> = {
  key: 12,
  name: 'Heartbeat',
  minVersion: 0,
  maxVersion: 4,
  handle(request, { broker }) {
    return { errorCode: broker.groups.heartbeat(request.groupId, request.generationId, request.memberId, request.groupInstanceId) };
  },
};
