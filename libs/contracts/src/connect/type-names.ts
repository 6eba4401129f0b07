// Connect's Java enum names for schema types (Schema.Type), which its error messages use:
// "Invalid null value for required INT32 field", "…schema type: STRING".

import type { ConnectType } from './connect-schema';

const JAVA_TYPE_NAMES: Readonly<Record<ConnectType, string>> = {
  int8: 'INT8',
  int16: 'INT16',
  int32: 'INT32',
  int64: 'INT64',
  float: 'FLOAT32',
  double: 'FLOAT64',
  boolean: 'BOOLEAN',
  string: 'STRING',
  bytes: 'BYTES',
  array: 'ARRAY',
  map: 'MAP',
  struct: 'STRUCT',
};

export function javaTypeName(type: ConnectType): string {
  return JAVA_TYPE_NAMES[type];
}
