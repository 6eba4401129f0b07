import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
import type { ApiHandler } from './api';

const KEY = 18;

function versionRanges(handlers: ReadonlyMap<number, ApiHandler>): ApiHandler[] {
  return [...handlers.values()].sort((a, b) => a.key - b.key);
}

/** What Kafka answers to an ApiVersions version it cannot parse: v0 layout, error 35, its own range. */
export function unsupportedApiVersionsResponse(handlers: ReadonlyMap<number, ApiHandler>): Writer {
  const self = handlers.get(KEY)!;
  return new Writer().int16(ErrorCode.UNSUPPORTED_VERSION).array([self], (w, h) => w.int16(h.key).int16(h.minVersion).int16(h.maxVersion));
}

/** ApiVersions v0-v3; v3 is flexible (compact array and tagged fields in the body, none in the header). */
export function apiVersionsHandler(handlers: () => ReadonlyMap<number, ApiHandler>): ApiHandler {
  return {
    key: KEY,
    name: 'ApiVersions',
    minVersion: 0,
    maxVersion: 3,
    handle(_request, { apiVersion }) {
      const apis = versionRanges(handlers());
      const w = new Writer().int16(ErrorCode.NONE);
      if (apiVersion >= 3) {
        w.uvarint(apis.length + 1);
        for (const h of apis) w.int16(h.key).int16(h.minVersion).int16(h.maxVersion).uvarint(0);
        return w.int32(0).uvarint(0);
      }
      w.array(apis, (out, h) => out.int16(h.key).int16(h.minVersion).int16(h.maxVersion));
      if (apiVersion >= 1) w.int32(0);
      return w;
    },
  };
}
