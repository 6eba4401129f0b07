import { Writer } from '../protocol/writer';
import type { ApiHandler } from './api';

/** Heartbeat v0-v3: keeps the member's session alive and tells it when to rejoin. */
export const heartbeat: ApiHandler = {
  key: 12,
  name: 'Heartbeat',
  minVersion: 0,
  maxVersion: 3,
  handle(request, { apiVersion, broker }) {
    const groupId = request.string();
    const generationId = request.int32();
    const memberId = request.string();
    if (apiVersion >= 3) request.nullableString(); // group instance id
    const w = new Writer();
    if (apiVersion >= 1) w.int32(0);
    return w.int16(broker.groups.heartbeat(groupId, generationId, memberId));
  },
};
