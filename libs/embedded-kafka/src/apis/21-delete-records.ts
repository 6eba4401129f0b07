import { ErrorCode } from '../protocol/error-codes';
import { OffsetOutOfRangeError } from '../storage/partition-log';
import type { ApiHandler } from './api';

interface DeleteRecordsRequest {
  topics: Array<{ name: string; partitions: Array<{ partitionIndex: number; offset: number }> }>;
}

interface DeleteRecordsResponse {
  topics: Array<{ name: string; partitions: Array<{ partitionIndex: number; lowWatermark: number; errorCode: number }> }>;
}

/**
 * DeleteRecords v0-v2: moves each partition's log start offset up to the given offset (-1: the
 * high watermark); consumers below it get OFFSET_OUT_OF_RANGE and reset by their policy.
 */
export const deleteRecords: ApiHandler<DeleteRecordsRequest, DeleteRecordsResponse> = {
  key: 21,
  name: 'DeleteRecords',
  minVersion: 0,
  maxVersion: 2,
  handle(request, { broker }) {
    return {
      topics: request.topics.map((topic) => ({
        name: topic.name,
        partitions: topic.partitions.map(({ partitionIndex, offset }) => {
          const log = broker.topics.partition(topic.name, partitionIndex);
          if (!log) return { partitionIndex, lowWatermark: -1, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
          try {
            return { partitionIndex, lowWatermark: log.deleteRecordsBefore(offset), errorCode: ErrorCode.NONE };
          } catch (error) {
            if (error instanceof OffsetOutOfRangeError)
              return { partitionIndex, lowWatermark: -1, errorCode: ErrorCode.OFFSET_OUT_OF_RANGE };
            throw error;
          }
        }),
      })),
    };
  },
};
