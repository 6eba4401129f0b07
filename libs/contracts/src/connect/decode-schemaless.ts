// A payload under "schema": null, read the way JsonConverter infers types without a schema:
// integer → INT64, other number → FLOAT64, object → MAP (here a Map with string keys).

import type { ConnectValue } from './connect-value';
import { ConnectDataError } from './connect-data-error';
import { describeJson } from '../json/json-node-type';
import type { JsonValue } from '../json/json-value';

export function decodeSchemaless(json: JsonValue, path: string): ConnectValue {
  if (json === null || typeof json === 'boolean' || typeof json === 'string') return json;
  if (typeof json === 'number') {
    // Java reads these as longs or doubles; we refuse what a JavaScript number cannot hold exactly.
    if (Number.isInteger(json) ? Number.isSafeInteger(json) : Number.isFinite(json)) return json;
    throw new ConnectDataError(
      `Invalid schemaless number at ${path}: ${describeJson(json)} is beyond what a JavaScript number holds exactly`,
    );
  }
  if (Array.isArray(json)) return json.map((item, index) => decodeSchemaless(item, `${path}[${index}]`));
  return new Map(Object.entries(json).map(([key, item]) => [key, decodeSchemaless(item, `${path}[${JSON.stringify(key)}]`)]));
}
