// FieldsMetadata.extract: which columns a record maps to, which of them form the key, and in what
// order a CREATE TABLE lists them (kafka coordinates, value-schema order, then the rest sorted).

import type { ConnectSchema } from '@kafka-sync/contracts';
import { ConnectError } from '../../connect-api/connect-error';
import { DEFAULT_KAFKA_PK_NAMES } from './config-def';
import { fieldOf, isPrimitive, javaType } from './connect-schema-util';
import type { PkMode } from './jdbc-sink-config';
import { INT32_SCHEMA, INT64_SCHEMA, STRING_SCHEMA, type SinkRecordField } from './sink-record-field';

export interface FieldsMetadata {
  /** In binding order. */
  readonly keyFieldNames: readonly string[];
  readonly nonKeyFieldNames: readonly string[];
  /** In CREATE TABLE order. */
  readonly allFields: ReadonlyMap<string, SinkRecordField>;
}

const list = (names: readonly string[]) => `[${names.join(', ')}]`;

export function extractFieldsMetadata(
  tableName: string,
  pkMode: PkMode,
  configuredPkFields: readonly string[],
  fieldsWhitelist: ReadonlySet<string>,
  keySchema: ConnectSchema | null,
  valueSchema: ConnectSchema | null,
): FieldsMetadata {
  if (valueSchema !== null && valueSchema.type !== 'struct') throw new ConnectError('Value schema must be of type Struct');
  const allFields = new Map<string, SinkRecordField>();
  const keyFieldNames: string[] = [];
  const addKey = (name: string, schema: ConnectSchema) => {
    if (!keyFieldNames.includes(name)) keyFieldNames.push(name);
    allFields.set(name, { name, schema, isPrimaryKey: true });
  };

  switch (pkMode) {
    case 'none':
      break;
    case 'kafka': {
      let names: readonly string[];
      if (configuredPkFields.length === 0) names = DEFAULT_KAFKA_PK_NAMES;
      else if (configuredPkFields.length === 3) names = configuredPkFields;
      else {
        throw new ConnectError(
          `PK mode for table '${tableName}' is KAFKA so there should either be no field names defined for defaults ${list(DEFAULT_KAFKA_PK_NAMES)} to be applicable, or exactly 3, defined fields are: ${list(configuredPkFields)}`,
        );
      }
      addKey(names[0], STRING_SCHEMA);
      addKey(names[1], INT32_SCHEMA);
      addKey(names[2], INT64_SCHEMA);
      break;
    }
    case 'record_key': {
      if (keySchema === null) throw new ConnectError(`PK mode for table '${tableName}' is RECORD_KEY, but record key schema is missing`);
      if (isPrimitive(keySchema)) {
        if (configuredPkFields.length !== 1) {
          throw new ConnectError(
            `Need exactly one PK column defined since the key schema for records is a primitive type, defined columns are: ${list(configuredPkFields)}`,
          );
        }
        addKey(configuredPkFields[0], keySchema);
      } else if (keySchema.type === 'struct') {
        const names = configuredPkFields.length === 0 ? keySchema.fields.map((f) => f.field) : configuredPkFields;
        for (const name of names) {
          if (!fieldOf(keySchema, name)) {
            throw new ConnectError(
              `PK mode for table '${tableName}' is RECORD_KEY with configured PK fields ${list(configuredPkFields)}, but record key schema does not contain field: ${name}`,
            );
          }
        }
        for (const name of names) addKey(name, fieldOf(keySchema, name) as ConnectSchema);
      } else {
        throw new ConnectError(`Key schema must be primitive type or Struct, but is of type: ${javaType(keySchema)}`);
      }
      break;
    }
    case 'record_value': {
      if (valueSchema === null)
        throw new ConnectError(`PK mode for table '${tableName}' is RECORD_VALUE, but record value schema is missing`);
      const names = configuredPkFields.length === 0 ? valueSchema.fields.map((f) => f.field) : configuredPkFields;
      for (const name of names) {
        if (!fieldOf(valueSchema, name)) {
          throw new ConnectError(
            `PK mode for table '${tableName}' is RECORD_VALUE with configured PK fields ${list(configuredPkFields)}, but record value schema does not contain field: ${name}`,
          );
        }
      }
      for (const name of names) addKey(name, fieldOf(valueSchema, name) as ConnectSchema);
      break;
    }
  }

  const nonKeyFieldNames: string[] = [];
  if (valueSchema !== null) {
    for (const field of valueSchema.fields) {
      if (keyFieldNames.includes(field.field)) continue;
      if (fieldsWhitelist.size > 0 && !fieldsWhitelist.has(field.field)) continue;
      nonKeyFieldNames.push(field.field);
      allFields.set(field.field, { name: field.field, schema: field, isPrimaryKey: false });
    }
  }
  if (allFields.size === 0) throw new ConnectError(`No fields found using key and value schemas for table: ${tableName}`);

  const ordered = new Map<string, SinkRecordField>();
  for (const name of DEFAULT_KAFKA_PK_NAMES) {
    const field = allFields.get(name);
    if (field) ordered.set(name, field);
  }
  if (valueSchema !== null) {
    for (const { field: name } of valueSchema.fields) {
      const field = allFields.get(name);
      if (field) ordered.set(name, field);
    }
  }
  // Java's Collections.sort on Strings: UTF-16 code unit order, as JavaScript's default sort.
  for (const name of [...allFields.keys()].sort()) {
    if (!ordered.has(name)) ordered.set(name, allFields.get(name) as SinkRecordField);
  }
  return { keyFieldNames, nonKeyFieldNames, allFields: ordered };
}
