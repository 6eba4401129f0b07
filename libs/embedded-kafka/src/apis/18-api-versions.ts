import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
import type { ApiHandler } from './api';

const KEY = 18;

interface ApiVersionsResponse {
  errorCode: number;
  apiKeys: Array<{ apiKey: number; minVersion: number; maxVersion: number }>;
}

function versionRanges(handlers: ReadonlyMap<number, ApiHandler>): ApiVersionsResponse['apiKeys'] {
  return [...handlers.values()]
    .sort((a, b) => a.key - b.key)
    .map((h) => ({ apiKey: h.key, minVersion: h.minVersion, maxVersion: h.maxVersion }));
}

/**
 * What Kafka answers to an ApiVersions version it cannot parse: the v0 layout, error 35 and its
 * own range, so the client retries with a version both speak.
 */
export function unsupportedApiVersionsResponse(handlers: ReadonlyMap<number, ApiHandler>): Writer {
  const self = handlers.get(KEY)!;
  return new Writer().int16(ErrorCode.UNSUPPORTED_VERSION).array([self], (w, h) => w.int16(h.key).int16(h.minVersion).int16(h.maxVersion));
}

/** ApiVersions v0-v4: every API of the registry with its version range (v3+ flexible). */
export function apiVersionsHandler(handlers: () => ReadonlyMap<number, ApiHandler>): ApiHandler<unknown, ApiVersionsResponse> {
  return {
    key: KEY,
    name: 'ApiVersions',
    minVersion: 0,
    maxVersion: 4,
    handle: () => ({ errorCode: ErrorCode.NONE, apiKeys: versionRanges(handlers()) }),
  };
}
