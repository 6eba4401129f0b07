// Declarative schema builders. Every schema they return is already in JsonConverter's key order
// (asJsonSchema): type, then items | keys, values | fields, then optional, name, version, doc,
// parameters, default; a struct member gets its "field" key last. Example:
//
//   schema.struct([field.string('order_id', { optional: true }), field.timestamp('created_at')], { name: 'orders' })

import type {
  ArraySchema,
  ConnectField,
  ConnectPrimitiveType,
  ConnectSchema,
  ConnectType,
  MapSchema,
  PrimitiveSchema,
  StructSchema,
} from './connect-schema';
import { ConnectDataError } from './connect-data-error';
import { encodeValue } from './encode-value';
import {
  DATE_LOGICAL_NAME,
  DECIMAL_LOGICAL_NAME,
  DECIMAL_SCALE_PARAMETER,
  LOGICAL_TYPE_VERSION,
  TIME_LOGICAL_NAME,
  TIMESTAMP_LOGICAL_NAME,
} from './logical-types';
import type { Nullable, StructValue, TypedSchema, ValueOfSchema } from './typed-schema';

export interface SchemaOptions<V> {
  readonly optional?: boolean;
  readonly name?: string;
  readonly version?: number;
  readonly doc?: string;
  readonly parameters?: Readonly<Record<string, string>>;
  /** In JavaScript form (a Date for a Timestamp, a string for a Decimal); written in payload form. */
  readonly default?: V;
}

/** Logical types fix their own name and version. */
export type LogicalSchemaOptions<V> = Omit<SchemaOptions<V>, 'name' | 'version'>;

interface FixedAttributes {
  readonly name: string;
  readonly version: number;
  readonly parameters?: Readonly<Record<string, string>>;
}

function buildSchema(type: ConnectType, typeKeys: object, options: SchemaOptions<unknown> = {}, fixed?: FixedAttributes): ConnectSchema {
  const attributes = { ...options, ...fixed };
  const withoutDefault = withoutUndefined({
    type,
    ...typeKeys,
    optional: attributes.optional === true,
    name: attributes.name,
    version: attributes.version,
    doc: attributes.doc,
    parameters: attributes.parameters,
  });
  if (attributes.default === undefined || attributes.default === null) return withoutDefault;
  return { ...withoutDefault, default: encodeValue(withoutDefault, attributes.default, 'default') };
}

/** Absent attributes are left out rather than written as null, as JsonConverter does. */
function withoutUndefined(object: Record<string, unknown>): ConnectSchema {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as unknown as ConnectSchema;
}

function primitive<V>(type: ConnectPrimitiveType) {
  return <const O extends SchemaOptions<V> = SchemaOptions<V>>(options?: O) =>
    buildSchema(type, {}, options) as TypedSchema<PrimitiveSchema, Nullable<V, O>>;
}

function logical<V>(type: ConnectPrimitiveType, name: string) {
  return <const O extends LogicalSchemaOptions<V> = LogicalSchemaOptions<V>>(options?: O) =>
    buildSchema(type, {}, options, { name, version: LOGICAL_TYPE_VERSION }) as TypedSchema<PrimitiveSchema, Nullable<V, O>>;
}

function decimal<const O extends LogicalSchemaOptions<string> = LogicalSchemaOptions<string>>(scale: number, options?: O) {
  if (!Number.isInteger(scale)) throw new ConnectDataError(`A Decimal scale must be an integer, not ${scale}`);
  const { [DECIMAL_SCALE_PARAMETER]: _ignored, ...otherParameters } = options?.parameters ?? {};
  const parameters = { [DECIMAL_SCALE_PARAMETER]: String(scale), ...otherParameters };
  return buildSchema('bytes', {}, options, { name: DECIMAL_LOGICAL_NAME, version: LOGICAL_TYPE_VERSION, parameters }) as TypedSchema<
    PrimitiveSchema,
    Nullable<string, O>
  >;
}

function array<S extends ConnectSchema, const O extends SchemaOptions<ValueOfSchema<S>[]> = SchemaOptions<ValueOfSchema<S>[]>>(
  items: S,
  options?: O,
) {
  return buildSchema('array', { items }, options) as TypedSchema<ArraySchema, Nullable<ValueOfSchema<S>[], O>>;
}

type MapValue<K, V> = Map<ValueOfSchema<K>, ValueOfSchema<V>>;

function map<
  K extends ConnectSchema,
  V extends ConnectSchema,
  const O extends SchemaOptions<MapValue<K, V>> = SchemaOptions<MapValue<K, V>>,
>(keys: K, values: V, options?: O) {
  return buildSchema('map', { keys, values }, options) as TypedSchema<MapSchema, Nullable<MapValue<K, V>, O>>;
}

function struct<const F extends readonly ConnectField[], const O extends SchemaOptions<StructValue<F>> = SchemaOptions<StructValue<F>>>(
  fields: F,
  options?: O,
) {
  const seen = new Set<string>();
  for (const { field: name } of fields) {
    // SchemaBuilder.field's own message: a struct cannot hold two fields of one name.
    if (seen.has(name)) throw new ConnectDataError(`Cannot create field because of field name duplication ${name}`);
    seen.add(name);
  }
  return buildSchema('struct', { fields }, options) as TypedSchema<StructSchema, Nullable<StructValue<F>, O>>;
}

/** Schemas, unnamed: for a record value or for the items, keys and values of arrays and maps. */
export const schema = {
  int8: primitive<number>('int8'),
  int16: primitive<number>('int16'),
  int32: primitive<number>('int32'),
  /** number within ±(2^53−1), bigint beyond (to ±2^63); parseEnvelope gives a bigint only beyond. */
  int64: primitive<number | bigint>('int64'),
  float: primitive<number>('float'),
  double: primitive<number>('double'),
  boolean: primitive<boolean>('boolean'),
  string: primitive<string>('string'),
  bytes: primitive<Buffer>('bytes'),
  /** Milliseconds since the epoch, as int64. */
  timestamp: logical<Date>('int64', TIMESTAMP_LOGICAL_NAME),
  /** Days since the epoch, as int32. */
  date: logical<Date>('int32', DATE_LOGICAL_NAME),
  /** Milliseconds since midnight, as int32. */
  time: logical<Date>('int32', TIME_LOGICAL_NAME),
  decimal,
  array,
  map,
  struct,
};

function named<const N extends string, S extends ConnectSchema>(name: N, fieldSchema: S): S & { readonly field: N } {
  return { ...fieldSchema, field: name };
}

function namedPrimitive<V>(build: ReturnType<typeof primitive<V>>) {
  return <const N extends string, const O extends SchemaOptions<V> = SchemaOptions<V>>(name: N, options?: O) =>
    named(name, build<O>(options));
}

function namedLogical<V>(build: ReturnType<typeof logical<V>>) {
  return <const N extends string, const O extends LogicalSchemaOptions<V> = LogicalSchemaOptions<V>>(name: N, options?: O) =>
    named(name, build<O>(options));
}

/** Struct members: the same schemas, each with the name of its field. */
export const field = {
  int8: namedPrimitive(schema.int8),
  int16: namedPrimitive(schema.int16),
  int32: namedPrimitive(schema.int32),
  int64: namedPrimitive(schema.int64),
  float: namedPrimitive(schema.float),
  double: namedPrimitive(schema.double),
  boolean: namedPrimitive(schema.boolean),
  string: namedPrimitive(schema.string),
  bytes: namedPrimitive(schema.bytes),
  timestamp: namedLogical(schema.timestamp),
  date: namedLogical(schema.date),
  time: namedLogical(schema.time),
  decimal: <const N extends string, const O extends LogicalSchemaOptions<string> = LogicalSchemaOptions<string>>(
    name: N,
    scale: number,
    options?: O,
  ) => named(name, decimal<O>(scale, options)),
  array: <
    const N extends string,
    S extends ConnectSchema,
    const O extends SchemaOptions<ValueOfSchema<S>[]> = SchemaOptions<ValueOfSchema<S>[]>,
  >(
    name: N,
    items: S,
    options?: O,
  ) => named(name, array<S, O>(items, options)),
  map: <
    const N extends string,
    K extends ConnectSchema,
    V extends ConnectSchema,
    const O extends SchemaOptions<MapValue<K, V>> = SchemaOptions<MapValue<K, V>>,
  >(
    name: N,
    keys: K,
    values: V,
    options?: O,
  ) => named(name, map<K, V, O>(keys, values, options)),
  struct: <
    const N extends string,
    const F extends readonly ConnectField[],
    const O extends SchemaOptions<StructValue<F>> = SchemaOptions<StructValue<F>>,
  >(
    name: N,
    fields: F,
    options?: O,
  ) => named(name, struct<F, O>(fields, options)),
};
