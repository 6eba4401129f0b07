import { ErrorCode } from '../protocol/error-codes';
import type { ApiHandler } from './api';

interface DeleteTopicsRequest {
  /** v6+: by name or by id. */
  topics: Array<{ name: string | null; topicId: Buffer }>;
  /** v0-v5. */
  topicNames: string[];
}

interface DeleteTopicsResponse {
  responses: Array<{ name: string | null; topicId?: Buffer; errorCode: number; errorMessage?: string | null }>;
}

/** DeleteTopics v0-v6: removes the topic's data and the groups' committed offsets for it. */
export const deleteTopics: ApiHandler<DeleteTopicsRequest, DeleteTopicsResponse> = {
  key: 20,
  name: 'DeleteTopics',
  minVersion: 0,
  maxVersion: 6,
  handle(request, { broker }) {
    const wanted = request.topics.length > 0 ? request.topics : request.topicNames.map((name) => ({ name, topicId: undefined }));
    return {
      responses: wanted.map(({ name, topicId }) => {
        const topic = name !== null ? broker.topics.get(name) : broker.topics.byId(topicId!);
        if (!topic) {
          const errorCode = name !== null ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : ErrorCode.UNKNOWN_TOPIC_ID;
          const message = name !== null ? 'This server does not host this topic-partition.' : 'This server does not host this topic ID.';
          return { name, topicId, errorCode, errorMessage: message };
        }
        broker.deleteTopic(topic.name);
        return { name: topic.name, topicId: topic.id, errorCode: ErrorCode.NONE };
      }),
    };
  },
};
