import type { BrokerContext } from '../server/broker-context';
import { ErrorCode } from '../protocol/error-codes';
import type { ApiHandler } from './api';

interface RequestTopics {
  name: string;
  partitionIndexes: number[];
}

interface OffsetFetchRequest {
  groupId: string;
  topics: RequestTopics[] | null;
  groups: Array<{ groupId: string; topics: RequestTopics[] | null }>;
  requireStable: boolean;
}

interface FetchedPartition {
  partitionIndex: number;
  committedOffset: number;
  committedLeaderEpoch: number;
  metadata: string | null;
  errorCode: number;
}

interface FetchedGroup {
  groupId: string;
  topics: Array<{ name: string; partitions: FetchedPartition[] }>;
  errorCode: number;
}

interface OffsetFetchResponse {
  topics?: FetchedGroup['topics'];
  errorCode?: number;
  groups?: FetchedGroup[];
}

/**
 * One group's committed offsets, as Kafka's GroupMetadataManager.getOffsets returns them: the
 * asked-for partitions (-1 and "" where nothing is committed, the topic's existence unchecked),
 * or all of the group's (topics null). There are no transactional offset commits here, so
 * RequireStable (v7+) never meets an unstable offset.
 */
function fetchGroup(broker: BrokerContext, groupId: string, topics: RequestTopics[] | null): FetchedGroup {
  const wanted =
    topics ?? [...broker.offsets.all(groupId)].map(([name, partitions]) => ({ name, partitionIndexes: [...partitions.keys()] }));
  return {
    groupId,
    errorCode: ErrorCode.NONE,
    topics: wanted.map((topic) => ({
      name: topic.name,
      partitions: topic.partitionIndexes.map((partitionIndex) => {
        const committed = broker.offsets.get(groupId, topic.name, partitionIndex);
        return {
          partitionIndex,
          committedOffset: committed?.offset ?? -1,
          committedLeaderEpoch: committed?.leaderEpoch ?? -1,
          metadata: committed?.metadata ?? '',
          errorCode: ErrorCode.NONE,
        };
      }),
    })),
  };
}

/**
 * OffsetFetch v0-v8: committed offsets (v2+ null topics means all of the group's, v5+ with the
 * leader epoch, v7+ requireStable); v8 batches groups, each with its own error.
 */
export const offsetFetch: ApiHandler<OffsetFetchRequest, OffsetFetchResponse> = {
  key: 9,
  name: 'OffsetFetch',
  minVersion: 0,
  maxVersion: 8,
  handle(request, { apiVersion, broker }) {
    if (apiVersion >= 8) return { groups: request.groups.map((g) => fetchGroup(broker, g.groupId, g.topics)) };
    const group = fetchGroup(broker, request.groupId, request.topics);
    return { topics: group.topics, errorCode: group.errorCode };
  },
};
