import { statfsSync } from 'node:fs';
import { ErrorCode } from '../protocol/error-codes';
import type { ApiHandler } from './api';

interface DescribeLogDirsRequest {
  /** null: every topic. */
  topics: Array<{ topic: string; partitions: number[] }> | null;
}

interface DescribeLogDirsResponse {
  errorCode: number;
  results: Array<{
    errorCode: number;
    logDir: string;
    topics: Array<{
      name: string;
      partitions: Array<{ partitionIndex: number; partitionSize: number; offsetLag: number; isFutureKey: boolean }>;
    }>;
    totalBytes: number;
    usableBytes: number;
  }>;
}

/** DescribeLogDirs v0-v4 (kafka-log-dirs): the data directory, the size of each partition in it, and the disk's space. */
export const describeLogDirs: ApiHandler<DescribeLogDirsRequest, DescribeLogDirsResponse> = {
  key: 35,
  name: 'DescribeLogDirs',
  minVersion: 0,
  maxVersion: 4,
  handle(request, { broker }) {
    const wanted = request.topics ?? broker.topics.list().map((t) => ({ topic: t.name, partitions: t.partitions.map((_, i) => i) }));
    const topics = wanted
      .map(({ topic, partitions }) => ({
        name: topic,
        partitions: partitions
          .map((index) => ({ index, log: broker.topics.partition(topic, index) }))
          .filter(({ log }) => log !== undefined)
          .map(({ index, log }) => ({ partitionIndex: index, partitionSize: log!.sizeBytes, offsetLag: 0, isFutureKey: false })),
      }))
      .filter((t) => t.partitions.length > 0);
    const disk = statfsSync(broker.config.dataDir);
    return {
      errorCode: ErrorCode.NONE,
      results: [
        {
          errorCode: ErrorCode.NONE,
          logDir: broker.config.dataDir,
          topics,
          totalBytes: disk.blocks * disk.bsize,
          usableBytes: disk.bavail * disk.bsize,
        },
      ],
    };
  },
};
