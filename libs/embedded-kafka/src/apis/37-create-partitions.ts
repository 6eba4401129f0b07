import { ErrorCode } from '../protocol/error-codes';
import { TopicError } from '../storage/topic-store';
import type { ApiHandler } from './api';

interface CreatePartitionsRequest {
  topics: Array<{ name: string; count: number; assignments: Array<{ brokerIds: number[] }> | null }>;
  validateOnly: boolean;
}

interface CreatePartitionsResponse {
  results: Array<{ name: string; errorCode: number; errorMessage: string | null }>;
}

/** CreatePartitions v0-v3: grows a topic to `count` partitions; existing partitions and their data are untouched. */
export const createPartitions: ApiHandler<CreatePartitionsRequest, CreatePartitionsResponse> = {
  key: 37,
  name: 'CreatePartitions',
  minVersion: 0,
  maxVersion: 3,
  handle(request, { broker }) {
    return {
      results: request.topics.map(({ name, count, assignments }) => {
        const answer = (errorCode: number, errorMessage: string | null = null) => ({ name, errorCode, errorMessage });
        const topic = broker.topics.get(name);
        if (!topic) return answer(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `The topic '${name}' does not exist.`);
        const added = count - topic.partitions.length;
        if (assignments !== null) {
          if (assignments.length !== added)
            return answer(
              ErrorCode.INVALID_REPLICA_ASSIGNMENT,
              `Increasing the number of partitions by ${added} but ${assignments.length} assignments provided.`,
            );
          const elsewhere = assignments.find((a) => a.brokerIds.some((id) => id !== broker.nodeId));
          if (elsewhere)
            return answer(
              ErrorCode.INVALID_REPLICA_ASSIGNMENT,
              `Unknown broker(s) in replica assignment: ${elsewhere.brokerIds.join(', ')}.`,
            );
        }
        try {
          broker.topics.addPartitions(name, count, request.validateOnly);
          return answer(ErrorCode.NONE);
        } catch (error) {
          if (error instanceof TopicError) return answer(error.errorCode, error.message);
          throw error;
        }
      }),
    };
  },
};
