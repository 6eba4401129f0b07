// A payload under "schema": null, read the way JsonConverter infers types without a schema:
// integer → INT64, other number → FLOAT64, object → MAP (here a Map with string keys). An integer
// beyond ±(2^53−1) arrives as a bigint (json/exact-json.ts) and stays one within Java's Long range.

import type { ConnectValue } from './connect-value';
import { ConnectDataError } from './connect-data-error';
import { isInt64BigInt } from './integer-ranges';
import { describeJson } from '../json/json-node-type';
import type { JsonValue } from '../json/json-value';

export function decodeSchemaless(json: JsonValue, path: string): ConnectValue {
  if (json === null || typeof json === 'boolean' || typeof json === 'string') return json;
  if (typeof json === 'bigint') {
    if (isInt64BigInt(json)) return json;
    // Java reads it as a BigInteger, which no Connect schema type holds.
    throw new ConnectDataError(`Invalid schemaless number at ${path}: ${describeJson(json)} is beyond the INT64 range`);
  }
  if (typeof json === 'number') {
    // Java reads these as longs or doubles; a non-integer number too large for a double reads as Infinity here.
    if (Number.isFinite(json)) return json;
    throw new ConnectDataError(
      `Invalid schemaless number at ${path}: ${describeJson(json)} is beyond what a JavaScript number holds exactly`,
    );
  }
  if (Array.isArray(json)) return json.map((item, index) => decodeSchemaless(item, `${path}[${index}]`));
  return new Map(Object.entries(json).map(([key, item]) => [key, decodeSchemaless(item, `${path}[${JSON.stringify(key)}]`)]));
}
