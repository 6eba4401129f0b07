import { Writer } from '../protocol/writer';
import type { ApiHandler } from './api';

/** JoinGroup v0-v5: parked by the coordinator until the rebalance completes. */
export const joinGroup: ApiHandler = {
  key: 11,
  name: 'JoinGroup',
  minVersion: 0,
  maxVersion: 5,
  async handle(request, { apiVersion, broker, clientId, clientHost }) {
    const groupId = request.string();
    const sessionTimeoutMs = request.int32();
    const rebalanceTimeoutMs = apiVersion >= 1 ? request.int32() : sessionTimeoutMs;
    const memberId = request.string();
    const groupInstanceId = apiVersion >= 5 ? request.nullableString() : null;
    const protocolType = request.string();
    const protocols = request.array((r) => ({ name: r.string(), metadata: Buffer.from(r.bytes()) }));
    const result = await broker.groups.join({
      groupId,
      sessionTimeoutMs,
      rebalanceTimeoutMs,
      memberId,
      groupInstanceId,
      protocolType,
      protocols,
      clientId,
      clientHost,
      requireKnownMemberId: apiVersion >= 4,
    });
    const w = new Writer();
    if (apiVersion >= 2) w.int32(0);
    w.int16(result.errorCode).int32(result.generationId).string(result.protocolName).string(result.leaderId).string(result.memberId);
    return w.array(result.members, (out, m) => {
      out.string(m.memberId);
      if (apiVersion >= 5) out.nullableString(m.groupInstanceId);
      out.bytes(m.metadata);
    });
  },
};
