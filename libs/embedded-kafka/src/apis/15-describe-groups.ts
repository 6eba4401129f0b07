import { ErrorCode } from '../protocol/error-codes';
import type { GroupDescription } from '../groups/group-coordinator';
import type { ApiHandler } from './api';

interface DescribeGroupsRequest {
  groups: string[];
  includeAuthorizedOperations: boolean;
}

interface DescribeGroupsResponse {
  groups: Array<Omit<GroupDescription, 'groupState'> & { groupState: string; authorizedOperations: number }>;
}

/** Kafka's answer when authorized operations were not asked for. */
const AUTHORIZED_OPERATIONS_OMITTED = -2147483648;
/**
 * What Kafka without an authorizer reports for a group: every operation AclEntry supports on
 * groups (READ 3, DELETE 6, DESCRIBE 8, DESCRIBE_CONFIGS 10, ALTER_CONFIGS 11) as a bit field.
 */
const GROUP_OPERATIONS = [3, 6, 8, 10, 11].reduce((bits, op) => bits | (1 << op), 0);

/**
 * DescribeGroups v0-v5: state, protocol and members of each group (metadata and assignments once
 * Stable, Dead for an unknown group); v3+ authorized operations on request, v4+ group instance ids.
 */
export const describeGroups: ApiHandler<DescribeGroupsRequest, DescribeGroupsResponse> = {
  key: 15,
  name: 'DescribeGroups',
  minVersion: 0,
  maxVersion: 5,
  handle(request, { apiVersion, broker }) {
    const wantsOperations = apiVersion >= 3 && request.includeAuthorizedOperations;
    return {
      groups: request.groups.map((groupId) => {
        const group = broker.groups.describe(groupId);
        const operations = wantsOperations && group.errorCode === ErrorCode.NONE ? GROUP_OPERATIONS : AUTHORIZED_OPERATIONS_OMITTED;
        return { ...group, authorizedOperations: operations };
      }),
    };
  },
};
