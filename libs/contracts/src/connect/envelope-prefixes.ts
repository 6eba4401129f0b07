// The fast path of parseEnvelope. A topic's records nearly always carry the same schema, written
// the same way byte for byte, and in JsonConverter's output it comes first:
// `{"schema":<schema>,"payload":<payload>}`. Once a record has been parsed in full, its bytes up to
// the payload are remembered with the parsed schema; a later record that starts with exactly those
// bytes only needs its payload parsed. Anything else (other spacing, other key order, extra keys,
// bad JSON) takes the full path, so every answer and every error stays the same.

import type { ConnectSchema } from './connect-schema';
import { parseJson } from '../json/exact-json';
import type { JsonValue } from '../json/json-value';

const SCHEMA_KEY = Buffer.from('{"schema":');
const PAYLOAD_KEY = Buffer.from(',"payload":');
const CLOSING_BRACE = 0x7d;
/** A handful of schemas per worker is typical; the least recently matched one is dropped beyond this. */
const MAX_PREFIXES = 16;

interface EnvelopePrefix {
  readonly bytes: Buffer;
  readonly schema: ConnectSchema | null;
}

const prefixes: EnvelopePrefix[] = [];
const utf8 = new TextDecoder('utf-8', { fatal: true });

function isJsonWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

function startsWith(input: Uint8Array, prefix: Buffer): boolean {
  return input.length > prefix.length && prefix.compare(input, 0, prefix.length) === 0;
}

/**
 * The schema and payload of an envelope whose prefix is known, or undefined (then the caller
 * parses it in full). The payload text must be one whole JSON value: a second key after it, or a
 * missing one, makes it invalid JSON and sends the record down the full path.
 */
export function knownSchemaEnvelope(input: Uint8Array): { schema: ConnectSchema | null; payload: JsonValue } | undefined {
  for (let index = 0; index < prefixes.length; index++) {
    const prefix = prefixes[index];
    if (!startsWith(input, prefix.bytes)) continue;
    let end = input.length - 1;
    while (end > prefix.bytes.length && isJsonWhitespace(input[end])) end--;
    if (input[end] !== CLOSING_BRACE) return undefined;
    let payload: JsonValue;
    try {
      payload = parseJson(utf8.decode(input.subarray(prefix.bytes.length, end)));
    } catch {
      return undefined;
    }
    if (index > 0) prefixes.unshift(...prefixes.splice(index, 1));
    return { schema: prefix.schema, payload };
  }
  return undefined;
}

/** After a full parse: remembers the record's prefix if its schema was written as JSON.stringify (stringifyJson) writes it. */
export function rememberEnvelopePrefix(input: Uint8Array, schemaText: string, schema: ConnectSchema | null): void {
  const bytes = Buffer.concat([SCHEMA_KEY, Buffer.from(schemaText), PAYLOAD_KEY]);
  if (!startsWith(input, bytes) || prefixes.some((prefix) => prefix.bytes.equals(bytes))) return;
  prefixes.unshift({ bytes, schema });
  if (prefixes.length > MAX_PREFIXES) prefixes.pop();
}
