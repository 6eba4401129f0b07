import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
import type { ApiHandler } from './api';

/** OffsetFetch v0-v4: committed offsets (-1 when none); null topics (v2+) means all of the group's. */
export const offsetFetch: ApiHandler = {
  key: 9,
  name: 'OffsetFetch',
  minVersion: 0,
  maxVersion: 4,
  handle(request, { apiVersion, broker }) {
    const groupId = request.string();
    const requested = request.nullableArray((r) => ({ name: r.string(), partitions: r.array((p) => p.int32()) }));
    const topics =
      requested ?? [...broker.offsets.all(groupId)].map(([name, partitions]) => ({ name, partitions: [...partitions.keys()] }));
    const w = new Writer();
    if (apiVersion >= 3) w.int32(0);
    w.array(topics, (out, topic) => {
      out.string(topic.name);
      out.array(topic.partitions, (po, index) => {
        const committed = broker.offsets.get(groupId, topic.name, index);
        po.int32(index)
          .int64(committed?.offset ?? -1)
          .nullableString(committed?.metadata ?? '')
          .int16(ErrorCode.NONE);
      });
    });
    if (apiVersion >= 2) w.int16(ErrorCode.NONE);
    return w;
  },
};
