import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
import type { ApiHandler } from './api';

/** DeleteTopics v0-v1: removes the topic's data and the groups' committed offsets for it. */
export const deleteTopics: ApiHandler = {
  key: 20,
  name: 'DeleteTopics',
  minVersion: 0,
  maxVersion: 1,
  handle(request, { apiVersion, broker }) {
    const names = request.array((r) => r.string());
    request.int32(); // timeout
    const w = new Writer();
    if (apiVersion >= 1) w.int32(0);
    w.array(names, (out, name) => {
      const exists = broker.topics.get(name) !== undefined;
      if (exists) broker.deleteTopic(name);
      out.string(name).int16(exists ? ErrorCode.NONE : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    });
    return w;
  },
};
