import { ErrorCode } from '../protocol/error-codes';
import type { GroupOverview } from '../groups/group-coordinator';
import type { ApiHandler } from './api';

interface ListGroupsRequest {
  statesFilter: string[];
}

interface ListGroupsResponse {
  errorCode: number;
  groups: GroupOverview[];
}

/**
 * ListGroups v0-v4: every group with members or committed offsets; v4+ with its state
 * (PreparingRebalance, CompletingRebalance, Stable, Empty), filtered by the states asked for
 * (case-insensitive, as in Kafka; none asked for means all).
 */
export const listGroups: ApiHandler<ListGroupsRequest, ListGroupsResponse> = {
  key: 16,
  name: 'ListGroups',
  minVersion: 0,
  maxVersion: 4,
  handle(request, { broker }) {
    return { errorCode: ErrorCode.NONE, groups: broker.groups.list(request.statesFilter) };
  },
};
