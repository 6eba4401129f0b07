// Compile-time link from a schema to the JavaScript value its payload holds, so that
// envelope(ORDERS_SCHEMA, payload) type-checks the payload. It lives only in the types: a schema
// object at run time is exactly the JSON JsonConverter writes.

import type { ConnectField, ConnectSchema } from './connect-schema';

declare const payloadType: unique symbol;

/** A schema whose payload, in JavaScript, is a V. */
export type TypedSchema<S extends ConnectSchema, V> = S & { readonly [payloadType]?: V };

/** The JavaScript payload type of a schema built with the builders; unknown for a schema read at run time. */
export type ValueOfSchema<S> = S extends { readonly [payloadType]?: infer V } ? V : unknown;

/** Optional schemas, and schemas with a default (written in place of a null), also take null. */
export type Nullable<V, Options> = Options extends { readonly optional: true } | { readonly default: unknown } ? V | null : V;

type FieldNameOf<F> = F extends { readonly field: infer N extends string } ? N : never;
type TakesNull<F> = null extends ValueOfSchema<F> ? true : false;
type Flatten<T> = { [K in keyof T]: T[K] };

/** A struct payload: required fields as required keys; optional fields may be left out (left out = null). */
export type StructValue<Fields extends readonly ConnectField[]> = Flatten<
  { [F in Fields[number] as TakesNull<F> extends true ? never : FieldNameOf<F>]: ValueOfSchema<F> } & {
    [F in Fields[number] as TakesNull<F> extends true ? FieldNameOf<F> : never]?: ValueOfSchema<F>;
  }
>;
