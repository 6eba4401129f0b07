import { ErrorCode } from '../protocol/error-codes';
import { topicNameProblem, type Topic } from '../storage/topic-store';
import type { ApiHandler } from './api';

interface MetadataRequest {
  topics: Array<{ topicId: Buffer; name: string | null }> | null;
  allowAutoTopicCreation: boolean;
}

interface MetadataResponseTopic {
  errorCode: number;
  name: string | null;
  topicId?: Buffer;
  partitions: Array<{
    errorCode: number;
    partitionIndex: number;
    leaderId: number;
    leaderEpoch: number;
    replicaNodes: number[];
    isrNodes: number[];
  }>;
}

interface MetadataResponse {
  brokers: Array<{ nodeId: number; host: string; port: number; rack: string | null }>;
  clusterId: string | null;
  controllerId: number;
  topics: MetadataResponseTopic[];
}

const ZERO_UUID = Buffer.alloc(16);
/** Kafka's answer to a topic the caller may not see: -2147483648 means "not requested". */
const AUTHORIZED_OPERATIONS_OMITTED = -2147483648;

/**
 * Metadata v0-v12: the single broker (also the controller), and the topics asked for (by name,
 * or by id from v12; auto-created when allowed). v0 asks for all topics with an empty list, v1+
 * with null.
 */
export const metadata: ApiHandler<MetadataRequest, MetadataResponse> = {
  key: 3,
  name: 'Metadata',
  minVersion: 0,
  maxVersion: 12,
  handle(request, { apiVersion, broker }) {
    const wantsAll = request.topics === null || (apiVersion === 0 && request.topics.length === 0);
    const describe = (topic: Topic): MetadataResponseTopic => ({
      errorCode: ErrorCode.NONE,
      name: topic.name,
      topicId: topic.id,
      partitions: topic.partitions.map((_, index) => ({
        errorCode: ErrorCode.NONE,
        partitionIndex: index,
        leaderId: broker.nodeId,
        leaderEpoch: 0,
        replicaNodes: [broker.nodeId],
        isrNodes: [broker.nodeId],
      })),
    });
    const topics = wantsAll
      ? broker.topics.list().map(describe)
      : request.topics!.map(({ name, topicId }): MetadataResponseTopic => {
          if (name === null) {
            const byId = broker.topics.byId(topicId);
            return byId ? describe(byId) : { errorCode: ErrorCode.UNKNOWN_TOPIC_ID, name: null, topicId, partitions: [] };
          }
          if (topicNameProblem(name)) return { errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION, name, topicId: ZERO_UUID, partitions: [] };
          const topic = broker.topicOrCreate(name, request.allowAutoTopicCreation);
          return typeof topic === 'number' ? { errorCode: topic, name, topicId: ZERO_UUID, partitions: [] } : describe(topic);
        });
    return {
      brokers: [{ nodeId: broker.nodeId, host: broker.advertisedHost, port: broker.advertisedPort, rack: null }],
      clusterId: broker.clusterId,
      controllerId: broker.nodeId,
      topics: topics.map((t) => ({ ...t, topicAuthorizedOperations: AUTHORIZED_OPERATIONS_OMITTED })),
      clusterAuthorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
    } as MetadataResponse;
  },
};
