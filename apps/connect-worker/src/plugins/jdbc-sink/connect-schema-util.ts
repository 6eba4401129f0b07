// Connect schema facts the sink needs: logical types, Java type names for messages, defaults.

import { isDeepStrictEqual } from 'node:util';
import {
  DATE_LOGICAL_NAME,
  DECIMAL_LOGICAL_NAME,
  parseEnvelope,
  stringifyJson,
  TIME_LOGICAL_NAME,
  TIMESTAMP_LOGICAL_NAME,
  type ConnectField,
  type ConnectSchema,
  type ConnectValue,
  type StructSchema,
} from '@kafka-sync/contracts';

export type Logical = 'decimal' | 'date' | 'time' | 'timestamp';

export function logicalOf(schema: ConnectSchema): Logical | null {
  switch (schema.name) {
    case DECIMAL_LOGICAL_NAME:
      return 'decimal';
    case DATE_LOGICAL_NAME:
      return 'date';
    case TIME_LOGICAL_NAME:
      return 'time';
    case TIMESTAMP_LOGICAL_NAME:
      return 'timestamp';
    default:
      return null;
  }
}

/** Connect's Schema.Type enum name: INT32, FLOAT64, STRUCT, … */
export function javaType(schema: ConnectSchema): string {
  if (schema.type === 'float') return 'FLOAT32';
  if (schema.type === 'double') return 'FLOAT64';
  return schema.type.toUpperCase();
}

/** Schema.Type.isPrimitive(): everything but ARRAY, MAP and STRUCT. */
export function isPrimitive(schema: ConnectSchema): boolean {
  return schema.type !== 'array' && schema.type !== 'map' && schema.type !== 'struct';
}

/** ConnectSchema.toString(): Schema{name:TYPE} or Schema{TYPE}. */
export function schemaToString(schema: ConnectSchema): string {
  return schema.name !== undefined ? `Schema{${schema.name}:${javaType(schema)}}` : `Schema{${javaType(schema)}}`;
}

/** StringUtils.schemaTypeOrNull: "Struct" for structs, else Type.getName() (int32, float64, …). */
export function schemaTypeOrNull(schema: ConnectSchema | null): string {
  if (schema === null) return 'null';
  return schema.type === 'struct' ? 'Struct' : javaType(schema).toLowerCase();
}

/** StringUtils.valueTypeOrNull: the Java class the converter would have produced. */
export function valueTypeOrNull(value: ConnectValue, schema: ConnectSchema | null): string {
  if (value === null) return 'null';
  if (schema !== null) {
    const logical = logicalOf(schema);
    if (logical === 'decimal') return 'BigDecimal';
    if (logical !== null) return 'Date';
    const names: Record<string, string> = {
      int8: 'Byte',
      int16: 'Short',
      int32: 'Integer',
      int64: 'Long',
      float: 'Float',
      double: 'Double',
      boolean: 'Boolean',
      string: 'String',
      bytes: 'byte[]',
      array: 'ArrayList',
      map: 'HashMap',
      struct: 'Struct',
    };
    return names[schema.type];
  }
  if (typeof value === 'number') return Number.isInteger(value) ? 'Long' : 'Double';
  if (typeof value === 'bigint') return 'Long';
  if (typeof value === 'string') return 'String';
  if (typeof value === 'boolean') return 'Boolean';
  if (Buffer.isBuffer(value)) return 'byte[]';
  if (Array.isArray(value)) return 'ArrayList';
  return 'HashMap';
}

export function fieldOf(schema: StructSchema, name: string): ConnectField | undefined {
  // Only a frozen schema (parseEnvelope freezes the ones records share) can be indexed once for good.
  if (!Object.isFrozen(schema)) return schema.fields.find((field) => field.field === name);
  let byName = fieldsByName.get(schema);
  if (byName === undefined) {
    byName = new Map(schema.fields.map((field) => [field.field, field]));
    fieldsByName.set(schema, byName);
  }
  return byName.get(name);
}

/** fieldOf runs for every column of every record; a struct schema is shared by all the records that carry it. */
const fieldsByName = new WeakMap<StructSchema, Map<string, ConnectField>>();

/** A schema's default value in its JavaScript form (a Date for a Timestamp, …), or null. */
export function defaultValueOf(schema: ConnectSchema): ConnectValue {
  if (schema.default === undefined || schema.default === null) return null;
  // stringifyJson: an int64 default beyond ±(2^53−1) is a bigint, which JSON.stringify cannot write.
  return parseEnvelope(stringifyJson({ schema: { ...schema, optional: true }, payload: null })).value;
}

/**
 * Objects.equals on two Connect schemas (structural), called for every record: the same object
 * answers at once, plain objects and arrays (what a parsed schema is made of) are compared here,
 * anything else as node's isDeepStrictEqual does.
 */
export function sameSchema(a: ConnectSchema | null, b: ConnectSchema | null): boolean {
  return deepEqual(a, b);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b && (a !== 0 || Object.is(a, b))) return true;
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b);
  const proto = Object.getPrototypeOf(a) as unknown;
  if (proto !== Object.getPrototypeOf(b)) return false;
  if (proto === Array.prototype) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!deepEqual(x[i], y[i])) return false;
    return true;
  }
  if (proto !== Object.prototype || Object.getOwnPropertySymbols(a).length > 0 || Object.getOwnPropertySymbols(b).length > 0)
    return isDeepStrictEqual(a, b);
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  for (const key of keys) if (!Object.hasOwn(y, key) || !deepEqual(x[key], y[key])) return false;
  return true;
}
