// ResultSetMetaData for the JDBC source: the column definitions MariaDB sends with a result set
// (mysql2's FieldPacket), as the ColumnInfo the schema mapping reads. Confluent maps each
// ResultSet's metadata the same way, which is what makes `query` mode work without a table.

import type { FieldPacket } from 'mysql2';
import type { ColumnInfo } from './schema-mapping';

// MySQL protocol column types (include/mysql_com.h, enum_field_types) and column flags.
const TYPE_NAMES: Readonly<Record<number, string>> = {
  0: 'decimal',
  1: 'tinyint',
  2: 'smallint',
  3: 'int',
  4: 'float',
  5: 'double',
  7: 'timestamp',
  8: 'bigint',
  9: 'mediumint',
  10: 'date',
  11: 'time',
  12: 'datetime',
  13: 'year',
  14: 'date',
  15: 'varchar',
  16: 'bit',
  245: 'json',
  246: 'decimal',
  249: 'blob',
  250: 'blob',
  251: 'blob',
  252: 'blob',
  253: 'varchar',
  254: 'char',
};
const NOT_NULL_FLAG = 1;
const UNSIGNED_FLAG = 32;
const ENUM_FLAG = 256;
const AUTO_INCREMENT_FLAG = 512;
const SET_FLAG = 2048;
/** The `binary` collation: a column of bytes, not characters. */
const BINARY_CHARSET = 63;

export function columnInfoOf(field: FieldPacket): ColumnInfo {
  const flags = Number(field.flags ?? 0);
  const length = Number(field.columnLength ?? 0);
  const scale = Number(field.decimals ?? 0);
  const unsigned = (flags & UNSIGNED_FLAG) !== 0;
  const binary = field.characterSet === BINARY_CHARSET;
  let dataType = TYPE_NAMES[field.columnType ?? -1] ?? `type ${field.columnType}`;
  if (flags & ENUM_FLAG) dataType = 'enum';
  else if (flags & SET_FLAG) dataType = 'set';
  else if (dataType === 'blob') dataType = binary ? 'blob' : 'text';
  else if (dataType === 'varchar' && binary) dataType = 'varbinary';
  else if (dataType === 'char' && binary) dataType = 'binary';
  let numericPrecision: number | null = null;
  let columnType = dataType;
  if (dataType === 'decimal') {
    // The display length counts the sign and the decimal point (Connector/J's getPrecision takes them off).
    numericPrecision = length - (unsigned ? 0 : 1) - (scale > 0 ? 1 : 0);
    columnType = `decimal(${numericPrecision},${scale})`;
  } else if (dataType === 'tinyint' || dataType === 'bit') columnType = `${dataType}(${length})`;
  return {
    name: field.name,
    dataType,
    columnType: unsigned ? `${columnType} unsigned` : columnType,
    nullable: (flags & NOT_NULL_FLAG) === 0,
    numericScale: dataType === 'decimal' ? scale : null,
    numericPrecision,
    autoIncrement: (flags & AUTO_INCREMENT_FLAG) !== 0,
  };
}
