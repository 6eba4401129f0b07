// MySqlDatabaseDialect.getSqlType: Connect schema → MySQL column type.

import { ConnectError } from '../../connect-api/connect-error';
import { javaType, logicalOf } from './connect-schema-util';
import type { SinkRecordField } from './sink-record-field';

export function mysqlSqlType(field: SinkRecordField, timestampFields: ReadonlySet<string>): string {
  const { schema } = field;
  switch (logicalOf(schema)) {
    case 'decimal':
      return `DECIMAL(65,${Number.parseInt(schema.parameters?.scale ?? '', 10)})`;
    case 'date':
      return 'DATE';
    case 'time':
      return 'TIME(3)';
    case 'timestamp':
      return 'DATETIME(3)';
    case null:
      break;
  }
  switch (schema.type) {
    case 'int8':
      return 'TINYINT';
    case 'int16':
      return 'SMALLINT';
    case 'int32':
      return 'INT';
    case 'int64':
      return timestampFields.has(field.name) ? 'DATETIME(6)' : 'BIGINT';
    case 'float':
      return 'FLOAT';
    case 'double':
      return 'DOUBLE';
    case 'boolean':
      return 'TINYINT';
    case 'string':
      // VARCHAR(256) became TEXT in 6.0.0 (#804), key columns included: a STRING key cannot be auto-created (#996).
      return timestampFields.has(field.name) ? 'DATETIME(6)' : 'TEXT';
    case 'bytes':
      return 'VARBINARY(1024)';
    default:
      throw new ConnectError(`${schema.name ?? 'null'} (${javaType(schema)}) type doesn't have a mapping to the SQL database column type`);
  }
}
