import { ErrorCode } from '../protocol/error-codes';
import type { ApiHandler } from './api';

const LATEST = -1;
const EARLIEST = -2;
const MAX_TIMESTAMP = -3;

interface ListOffsetsRequest {
  topics: Array<{ name: string; partitions: Array<{ partitionIndex: number; timestamp: number }> }>;
}

interface PartitionResponse {
  partitionIndex: number;
  errorCode: number;
  oldStyleOffsets: number[];
  timestamp: number;
  offset: number;
  leaderEpoch: number;
}

interface ListOffsetsResponse {
  topics: Array<{ name: string; partitions: PartitionResponse[] }>;
}

/**
 * ListOffsets v0-v7: latest (-1), earliest (-2), the record with the largest timestamp (-3, v7),
 * or the first offset whose timestamp is at or after the given one, with that record's timestamp. Without transactions the
 * isolation level changes nothing.
 */
export const listOffsets: ApiHandler<ListOffsetsRequest, ListOffsetsResponse> = {
  key: 2,
  name: 'ListOffsets',
  minVersion: 0,
  maxVersion: 7,
  handle(request, { broker }) {
    return {
      topics: request.topics.map((topic) => ({
        name: topic.name,
        partitions: topic.partitions.map(({ partitionIndex, timestamp }): PartitionResponse => {
          const answer = (errorCode: number, offset = -1, at = -1) => ({
            partitionIndex,
            errorCode,
            oldStyleOffsets: offset >= 0 ? [offset] : [],
            timestamp: at,
            offset,
            leaderEpoch: errorCode === ErrorCode.NONE ? 0 : -1,
          });
          const log = broker.topics.partition(topic.name, partitionIndex);
          if (!log) return answer(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
          if (timestamp === LATEST) return answer(ErrorCode.NONE, log.highWatermark);
          if (timestamp === EARLIEST) return answer(ErrorCode.NONE, log.logStartOffset);
          if (timestamp === MAX_TIMESTAMP) {
            const newest = log.maxTimestampOffset();
            return newest ? answer(ErrorCode.NONE, newest.offset, newest.timestamp) : answer(ErrorCode.NONE);
          }
          const found = log.offsetForTimestamp(timestamp);
          return found ? answer(ErrorCode.NONE, found.offset, found.timestamp) : answer(ErrorCode.NONE);
        }),
      })),
    };
  },
};
