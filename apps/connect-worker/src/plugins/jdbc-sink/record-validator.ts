// RecordValidator.create(config): what each record must carry before it is written.
//   pk.mode none / record_value, or delete.enabled=false → a non-null Struct value with its schema
//   pk.mode record_key, or delete.enabled=true           → a non-null key with a Struct or primitive schema

import { ConnectError } from '../../connect-api/connect-error';
import type { SinkRecord } from '../../connect-api/sink-record';
import { isPrimitive, schemaTypeOrNull, valueTypeOrNull } from './connect-schema-util';
import type { JdbcSinkConfig } from './jdbc-sink-config';

export type RecordValidator = (record: SinkRecord) => void;

function coordinates(record: SinkRecord): string {
  return `(topic='${record.topic}',partition=${record.partition},offset=${record.offset},timestamp=${record.timestamp ?? 'null'})`;
}

function configured(config: JdbcSinkConfig): string {
  return `Sink connector '${config.connectorName ?? 'null'}' is configured with 'delete.enabled=${config.deleteEnabled}' and 'pk.mode=${config.pkMode}'`;
}

function requiresValue(config: JdbcSinkConfig): RecordValidator {
  return (record) => {
    const { schema, value } = record.value;
    if (value !== null && schema !== null && schema.type === 'struct') return;
    throw new ConnectError(
      `${configured(config)} and therefore requires records with a non-null Struct or String value and non-null Struct or String schema, ` +
        `but found record at ${coordinates(record)} with a ${valueTypeOrNull(value, schema)} value and ${schemaTypeOrNull(schema)} value schema.`,
    );
  };
}

function requiresKey(config: JdbcSinkConfig): RecordValidator {
  return (record) => {
    const { schema, value } = record.key;
    if (value !== null && schema !== null && (schema.type === 'struct' || isPrimitive(schema))) return;
    throw new ConnectError(
      `${configured(config)} and therefore requires records with a non-null key and non-null Struct or primitive key schema, ` +
        `but found record at ${coordinates(record)} with a ${valueTypeOrNull(value, schema)} key and ${schemaTypeOrNull(schema)} key schema.`,
    );
  };
}

export function createRecordValidator(config: JdbcSinkConfig): RecordValidator {
  const validators: RecordValidator[] = [];
  const keyNeeded = config.pkMode === 'record_key' || config.deleteEnabled;
  const valueNeeded = config.pkMode === 'record_value' || config.pkMode === 'none' || !config.deleteEnabled;
  if (keyNeeded) validators.push(requiresKey(config));
  if (valueNeeded) validators.push(requiresValue(config));
  return (record) => validators.forEach((validate) => validate(record));
}
