import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
import { topicNameProblem } from '../storage/topic-store';
import type { ApiHandler } from './api';

/** Metadata v0-v6: the single broker (also the controller), and the topics asked for (auto-created when allowed). */
export const metadata: ApiHandler = {
  key: 3,
  name: 'Metadata',
  minVersion: 0,
  maxVersion: 6,
  handle(request, { apiVersion, broker }) {
    const requested = request.nullableArray((r) => r.string());
    const allowAutoCreate = apiVersion >= 4 ? request.bool() : true;
    // v0: an empty list means all topics; v1+: null means all, [] means none.
    const wantsAll = requested === null || (apiVersion === 0 && requested.length === 0);
    const names = wantsAll ? broker.topics.list().map((t) => t.name) : requested;
    const w = new Writer();
    if (apiVersion >= 3) w.int32(0);
    w.array([broker.nodeId], (out, nodeId) => {
      out.int32(nodeId).string(broker.advertisedHost).int32(broker.advertisedPort);
      if (apiVersion >= 1) out.nullableString(null);
    });
    if (apiVersion >= 2) w.nullableString(broker.clusterId);
    if (apiVersion >= 1) w.int32(broker.nodeId);
    w.array(names, (out, name) => {
      const topic = topicNameProblem(name) ? ErrorCode.INVALID_TOPIC_EXCEPTION : broker.topicOrCreate(name, allowAutoCreate);
      const errorCode = typeof topic === 'number' ? topic : ErrorCode.NONE;
      out.int16(errorCode).string(name);
      if (apiVersion >= 1) out.bool(false);
      const partitions = typeof topic === 'number' ? [] : topic.partitions.map((_, index) => index);
      out.array(partitions, (p, index) => {
        p.int16(ErrorCode.NONE).int32(index).int32(broker.nodeId).int32Array([broker.nodeId]).int32Array([broker.nodeId]);
        if (apiVersion >= 5) p.int32Array([]);
      });
    });
    return w;
  },
};
