// Names for JSON value kinds as Jackson's JsonNodeType prints them, because Kafka Connect's error
// messages ("… but found ARRAY") contain them and ours must read the same.

import { stringifyJson } from './exact-json';
import type { JsonValue } from './json-value';

export type JsonNodeType = 'NULL' | 'BOOLEAN' | 'NUMBER' | 'STRING' | 'ARRAY' | 'OBJECT';

export function jsonNodeType(value: JsonValue): JsonNodeType {
  if (value === null) return 'NULL';
  if (Array.isArray(value)) return 'ARRAY';
  switch (typeof value) {
    case 'boolean':
      return 'BOOLEAN';
    case 'number':
    case 'bigint':
      return 'NUMBER';
    case 'string':
      return 'STRING';
    default:
      return 'OBJECT';
  }
}

const PREVIEW_LENGTH = 40;

/** "STRING \"5\"", "NUMBER 1.5", "OBJECT {\"a\":1}": the kind plus a short excerpt, for error messages. */
export function describeJson(value: JsonValue): string {
  const text = stringifyJson(value);
  const preview = text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH)}…` : text;
  return `${jsonNodeType(value)} ${preview}`;
}
