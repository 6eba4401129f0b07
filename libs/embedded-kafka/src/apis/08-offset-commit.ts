import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
import type { ApiHandler } from './api';

/** OffsetCommit v0-v5: checked against the group's generation, then written durably before the answer. */
export const offsetCommit: ApiHandler = {
  key: 8,
  name: 'OffsetCommit',
  minVersion: 0,
  maxVersion: 5,
  handle(request, { apiVersion, broker }) {
    const groupId = request.string();
    const generationId = apiVersion >= 1 ? request.int32() : -1;
    const memberId = apiVersion >= 1 ? request.string() : '';
    if (apiVersion >= 2 && apiVersion <= 4) request.int64(); // retention time
    const topics = request.array((r) => ({
      name: r.string(),
      partitions: r.array((p) => {
        const index = p.int32();
        const offset = p.int64();
        if (apiVersion === 1) p.int64(); // commit timestamp
        return { index, offset, metadata: p.nullableString() };
      }),
    }));
    const groupError = broker.groups.checkCommit(groupId, generationId, memberId);
    const commits: Array<{ topic: string; partition: number; offset: number; metadata: string | null }> = [];
    const results = topics.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.map((p) => {
        let errorCode: number = groupError;
        if (errorCode === ErrorCode.NONE && !broker.topics.partition(topic.name, p.index)) errorCode = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        if (errorCode === ErrorCode.NONE) commits.push({ topic: topic.name, partition: p.index, offset: p.offset, metadata: p.metadata });
        return { index: p.index, errorCode };
      }),
    }));
    broker.offsets.commit(groupId, commits);
    const w = new Writer();
    if (apiVersion >= 3) w.int32(0);
    return w.array(results, (out, topic) => {
      out.string(topic.name);
      out.array(topic.partitions, (po, p) => po.int32(p.index).int16(p.errorCode));
    });
  },
};
