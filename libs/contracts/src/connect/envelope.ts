// Schema + JavaScript payload → the JsonConverter envelope, byte for byte what Kafka Connect's
// JsonConverter (and the course's Jackson producer) writes: {"schema":…,"payload":…}, schema keys
// in asJsonSchema's order, payload keys in field order, Decimal as base64 (decimal.format=BASE64,
// the default; the NUMERIC format is not offered because JSON.stringify cannot write exact decimals).

import type { ConnectSchema } from './connect-schema';
import { encodeValue } from './encode-value';
import { parseSchema } from './parse-schema';
import type { ValueOfSchema } from './typed-schema';
import { stringifyJson } from '../json/exact-json';
import type { JsonValue } from '../json/json-value';

export interface ConnectEnvelope {
  readonly schema: ConnectSchema;
  readonly payload: JsonValue;
}

/** Checked, key-ordered copies of the schemas we write, kept for as long as the schema object lives. */
const canonicalSchemas = new WeakMap<ConnectSchema, ConnectSchema>();

function canonical(schema: ConnectSchema): ConnectSchema {
  let checked = canonicalSchemas.get(schema);
  if (checked === undefined) {
    // Reading our own schema back through the parser both checks it and puts its keys in order.
    checked = parseSchema(schema) as ConnectSchema;
    canonicalSchemas.set(schema, checked);
  }
  return checked;
}

export function envelope<S extends ConnectSchema>(schema: S, payload: ValueOfSchema<S>): ConnectEnvelope {
  const checked = canonical(schema);
  return { schema: checked, payload: encodeValue(checked, payload, 'payload') };
}

/** The envelope as JSON text (an int64 beyond ±(2^53−1), a bigint, written exactly); Kafka clients send a string value as its UTF-8 bytes. */
export function serializeEnvelope<S extends ConnectSchema>(schema: S, payload: ValueOfSchema<S>): string {
  return stringifyJson(envelope(schema, payload));
}
