import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
import { TopicError } from '../storage/topic-store';
import type { ApiHandler } from './api';

/** CreateTopics v0-v4 (replication factor is accepted as 1 or -1: this is a single broker). */
export const createTopics: ApiHandler = {
  key: 19,
  name: 'CreateTopics',
  minVersion: 0,
  maxVersion: 4,
  handle(request, { apiVersion, broker }) {
    const topics = request.array((r) => ({
      name: r.string(),
      numPartitions: r.int32(),
      replicationFactor: r.int16(),
      assignments: r.array((a) => ({ index: a.int32(), brokers: a.array((b) => b.int32()) })),
      configs: r.array((c) => [c.string(), c.nullableString()] as const),
    }));
    request.int32(); // timeout
    const validateOnly = apiVersion >= 1 ? request.bool() : false;
    const results = topics.map((topic) => {
      const fail = (errorCode: number, message: string) => ({ name: topic.name, errorCode, message });
      if (topic.replicationFactor !== -1 && topic.replicationFactor !== 1 && topic.assignments.length === 0) {
        return fail(
          ErrorCode.INVALID_REPLICATION_FACTOR,
          `Replication factor ${topic.replicationFactor} is larger than the 1 available broker.`,
        );
      }
      const partitions =
        topic.assignments.length > 0
          ? topic.assignments.length
          : topic.numPartitions === -1
            ? broker.config.defaultPartitions
            : topic.numPartitions;
      const configs = Object.fromEntries(topic.configs.filter(([, v]) => v !== null)) as Record<string, string>;
      try {
        if (validateOnly) {
          if (broker.topics.get(topic.name)) throw new TopicError(ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${topic.name}' already exists.`);
        } else {
          broker.topics.create(topic.name, partitions, configs);
        }
        return { name: topic.name, errorCode: ErrorCode.NONE, message: null };
      } catch (error) {
        if (error instanceof TopicError) return fail(error.errorCode, error.message);
        throw error;
      }
    });
    const w = new Writer();
    if (apiVersion >= 2) w.int32(0);
    w.array(results, (out, r) => {
      out.string(r.name).int16(r.errorCode);
      if (apiVersion >= 1) out.nullableString(r.message);
    });
    return w;
  },
};
