import { ErrorCode } from '../protocol/error-codes';
import { TopicError } from '../storage/topic-store';
import type { ApiHandler } from './api';
import { CONFIG_SOURCE } from './config-source';

interface CreateTopicsRequest {
  topics: Array<{
    name: string;
    numPartitions: number;
    replicationFactor: number;
    assignments: Array<{ partitionIndex: number; brokerIds: number[] }>;
    configs: Array<{ name: string; value: string | null }>;
  }>;
  validateOnly: boolean;
}

interface CreatableTopicResult {
  name: string;
  topicId?: Buffer;
  errorCode: number;
  errorMessage: string | null;
  numPartitions?: number;
  replicationFactor?: number;
  configs?: Array<{ name: string; value: string | null; readOnly: boolean; configSource: number; isSensitive: boolean }>;
}

/**
 * CreateTopics v0-v7. Replication factor 1 or -1 only: this is a single broker. From v5 the
 * answer carries the topic's partitions, replication factor and every config, as Kafka's does,
 * and from v7 its topic id.
 */
export const createTopics: ApiHandler<CreateTopicsRequest, { topics: CreatableTopicResult[] }> = {
  key: 19,
  name: 'CreateTopics',
  minVersion: 0,
  maxVersion: 7,
  handle(request, { broker }) {
    const topics = request.topics.map((topic): CreatableTopicResult => {
      const fail = (errorCode: number, message: string) => ({ name: topic.name, errorCode, errorMessage: message });
      if (topic.replicationFactor !== -1 && topic.replicationFactor !== 1 && topic.assignments.length === 0) {
        return fail(
          ErrorCode.INVALID_REPLICATION_FACTOR,
          `Unable to replicate the partition ${topic.replicationFactor} time(s): The target replication factor of ${topic.replicationFactor} cannot be reached because only 1 broker(s) are registered.`,
        );
      }
      const partitions =
        topic.assignments.length > 0
          ? topic.assignments.length
          : topic.numPartitions === -1
            ? broker.config.defaultPartitions
            : topic.numPartitions;
      const configs = Object.fromEntries(topic.configs.filter((c) => c.value !== null).map((c) => [c.name, c.value as string])) as Record<
        string,
        string
      >;
      try {
        if (request.validateOnly) broker.topics.validateCreate(topic.name, partitions, configs);
        const created = request.validateOnly ? undefined : broker.topics.create(topic.name, partitions, configs);
        return {
          name: topic.name,
          topicId: created?.id,
          errorCode: ErrorCode.NONE,
          errorMessage: null,
          numPartitions: partitions,
          replicationFactor: 1,
          configs: created
            ? broker.topics.describeConfigs(topic.name).map((entry) => ({
                name: entry.name,
                value: entry.value,
                readOnly: entry.readOnly,
                configSource: CONFIG_SOURCE[entry.source],
                isSensitive: false,
              }))
            : [],
        };
      } catch (error) {
        if (error instanceof TopicError) return fail(error.errorCode, error.message);
        throw error;
      }
    });
    return { topics };
  },
};
