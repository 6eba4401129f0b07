import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
import type { ApiHandler } from './api';

const LATEST = -1;
const EARLIEST = -2;

/** ListOffsets v0-v3: latest (-1), earliest (-2), or the first offset at or after a timestamp. */
export const listOffsets: ApiHandler = {
  key: 2,
  name: 'ListOffsets',
  minVersion: 0,
  maxVersion: 3,
  handle(request, { apiVersion, broker }) {
    request.int32(); // replica id
    if (apiVersion >= 2) request.int8(); // isolation level
    const topics = request.array((r) => ({
      name: r.string(),
      partitions: r.array((p) => {
        const index = p.int32();
        const timestamp = p.int64();
        if (apiVersion === 0) p.int32(); // max number of offsets
        return { index, timestamp };
      }),
    }));
    const w = new Writer();
    if (apiVersion >= 2) w.int32(0);
    w.array(topics, (out, topic) => {
      out.string(topic.name);
      out.array(topic.partitions, (po, { index, timestamp }) => {
        const log = broker.topics.partition(topic.name, index);
        let errorCode: number = ErrorCode.NONE;
        let offset = -1;
        if (!log) errorCode = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        else if (timestamp === LATEST) offset = log.highWatermark;
        else if (timestamp === EARLIEST) offset = log.logStartOffset;
        else offset = log.offsetForTimestamp(timestamp) ?? -1;
        po.int32(index).int16(errorCode);
        if (apiVersion === 0) po.array(offset >= 0 ? [offset] : [], (o, value) => o.int64(value));
        else po.int64(offset >= 0 && timestamp >= 0 ? timestamp : -1).int64(offset);
      });
    });
    return w;
  },
};
