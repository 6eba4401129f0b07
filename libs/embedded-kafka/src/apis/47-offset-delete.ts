import { ErrorCode } from '../protocol/error-codes';
import type { TopicPartitionRef } from '../groups/group-coordinator';
import type { ApiHandler } from './api';

interface OffsetDeleteRequest {
  groupId: string;
  topics: Array<{ name: string; partitions: Array<{ partitionIndex: number }> }>;
}

interface OffsetDeleteResponse {
  errorCode: number;
  topics: Array<{ name: string; partitions: Array<{ partitionIndex: number; errorCode: number }> }>;
}

/**
 * OffsetDelete v0 (KIP-496), as KafkaApis.handleOffsetDeleteRequest and GroupCoordinator.handleDeleteOffsets:
 * partitions of unknown topics get UNKNOWN_TOPIC_OR_PARTITION; the group then deletes the rest,
 * except partitions of topics its active members subscribe to (GROUP_SUBSCRIBED_TO_TOPIC). A
 * group-level error (GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP, INVALID_GROUP_ID) answers alone.
 */
export const offsetDelete: ApiHandler<OffsetDeleteRequest, OffsetDeleteResponse> = {
  key: 47,
  name: 'OffsetDelete',
  minVersion: 0,
  maxVersion: 0,
  handle(request, { broker }) {
    const results = new Map<string, Array<{ partitionIndex: number; errorCode: number }>>();
    const add = (topic: string, partitionIndex: number, errorCode: number) => {
      if (!results.has(topic)) results.set(topic, []);
      results.get(topic)!.push({ partitionIndex, errorCode });
    };
    const valid: TopicPartitionRef[] = [];
    for (const topic of request.topics) {
      for (const { partitionIndex } of topic.partitions) {
        if (broker.topics.partition(topic.name, partitionIndex)) valid.push({ topic: topic.name, partition: partitionIndex });
        else add(topic.name, partitionIndex, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
      }
    }
    const outcome = broker.groups.deleteOffsets(request.groupId, valid);
    if (outcome.errorCode !== ErrorCode.NONE) return { errorCode: outcome.errorCode, topics: [] };
    for (const p of outcome.partitions) add(p.topic, p.partition, p.errorCode);
    return { errorCode: ErrorCode.NONE, topics: [...results].map(([name, partitions]) => ({ name, partitions })) };
  },
};
