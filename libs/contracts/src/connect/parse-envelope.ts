// Record value bytes → { schema, value }: JsonConverter.toConnectData with schemas.enable=true.
// Throws ConnectDataError, with the converter's messages, for anything the converter refuses, and
// (see decode-value.ts) for wrong JSON types it would silently turn into 0, false or null.

import type { ConnectSchema } from './connect-schema';
import type { ConnectValue } from './connect-value';
import { ConnectDataError } from './connect-data-error';
import { decodeSchemaless } from './decode-schemaless';
import { decodeValue } from './decode-value';
import { parseSchema } from './parse-schema';
import { stringifyJson } from '../json/exact-json';
import { isJsonObject, type JsonValue } from '../json/json-value';
import { isBlankJson, readJson, type JsonInput } from '../json/read-json';
import { knownSchemaEnvelope, rememberEnvelopePrefix } from './envelope-prefixes';

export interface ParsedEnvelope {
  /** null for a tombstone, for {"schema":null,"payload":null} and for a schemaless payload. */
  readonly schema: ConnectSchema | null;
  readonly value: ConnectValue;
}

export interface ParseEnvelopeOptions {
  /** JsonConverter's replace.null.with.default, default true: a null or missing value takes the schema default. */
  readonly replaceNullWithDefault?: boolean;
}

const ENVELOPE_REQUIRED =
  'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain additional fields. ' +
  'If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.';

const SERIALIZATION_ERROR = 'Converting byte[] to Kafka Connect data failed due to serialization error: ';

const TOMBSTONE: ParsedEnvelope = Object.freeze({ schema: null, value: null });

/** JsonConverter's schemas.cache.size default: records of one topic nearly always carry the same schema. */
const SCHEMA_CACHE_SIZE = 1000;
const schemaCache = new Map<string, ConnectSchema | null>();

/** parseSchema, memoized by the schema's JSON text (parsing it costs several times more than printing it). */
function cachedSchema(key: string, json: JsonValue): ConnectSchema | null {
  const cached = schemaCache.get(key);
  if (cached !== undefined) return cached;
  // Frozen: every record with this schema shares the object, so nobody may change it.
  const schema = deepFreeze(parseSchema(json));
  if (schemaCache.size >= SCHEMA_CACHE_SIZE) schemaCache.delete(schemaCache.keys().next().value!);
  schemaCache.set(key, schema);
  return schema;
}

function deepFreeze<T>(value: T): T {
  // Buffers (typed arrays) cannot be frozen; a schema holds them only as default values.
  if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value) && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export function parseEnvelope(input: JsonInput | null | undefined, options: ParseEnvelopeOptions = {}): ParsedEnvelope {
  // A record with a null value (a tombstone) converts to "no schema, no value".
  if (input === null || input === undefined) return TOMBSTONE;
  const replaceNullWithDefault = options.replaceNullWithDefault ?? true;
  const known = typeof input === 'string' ? undefined : knownSchemaEnvelope(input);
  if (known !== undefined) return { schema: known.schema, value: decodePayload(known.schema, known.payload, replaceNullWithDefault) };
  // Jackson reads empty input as "no JSON value", which is not an envelope (not a syntax error).
  if (isBlankJson(input)) throw new ConnectDataError(ENVELOPE_REQUIRED);

  const read = readJson(input);
  if (!read.ok) throw new ConnectDataError(`${SERIALIZATION_ERROR}${read.error}`);
  const json = read.json;
  if (!isJsonObject(json) || Object.keys(json).length !== 2 || !Object.hasOwn(json, 'schema') || !Object.hasOwn(json, 'payload')) {
    throw new ConnectDataError(ENVELOPE_REQUIRED);
  }

  const schemaText = stringifyJson(json.schema);
  const schema = cachedSchema(schemaText, json.schema);
  if (typeof input !== 'string') rememberEnvelopePrefix(input, schemaText, schema);
  return { schema, value: decodePayload(schema, json.payload, replaceNullWithDefault) };
}

function decodePayload(schema: ConnectSchema | null, payload: JsonValue, replaceNullWithDefault: boolean): ConnectValue {
  return schema === null ? decodeSchemaless(payload, 'payload') : decodeValue(schema, payload, { path: 'payload', replaceNullWithDefault });
}
