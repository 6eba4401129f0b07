import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
import type { ApiHandler } from './api';

/** DescribeGroups v0-v2: state, protocol and members (metadata and assignment bytes) of each group. */
export const describeGroups: ApiHandler = {
  key: 15,
  name: 'DescribeGroups',
  minVersion: 0,
  maxVersion: 2,
  handle(request, { apiVersion, broker }) {
    const groupIds = request.array((r) => r.string());
    const w = new Writer();
    if (apiVersion >= 1) w.int32(0);
    return w.array(groupIds, (out, groupId) => {
      const group = broker.groups.describe(groupId);
      out.int16(ErrorCode.NONE).string(group.groupId).string(group.state).string(group.protocolType).string(group.protocolName);
      out.array(group.members, (mo, m) =>
        mo.string(m.memberId).string(m.clientId).string(m.clientHost).bytes(m.metadata).bytes(m.assignment),
      );
    });
  },
};
