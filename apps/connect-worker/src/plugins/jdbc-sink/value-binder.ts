// PreparedStatementBinder + GenericDatabaseDialect.bindField: a record → the statement's parameters.
// Time-based values are sent as wall-clock text in db.timezone, which is what Connector/J's
// setTimestamp/setTime/setDate with a calendar amount to. An int64 beyond ±(2^53−1) is a bigint
// (see @kafka-sync/contracts), bound as one: mysql2 sends it exactly (a LONGLONG, or its digits as
// text), where a number parameter would travel as a DOUBLE.

import type { ConnectSchema, ConnectStruct, ConnectValue, StructSchema } from '@kafka-sync/contracts';
import { ConnectError } from '../../connect-api/connect-error';
import type { SinkRecord } from '../../connect-api/sink-record';
import { defaultValueOf, fieldOf, javaType, logicalOf } from './connect-schema-util';
import type { FieldsMetadata } from './fields-metadata';
import type { InsertMode, JdbcSinkConfig } from './jdbc-sink-config';
import { formatDate, formatTime, formatTimestamp, formatTimestampFraction } from './time-zone';

export type SqlParam = string | number | bigint | Buffer | null;

type BinderConfig = Pick<
  JdbcSinkConfig,
  'pkMode' | 'zone' | 'dateZone' | 'timestampFieldsList' | 'timestampPrecision' | 'replaceNullWithDefault'
>;

export class ValueBinder {
  constructor(private readonly config: BinderConfig) {}

  bindField(schema: ConnectSchema, value: ConnectValue, fieldName: string): SqlParam {
    if (value === null) return null;
    switch (logicalOf(schema)) {
      case 'date':
        return formatDate(value as Date, this.config.dateZone);
      case 'decimal':
        return String(value);
      case 'time':
        return formatTime(value as Date, this.config.zone);
      case 'timestamp':
        return formatTimestamp(value as Date, this.config.zone);
      case null:
        break;
    }
    switch (schema.type) {
      case 'int8':
      case 'int16':
      case 'int32':
      case 'float':
      case 'double':
        return value as number;
      case 'int64':
        return this.config.timestampFieldsList.has(fieldName)
          ? this.epochTimestamp(BigInt(value as number | bigint))
          : (value as number | bigint);
      case 'boolean':
        return value ? 1 : 0;
      case 'string':
        return this.config.timestampFieldsList.has(fieldName) ? this.epochTimestamp(BigInt(value as string)) : (value as string);
      case 'bytes':
        return value as Buffer;
      default:
        throw new ConnectError(`Unsupported source data type: ${javaType(schema)}`);
    }
  }

  /** timestamp.fields.list: epoch micros (or nanos, timestamp.precision.mode=nanoseconds) → DATETIME(6) text. */
  private epochTimestamp(epoch: bigint): string {
    const perSecond = this.config.timestampPrecision === 'nanoseconds' ? 1_000_000_000n : 1_000_000n;
    let seconds = epoch / perSecond;
    let remainder = epoch % perSecond;
    if (remainder < 0n) {
      seconds -= 1n;
      remainder += perSecond;
    }
    const nanos = Number(this.config.timestampPrecision === 'nanoseconds' ? remainder : remainder * 1000n);
    return formatTimestampFraction(seconds, nanos, this.config.zone, 6);
  }

  /** Struct.get: a null field reads as the field's default, when it has one. */
  private bindStructField(schema: StructSchema, struct: ConnectStruct, name: string, withDefault: boolean): SqlParam {
    const field = fieldOf(schema, name) as ConnectSchema;
    const raw = Object.hasOwn(struct, name) ? struct[name] : null;
    return this.bindField(field, raw === null && withDefault ? defaultValueOf(field) : raw, name);
  }

  private pushKeyParams(params: SqlParam[], record: SinkRecord, metadata: FieldsMetadata): void {
    switch (this.config.pkMode) {
      case 'none':
        return;
      case 'kafka':
        params.push(record.topic, record.partition, record.offset);
        return;
      case 'record_key': {
        const schema = record.key.schema as ConnectSchema;
        if (schema.type !== 'struct') {
          params.push(this.bindField(schema, record.key.value, metadata.keyFieldNames[0]));
          return;
        }
        for (const name of metadata.keyFieldNames) params.push(this.bindStructField(schema, record.key.value as ConnectStruct, name, true));
        return;
      }
      case 'record_value':
        for (const name of metadata.keyFieldNames)
          params.push(this.bindStructField(record.value.schema as StructSchema, record.value.value as ConnectStruct, name, true));
        return;
    }
  }

  private pushNonKeyParams(params: SqlParam[], record: SinkRecord, metadata: FieldsMetadata): void {
    const schema = record.value.schema as StructSchema;
    const struct = record.value.value as ConnectStruct;
    for (const name of metadata.nonKeyFieldNames)
      params.push(this.bindStructField(schema, struct, name, this.config.replaceNullWithDefault));
  }

  /** bindRecord: deletes bind the key; insert/upsert bind key then the rest; update the rest then the key. */
  recordParams(record: SinkRecord, metadata: FieldsMetadata, insertMode: InsertMode): SqlParam[] {
    const params: SqlParam[] = [];
    if (record.value.value === null) {
      this.pushKeyParams(params, record, metadata);
    } else if (insertMode === 'update') {
      this.pushNonKeyParams(params, record, metadata);
      this.pushKeyParams(params, record, metadata);
    } else {
      this.pushKeyParams(params, record, metadata);
      this.pushNonKeyParams(params, record, metadata);
    }
    return params;
  }
}
