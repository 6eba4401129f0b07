// JavaScript value → payload JSON, following a schema: the writing half of JsonConverter
// (convertToJson). Struct keys come out in field order, as Jackson writes them. Wrong JavaScript
// types are refused with the path of the offending value, so a bad record never reaches Kafka.

import type { ConnectSchema, MapSchema, StructSchema } from './connect-schema';
import { ConnectDataError } from './connect-data-error';
import { encodeBase64 } from './base64';
import { parseDecimal, unscaledToBytes } from './decimal-codec';
import { decimalScaleOf } from './decimal-scale';
import { describeRange, isIntegerIn, isIntegerType } from './integer-ranges';
import { logicalTypeOf, MILLIS_PER_DAY, type LogicalType } from './logical-types';
import { javaTypeName } from './type-names';
import { setOwn, type JsonObject, type JsonValue } from '../json/json-value';

const MIN_SAFE_BIGINT = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE_BIGINT = BigInt(Number.MAX_SAFE_INTEGER);

const LOGICAL_LABELS: Readonly<Record<LogicalType, string>> = { timestamp: 'Timestamp', date: 'Date', time: 'Time', decimal: 'Decimal' };

export function encodeValue(schema: ConnectSchema, value: unknown, path: string): JsonValue {
  if (value === null || value === undefined) {
    // Java writes the schema's default in place of a null, then null if optional.
    if (schema.default !== undefined) return schema.default;
    if (schema.optional) return null;
    throw new ConnectDataError(`Conversion error: null value for field that is required and has no default value (${path})`);
  }
  const logicalType = logicalTypeOf(schema);
  const typeLabel = logicalType === undefined ? javaTypeName(schema.type) : LOGICAL_LABELS[logicalType];
  const fail = (expected: string): never => {
    throw new ConnectDataError(`Invalid ${typeLabel} value at ${path}: expected ${expected} but found ${describe(value)}`);
  };

  switch (logicalType) {
    case 'timestamp':
      return validDate(value) ? value.getTime() : fail('a valid Date');
    case 'date':
      if (!validDate(value)) return fail('a valid Date at midnight UTC');
      if (value.getTime() % MILLIS_PER_DAY !== 0) {
        throw new ConnectDataError(`Kafka Connect Date type should not have any time fields set to non-zero values. (${path})`);
      }
      return value.getTime() / MILLIS_PER_DAY;
    case 'time':
      if (!validDate(value)) return fail('a valid Date on 1970-01-01 UTC');
      if (value.getTime() < 0 || value.getTime() > MILLIS_PER_DAY) {
        throw new ConnectDataError(`Kafka Connect Time type should not have any date fields set to non-zero values. (${path})`);
      }
      return value.getTime();
    case 'decimal': {
      if (typeof value !== 'string') return fail('a decimal string such as "12.50"');
      const parsed = parseDecimal(value, decimalScaleOf(schema));
      if (!parsed.ok) throw new ConnectDataError(`${parsed.error} (${path})`);
      return encodeBase64(unscaledToBytes(parsed.unscaled));
    }
  }

  if (isIntegerType(schema.type)) {
    if (!isIntegerIn(value, schema.type)) {
      // 2^53 + 1 as a number has already been rounded to 2^53: only a bigint carries it.
      if (schema.type === 'int64' && Number.isInteger(value)) return fail('a bigint beyond ±9007199254740991, where a number is not exact');
      return fail(describeRange(schema.type));
    }
    // A bigint that a number holds exactly is written as a number, so the payload of every int64
    // within ±(2^53−1) still goes through JSON.stringify; beyond, stringifyJson writes its digits.
    return typeof value === 'bigint' && value >= MIN_SAFE_BIGINT && value <= MAX_SAFE_BIGINT ? Number(value) : value;
  }
  switch (schema.type) {
    case 'float':
    case 'double':
      return typeof value === 'number' && Number.isFinite(value) ? value : fail('a finite number');
    case 'boolean':
      return typeof value === 'boolean' ? value : fail('a boolean');
    case 'string':
      return typeof value === 'string' ? value : fail('a string');
    case 'bytes':
      return value instanceof Uint8Array ? encodeBase64(value) : fail('a Buffer or Uint8Array');
    case 'array':
      return Array.isArray(value) ? value.map((item, index) => encodeValue(schema.items, item, `${path}[${index}]`)) : fail('an array');
    case 'map':
      return encodeMap(schema, value, path, fail);
    case 'struct':
      return isPlainObject(value) ? encodeStruct(schema, value, path) : fail('a plain object with the struct fields');
  }
  return fail('a value of a known type');
}

function encodeStruct(schema: StructSchema, value: Record<string, unknown>, path: string): JsonObject {
  const known = new Set(schema.fields.map((field) => field.field));
  const unknown = Object.keys(value).filter((key) => !known.has(key));
  if (unknown.length > 0) {
    // A misspelt key would otherwise vanish silently and its column stay null.
    throw new ConnectDataError(`Unknown field "${unknown[0]}" at ${path}: the schema has ${[...known].join(', ')}`);
  }
  const payload: JsonObject = {};
  for (const field of schema.fields) {
    const fieldValue = Object.hasOwn(value, field.field) ? value[field.field] : undefined;
    setOwn(payload, field.field, encodeValue(field, fieldValue, `${path}.${field.field}`));
  }
  return payload;
}

/** String keys → a JSON object; any other key type → an array of [key, value] pairs (JsonConverter's two map forms). */
function encodeMap(schema: MapSchema, value: unknown, path: string, fail: (expected: string) => never): JsonValue {
  let entries: [unknown, unknown][];
  if (value instanceof Map) entries = [...value.entries()];
  else if (isPlainObject(value)) entries = Object.entries(value);
  else return fail('a Map or a plain object');

  if (schema.keys.type === 'string') {
    const object: JsonObject = {};
    for (const [key, item] of entries) {
      const jsonKey = encodeValue(schema.keys, key, `${path} key`);
      if (typeof jsonKey !== 'string') return fail('a map whose keys are strings');
      setOwn(object, jsonKey, encodeValue(schema.values, item, `${path}[${JSON.stringify(jsonKey)}]`));
    }
    return object;
  }
  return entries.map(([key, item], index) => [
    encodeValue(schema.keys, key, `${path} key #${index}`),
    encodeValue(schema.values, item, `${path} value #${index}`),
  ]);
}

function validDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'bigint') return `bigint ${value}n`;
  if (typeof value !== 'object' || value === null) return `${typeof value} ${String(value)}`;
  return (value as object).constructor?.name ?? 'object';
}
