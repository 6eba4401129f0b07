// Kafka Connect schemas in the JSON form JsonConverter (schemas.enable=true) puts in the "schema"
// half of an envelope. Type strings are the converter's own: "float" and "double", never
// float32/float64 (those are Java enum names the converter rejects).

import type { JsonValue } from '../json/json-value';

export type ConnectPrimitiveType = 'int8' | 'int16' | 'int32' | 'int64' | 'float' | 'double' | 'boolean' | 'string' | 'bytes';

export type ConnectType = ConnectPrimitiveType | 'array' | 'map' | 'struct';

/** Attributes any schema may carry; JsonConverter writes them after the type-specific keys, in this order. */
export interface ConnectSchemaAttributes {
  /** JsonConverter always writes it; on read only the JSON boolean true makes a schema optional. */
  readonly optional: boolean;
  /** A record name ("orders") or a logical type name (org.apache.kafka.connect.data.Timestamp). */
  readonly name?: string;
  readonly version?: number;
  readonly doc?: string;
  /** String values only: the converter rejects anything else. Decimal keeps its "scale" here. */
  readonly parameters?: Readonly<Record<string, string>>;
  /** The default in its payload (JSON) encoding; used when the payload value is null or missing. */
  readonly default?: JsonValue;
}

export interface PrimitiveSchema extends ConnectSchemaAttributes {
  readonly type: ConnectPrimitiveType;
}

export interface ArraySchema extends ConnectSchemaAttributes {
  readonly type: 'array';
  readonly items: ConnectSchema;
}

export interface MapSchema extends ConnectSchemaAttributes {
  readonly type: 'map';
  readonly keys: ConnectSchema;
  readonly values: ConnectSchema;
}

export interface StructSchema extends ConnectSchemaAttributes {
  readonly type: 'struct';
  readonly fields: readonly ConnectField[];
}

export type ConnectSchema = PrimitiveSchema | ArraySchema | MapSchema | StructSchema;

/** A struct member: its schema plus the "field" key naming it (written last, as JsonConverter does). */
export type ConnectField = ConnectSchema & { readonly field: string };
