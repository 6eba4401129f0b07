// SinkRecordField: one column-to-be, from a key or value schema field (or a Kafka coordinate).

import type { ConnectSchema, ConnectValue } from '@kafka-sync/contracts';
import { defaultValueOf, schemaToString } from './connect-schema-util';

export interface SinkRecordField {
  readonly name: string;
  readonly schema: ConnectSchema;
  readonly isPrimaryKey: boolean;
}

/** Primary-key columns are never optional (SinkRecordField.isOptional). */
export function isOptional(field: SinkRecordField): boolean {
  return !field.isPrimaryKey && field.schema.optional;
}

export function fieldDefault(field: SinkRecordField): ConnectValue {
  return defaultValueOf(field.schema);
}

/** SinkRecordField.toString(), which the DbStructure messages print. */
export function fieldToString(field: SinkRecordField): string {
  return `SinkRecordField{schema=${schemaToString(field.schema)}, name='${field.name}', isPrimaryKey=${field.isPrimaryKey}}`;
}

export const STRING_SCHEMA: ConnectSchema = { type: 'string', optional: false };
export const INT32_SCHEMA: ConnectSchema = { type: 'int32', optional: false };
export const INT64_SCHEMA: ConnectSchema = { type: 'int64', optional: false };
