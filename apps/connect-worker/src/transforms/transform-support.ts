// What Kafka's transforms share (org.apache.kafka.connect.transforms.util.Requirements, Struct.get
// with defaults, ConfigDef's BOOLEAN and LIST parsing), plus the check that refuses keys a transform
// does not define: Kafka ignores those (AbstractConfig only logs "unused"), this worker names them,
// as it does every key it does not implement.

import {
  ConnectDataError,
  parseEnvelope,
  stringifyJson,
  type ConnectField,
  type ConnectSchema,
  type ConnectStruct,
  type ConnectValue,
} from '@kafka-sync/contracts';
import type { ConfigKey } from '../connect-api/config-key';
import { transformKey } from './transform-definition';

/** Java's IllegalArgumentException, as Connect names it in a trace or a dead letter's headers. */
export class JavaIllegalArgumentError extends Error {
  override readonly name = 'java.lang.IllegalArgumentException';
}

/** The Java class Connect would report for a converted value (Requirements.nullSafeClassName). */
export function javaClassName(value: ConnectValue | undefined): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return 'java.lang.String';
  if (typeof value === 'number') return Number.isInteger(value) ? 'java.lang.Long' : 'java.lang.Double';
  if (typeof value === 'boolean') return 'java.lang.Boolean';
  if (Array.isArray(value)) return 'java.util.ArrayList';
  if (value instanceof Map) return 'java.util.HashMap';
  if (Buffer.isBuffer(value)) return '[B';
  if (value instanceof Date) return 'java.util.Date';
  return 'org.apache.kafka.connect.data.Struct';
}

function isStructValue(value: ConnectValue): value is ConnectStruct {
  return (
    value !== null &&
    typeof value === 'object' &&
    !(value instanceof Map) &&
    !Array.isArray(value) &&
    !Buffer.isBuffer(value) &&
    !(value instanceof Date)
  );
}

/** Requirements.requireMap: schemaless data must be a map (JsonConverter with schemas.enable=false gives one for an object). */
export function requireMap(value: ConnectValue, purpose: string): ReadonlyMap<ConnectValue, ConnectValue> {
  if (!(value instanceof Map))
    throw new ConnectDataError(`Only Map objects supported in absence of schema for [${purpose}], found: ${javaClassName(value)}`);
  return value as ReadonlyMap<ConnectValue, ConnectValue>;
}

/** Requirements.requireStruct: with a schema, the data must be a Struct (a struct schema and a plain object here). */
export function requireStruct(schema: ConnectSchema, value: ConnectValue, purpose: string): ConnectStruct {
  if (schema.type !== 'struct' || !isStructValue(value))
    throw new ConnectDataError(`Only Struct objects supported for [${purpose}], found: ${javaClassName(value)}`);
  return value;
}

/** ConnectSchema.field(name): null when absent; a non-struct schema has no fields to look up. */
export function fieldOf(schema: ConnectSchema, name: string): ConnectField | null {
  if (schema.type !== 'struct') throw new ConnectDataError('Cannot look up fields on non-struct type');
  return schema.fields.find((f) => f.field === name) ?? null;
}

const decodedDefaults = new WeakMap<ConnectSchema, ConnectValue>();

/** A schema's default in its JavaScript form (the schema keeps it in payload JSON form); undefined when it has none. */
export function defaultValueOf(schema: ConnectSchema): ConnectValue | undefined {
  if (schema.default === undefined || schema.default === null) return undefined;
  if (decodedDefaults.has(schema)) return decodedDefaults.get(schema);
  const { field: _name, ...bare } = schema as ConnectSchema & { field?: string };
  // stringifyJson: an int64 default beyond ±(2^53−1) is a bigint, which JSON.stringify refuses.
  const decoded = parseEnvelope(stringifyJson({ schema: bare, payload: schema.default })).value;
  decodedDefaults.set(schema, decoded);
  return decoded;
}

/** Struct.get (the field's default for a null value) or, withDefault=false, Struct.getWithoutDefault. */
export function structGet(struct: ConnectStruct, field: ConnectField, withDefault: boolean): ConnectValue {
  const value = struct[field.field] ?? null;
  if (value !== null || !withDefault) return value;
  return defaultValueOf(field) ?? null;
}

/** SchemaBuilder.struct().field(…)…: refuses a second field of the same name, as SchemaBuilder does. */
export function checkedFields(fields: readonly ConnectField[]): ConnectField[] {
  const seen = new Set<string>();
  for (const f of fields) {
    if (f.field === '') throw new ConnectDataError('fieldName cannot be null.');
    if (seen.has(f.field)) throw new ConnectDataError(`Cannot create field because of field name duplication ${f.field}`);
    seen.add(f.field);
  }
  return [...fields];
}

/** ConfigDef's LIST parsing (String.split on commas, trimmed): "" is the empty list; trailing empty items drop out. */
export function parseJavaList(value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') return [];
  const items = value.trim().split(/\s*,\s*/);
  while (items.length > 0 && items[items.length - 1] === '') items.pop();
  return items;
}

/** ConfigDef's BOOLEAN parsing: true/false in any case, trimmed. */
export function parseJavaBoolean(value: string | undefined, defaultValue: boolean): boolean {
  return value === undefined ? defaultValue : value.trim().toLowerCase() === 'true';
}

export function booleanError(config: Record<string, string>, name: string): string | null {
  const value = config[name];
  if (value === undefined || ['true', 'false'].includes(value.trim().toLowerCase())) return null;
  return `Invalid value ${value} for configuration ${name}: Expected value to be either true or false`;
}

/** Keys every transform config carries besides its own: the class (`type`). */
const TRANSFORM_FRAMEWORK_KEYS = new Set(['type']);
/** Connect adds these to every transform's ConfigDef; this worker has no predicates. */
const PREDICATE_KEYS = new Set(['predicate', 'negate']);

/**
 * One error per key the transform does not define. Quoted "name" so the worker's validation
 * rewrites it to the full `transforms.<alias>.name`.
 */
export function unknownKeyErrors(config: Record<string, string>, keys: readonly ConfigKey[], className: string): Record<string, string[]> {
  const known = new Set(keys.map((k) => k.name));
  const simpleName = className.slice(className.lastIndexOf('.') + 1);
  const errors: Record<string, string[]> = {};
  for (const name of Object.keys(config)) {
    if (known.has(name) || TRANSFORM_FRAMEWORK_KEYS.has(name)) continue;
    errors[name] = [
      PREDICATE_KEYS.has(name)
        ? `Unknown configuration "${name}" for ${simpleName}: predicates are not implemented by this worker`
        : `Unknown configuration "${name}" for ${simpleName}`,
    ];
  }
  return errors;
}

/** Adds a message under a key of a validate() result. */
export function addError(errors: Record<string, string[]>, name: string, message: string): void {
  (errors[name] ??= []).push(message);
}

/** The key ExtractField, InsertField, ReplaceField and ValueToKey all define, with Kafka's doc. */
export const REPLACE_NULL_WITH_DEFAULT = 'replace.null.with.default';

export function replaceNullWithDefaultKey(): ConfigKey {
  return transformKey(
    REPLACE_NULL_WITH_DEFAULT,
    'BOOLEAN',
    false,
    'true',
    'Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.',
  );
}

/** REPLACE_NULL_WITH_DEFAULT's value (default true) or its error, for validate(). */
export function replaceNullWithDefault(config: Record<string, string>): boolean {
  return parseJavaBoolean(config[REPLACE_NULL_WITH_DEFAULT], true);
}
