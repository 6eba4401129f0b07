// Connect's four logical types: a primitive schema plus a well-known name (and version 1). The name
// alone decides how a payload value is read, so it is checked against the underlying type once,
// when the schema is parsed.

import type { ConnectPrimitiveType, ConnectSchema } from './connect-schema';

export const TIMESTAMP_LOGICAL_NAME = 'org.apache.kafka.connect.data.Timestamp';
export const DATE_LOGICAL_NAME = 'org.apache.kafka.connect.data.Date';
export const TIME_LOGICAL_NAME = 'org.apache.kafka.connect.data.Time';
export const DECIMAL_LOGICAL_NAME = 'org.apache.kafka.connect.data.Decimal';

/** Every logical type is built with version 1 (Timestamp.builder(), Date.builder(), …). */
export const LOGICAL_TYPE_VERSION = 1;

/** Decimal keeps its scale, as a decimal string, in this schema parameter. */
export const DECIMAL_SCALE_PARAMETER = 'scale';

export const MILLIS_PER_DAY = 86_400_000;

export type LogicalType = 'timestamp' | 'date' | 'time' | 'decimal';

const BY_NAME: Readonly<Record<string, { logicalType: LogicalType; baseType: ConnectPrimitiveType }>> = {
  [TIMESTAMP_LOGICAL_NAME]: { logicalType: 'timestamp', baseType: 'int64' },
  [DATE_LOGICAL_NAME]: { logicalType: 'date', baseType: 'int32' },
  [TIME_LOGICAL_NAME]: { logicalType: 'time', baseType: 'int32' },
  [DECIMAL_LOGICAL_NAME]: { logicalType: 'decimal', baseType: 'bytes' },
};

/** The logical type a schema's name selects, if any. */
export function logicalTypeOf(schema: ConnectSchema): LogicalType | undefined {
  return schema.name !== undefined && Object.hasOwn(BY_NAME, schema.name) ? BY_NAME[schema.name].logicalType : undefined;
}

/** The primitive type a logical type must be built on, e.g. int64 for Timestamp. */
export function logicalBaseType(name: string): ConnectPrimitiveType | undefined {
  return Object.hasOwn(BY_NAME, name) ? BY_NAME[name].baseType : undefined;
}
