import { ErrorCode } from '../protocol/error-codes';
import type { OffsetCommit } from '../storage/offset-store';
import type { ApiHandler } from './api';

interface OffsetCommitRequest {
  groupId: string;
  generationIdOrMemberEpoch: number;
  memberId: string;
  groupInstanceId: string | null;
  topics: Array<{
    name: string;
    partitions: Array<{ partitionIndex: number; committedOffset: number; committedLeaderEpoch: number; committedMetadata: string | null }>;
  }>;
}

interface OffsetCommitResponse {
  topics: Array<{ name: string; partitions: Array<{ partitionIndex: number; errorCode: number }> }>;
}

/**
 * OffsetCommit v0-v8 (v6+ leader epoch, v7+ group instance id, v8+ flexible), as in KafkaApis:
 * partitions of unknown topics get UNKNOWN_TOPIC_OR_PARTITION, the rest are checked against the
 * group's generation and membership, then written durably before the answer.
 */
export const offsetCommit: ApiHandler<OffsetCommitRequest, OffsetCommitResponse> = {
  key: 8,
  name: 'OffsetCommit',
  minVersion: 0,
  maxVersion: 8,
  handle(request, { broker }) {
    const { groupId, generationIdOrMemberEpoch: generationId, memberId, groupInstanceId } = request;
    const known = (topic: string, partition: number) => broker.topics.partition(topic, partition) !== undefined;
    const anyKnown = request.topics.some((t) => t.partitions.some((p) => known(t.name, p.partitionIndex)));
    // Only partitions that exist reach the coordinator, and only if there are any.
    const groupError = anyKnown ? broker.groups.checkCommit(groupId, generationId, memberId, groupInstanceId) : ErrorCode.NONE;
    const commits: OffsetCommit[] = [];
    const topics = request.topics.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.map((p) => {
        if (!known(topic.name, p.partitionIndex))
          return { partitionIndex: p.partitionIndex, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
        if (groupError === ErrorCode.NONE) {
          commits.push({
            topic: topic.name,
            partition: p.partitionIndex,
            offset: p.committedOffset,
            metadata: p.committedMetadata,
            leaderEpoch: p.committedLeaderEpoch,
          });
        }
        return { partitionIndex: p.partitionIndex, errorCode: groupError };
      }),
    }));
    broker.offsets.commit(groupId, commits);
    return { topics };
  },
};
