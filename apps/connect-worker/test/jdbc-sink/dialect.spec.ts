// MySQL dialect SQL (§3), compared with the strings of MySqlDatabaseDialectTest, and FieldsMetadata.

import { EOL } from 'node:os';
import { field, ORDERS_SCHEMA, schema, type ConnectSchema } from '@kafka-sync/contracts';
import { extractFieldsMetadata } from '../../src/plugins/jdbc-sink/fields-metadata';
import { MySqlDialect } from '../../src/plugins/jdbc-sink/mysql-dialect';
import type { SinkRecordField } from '../../src/plugins/jdbc-sink/sink-record-field';
import { parseTableIdentifier } from '../../src/plugins/jdbc-sink/table-id';
import { resolveZone, type Zone } from '../../src/plugins/jdbc-sink/time-zone';

const UTC = resolveZone('UTC') as Zone;
const dialect = (options: Partial<ConstructorParameters<typeof MySqlDialect>[0]> = {}) =>
  new MySqlDialect({ quoteIdentifiers: true, zone: UTC, dateZone: UTC, timestampFieldsList: new Set(), ...options });
const col = (name: string, s: ConnectSchema, isPrimaryKey = false): SinkRecordField => ({ name, schema: s, isPrimaryKey });
const table = { catalog: null, table: 'myTable' };

describe('MySQL type mapping', () => {
  it.each<[ConnectSchema, string]>([
    [schema.int8(), 'TINYINT'],
    [schema.int16(), 'SMALLINT'],
    [schema.int32(), 'INT'],
    [schema.int64(), 'BIGINT'],
    [schema.float(), 'FLOAT'],
    [schema.double(), 'DOUBLE'],
    [schema.boolean(), 'TINYINT'],
    [schema.string(), 'TEXT'],
    [schema.bytes(), 'VARBINARY(1024)'],
    [schema.decimal(2), 'DECIMAL(65,2)'],
    [schema.date(), 'DATE'],
    [schema.time(), 'TIME(3)'],
    [schema.timestamp(), 'DATETIME(3)'],
  ])('%j → %s', (s, sqlType) => {
    expect(dialect().sqlType(col('c', s))).toBe(sqlType);
  });

  it('maps a STRING key column to TEXT too', () => {
    expect(dialect().sqlType(col('order_id', schema.string(), true))).toBe('TEXT');
  });

  it('maps INT64 and STRING fields of timestamp.fields.list to DATETIME(6)', () => {
    const d = dialect({ timestampFieldsList: new Set(['ts', 'iso']) });
    expect([d.sqlType(col('ts', schema.int64())), d.sqlType(col('iso', schema.string())), d.sqlType(col('other', schema.int64()))]).toEqual(
      ['DATETIME(6)', 'DATETIME(6)', 'BIGINT'],
    );
  });

  it('has no column type for STRUCT, ARRAY or MAP', () => {
    expect(() => dialect().sqlType(col('s', schema.struct([field.int32('a')])))).toThrow(
      "null (STRUCT) type doesn't have a mapping to the SQL database column type",
    );
    expect(() => dialect().sqlType(col('a', schema.array(schema.int32())))).toThrow(
      "null (ARRAY) type doesn't have a mapping to the SQL database column type",
    );
  });
});

describe('CREATE TABLE', () => {
  it('has the reference shape', () => {
    const sql = dialect().buildCreateTableStatement(table, [
      col('c1', schema.int32(), true),
      col('c4', schema.string({ optional: true })),
      col('c5', schema.date({ default: new Date(Date.UTC(2001, 2, 15)) })),
      col('c9', schema.boolean({ default: true })),
    ]);
    expect(sql).toBe(
      [
        'CREATE TABLE `myTable` (',
        '`c1` INT NOT NULL,',
        '`c4` TEXT NULL,',
        "`c5` DATE DEFAULT '2001-03-15',",
        '`c9` TINYINT DEFAULT 1,',
        'PRIMARY KEY(`c1`))',
      ].join(EOL),
    );
  });

  it('writes NOT NULL for a key even when its schema is optional, and no PRIMARY KEY without keys', () => {
    const sql = dialect().buildCreateTableStatement({ catalog: 'mydb', table: 't' }, [
      col('k', schema.int64({ optional: true }), true),
      col('v', schema.int64()),
    ]);
    expect(sql).toBe(['CREATE TABLE `mydb`.`t` (', '`k` BIGINT NOT NULL,', '`v` BIGINT NOT NULL,', 'PRIMARY KEY(`k`))'].join(EOL));
    expect(dialect().buildCreateTableStatement(table, [col('v', schema.int64({ optional: true }))])).toBe(
      ['CREATE TABLE `myTable` (', '`v` BIGINT NULL)'].join(EOL),
    );
  });

  it('formats DEFAULT literals like Connect', () => {
    const d = dialect({ zone: resolveZone('Asia/Seoul') as Zone });
    const spec = (s: ConnectSchema) => d.columnSpec(col('c', s));
    expect(spec(schema.timestamp({ default: new Date(Date.UTC(2024, 0, 1, 15, 30, 0, 5)) }))).toBe(
      "`c` DATETIME(3) DEFAULT '2024-01-02 00:30:00.005'",
    );
    expect(spec(schema.time({ default: new Date(Date.UTC(1970, 0, 1, 1, 2, 3, 4)) }))).toBe("`c` TIME(3) DEFAULT '10:02:03.004'");
    expect(spec(schema.string({ default: "it's" }))).toBe("`c` TEXT DEFAULT 'it's'");
    expect(spec(schema.bytes({ default: Buffer.from([0x0a, 0xff]) }))).toBe("`c` VARBINARY(1024) DEFAULT x'0AFF'");
    expect(spec(schema.double({ default: 2 }))).toBe('`c` DOUBLE DEFAULT 2.0');
    expect(spec(schema.float({ default: 1.5 }))).toBe('`c` FLOAT DEFAULT 1.5');
    expect(spec(schema.int32({ default: -7 }))).toBe('`c` INT DEFAULT -7');
    expect(spec(schema.boolean({ default: false }))).toBe('`c` TINYINT DEFAULT 0');
    expect(spec(schema.decimal(2, { default: '12.50' }))).toBe('`c` DECIMAL(65,2) DEFAULT 12.50');
  });

  it('leaves identifiers bare with quote.sql.identifiers=never', () => {
    expect(dialect({ quoteIdentifiers: false }).buildCreateTableStatement(table, [col('c1', schema.int32(), true)])).toBe(
      ['CREATE TABLE myTable (', 'c1 INT NOT NULL,', 'PRIMARY KEY(c1))'].join(EOL),
    );
  });
});

describe('ALTER TABLE', () => {
  it('adds one column on the same line, several on new lines', () => {
    expect(dialect().buildAlterTable({ catalog: null, table: 't' }, [col('c', schema.int32({ optional: true }))])).toEqual([
      'ALTER TABLE `t` ADD `c` INT NULL',
    ]);
    expect(
      dialect().buildAlterTable({ catalog: null, table: 't' }, [
        col('c', schema.int32({ optional: true })),
        col('d', schema.string({ default: 'x' })),
      ]),
    ).toEqual([['ALTER TABLE `t` ', 'ADD `c` INT NULL,', "ADD `d` TEXT DEFAULT 'x'"].join(EOL)]);
  });
});

describe('DML', () => {
  it('builds the reference statements', () => {
    const d = dialect();
    expect(d.buildInsertStatement({ catalog: null, table: 'customers' }, [], ['age', 'firstName', 'lastName'])).toBe(
      'INSERT INTO `customers`(`age`,`firstName`,`lastName`) VALUES(?,?,?)',
    );
    expect(d.buildUpsertQueryStatement({ catalog: null, table: 'actor' }, ['actor_id'], ['first_name', 'last_name', 'score'])).toBe(
      'insert into `actor`(`actor_id`,`first_name`,`last_name`,`score`) values(?,?,?,?) on duplicate key update `first_name`=values(`first_name`),`last_name`=values(`last_name`),`score`=values(`score`)',
    );
    expect(d.buildUpsertQueryStatement({ catalog: null, table: 'actor' }, ['id', 'name'], [])).toBe(
      'insert into `actor`(`id`,`name`) values(?,?) on duplicate key update `id`=values(`id`),`name`=values(`name`)',
    );
    expect(d.buildUpdateStatement({ catalog: null, table: 'customers' }, ['id'], ['age', 'firstName'])).toBe(
      'UPDATE `customers` SET `age` = ?, `firstName` = ? WHERE `id` = ?',
    );
    expect(d.buildUpdateStatement({ catalog: null, table: 'customers' }, [], ['age'])).toBe('UPDATE `customers` SET `age` = ?');
    expect(d.buildUpdateStatement({ catalog: null, table: 'kafka_test' }, ['id', 'code'], ['text'])).toBe(
      'UPDATE `kafka_test` SET `text` = ? WHERE `id` = ? AND `code` = ?',
    );
    expect(d.buildDeleteStatement({ catalog: null, table: 't' }, ['id'])).toBe('DELETE FROM `t` WHERE `id` = ?');
    expect(dialect({ quoteIdentifiers: false }).buildInsertStatement({ catalog: 'db', table: 't' }, ['k'], ['v'])).toBe(
      'INSERT INTO db.t(k,v) VALUES(?,?)',
    );
  });
});

describe('table.name.format results', () => {
  it('are dotted identifiers', () => {
    expect(parseTableIdentifier('orders')).toEqual({ catalog: null, table: 'orders' });
    expect(parseTableIdentifier('other_db.orders')).toEqual({ catalog: 'other_db', table: 'orders' });
    expect(parseTableIdentifier('`my.db`.orders')).toEqual({ catalog: 'my.db', table: 'orders' });
    expect(() => parseTableIdentifier('db.')).toThrow('Failure parsing fully qualified identifier; ends in delimiter db.');
  });
});

describe('FieldsMetadata', () => {
  const value = schema.struct([field.string('b', { optional: true }), field.int32('a'), field.string('c', { optional: true })]);

  it('orders columns: kafka coordinates, value-schema order, then key-only fields sorted', () => {
    const kafka = extractFieldsMetadata('t', 'kafka', [], new Set(), null, value);
    expect([...kafka.allFields.keys()]).toEqual(['__connect_topic', '__connect_partition', '__connect_offset', 'b', 'a', 'c']);
    expect(kafka.keyFieldNames).toEqual(['__connect_topic', '__connect_partition', '__connect_offset']);
    const key = schema.struct([field.int32('z'), field.int32('y')]);
    const recordKey = extractFieldsMetadata('t', 'record_key', [], new Set(), key, value);
    expect([...recordKey.allFields.keys()]).toEqual(['b', 'a', 'c', 'y', 'z']);
    expect(recordKey.keyFieldNames).toEqual(['z', 'y']);
  });

  it('uses every value field as key in record_value mode with empty pk.fields, and filters non-key fields with fields.whitelist', () => {
    expect(extractFieldsMetadata('t', 'record_value', [], new Set(), null, value)).toMatchObject({
      keyFieldNames: ['b', 'a', 'c'],
      nonKeyFieldNames: [],
    });
    expect(extractFieldsMetadata('t', 'record_value', ['a'], new Set(['c']), null, value)).toMatchObject({
      keyFieldNames: ['a'],
      nonKeyFieldNames: ['c'],
    });
  });

  it('refuses bad pk.fields with Connect texts', () => {
    expect(() => extractFieldsMetadata('t', 'kafka', ['a', 'b'], new Set(), null, value)).toThrow(
      "PK mode for table 't' is KAFKA so there should either be no field names defined for defaults [__connect_topic, __connect_partition, __connect_offset] to be applicable, or exactly 3, defined fields are: [a, b]",
    );
    expect(() => extractFieldsMetadata('t', 'record_key', [], new Set(), schema.string(), value)).toThrow(
      'Need exactly one PK column defined since the key schema for records is a primitive type, defined columns are: []',
    );
    expect(() => extractFieldsMetadata('t', 'record_key', ['id', 'x'], new Set(), schema.string(), value)).toThrow(
      'Need exactly one PK column defined since the key schema for records is a primitive type, defined columns are: [id, x]',
    );
    expect(() => extractFieldsMetadata('orders', 'record_value', ['order_id', 'nope'], new Set(), null, ORDERS_SCHEMA)).toThrow(
      "PK mode for table 'orders' is RECORD_VALUE with configured PK fields [order_id, nope], but record value schema does not contain field: nope",
    );
    expect(() => extractFieldsMetadata('t', 'record_key', [], new Set(), null, value)).toThrow(
      "PK mode for table 't' is RECORD_KEY, but record key schema is missing",
    );
    expect(() => extractFieldsMetadata('t', 'none', [], new Set(), null, schema.struct([]))).toThrow(
      'No fields found using key and value schemas for table: t',
    );
  });

  it('types the kafka coordinates STRING, INT32, INT64; renamed ones are listed last, sorted (as Connect does)', () => {
    const kafka = extractFieldsMetadata('t', 'kafka', ['topic', 'part', 'off'], new Set(), null, value);
    expect(kafka.keyFieldNames).toEqual(['topic', 'part', 'off']);
    expect([...kafka.allFields.values()].map((f) => [f.name, f.schema.type, f.isPrimaryKey])).toEqual([
      ['b', 'string', false],
      ['a', 'int32', false],
      ['c', 'string', false],
      ['off', 'int64', true],
      ['part', 'int32', true],
      ['topic', 'string', true],
    ]);
  });
});
