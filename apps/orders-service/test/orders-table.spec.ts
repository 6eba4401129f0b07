// The orders row is written down three times: ORDERS_SCHEMA (what the sink receives), the table the
// migrations make (what the sink writes to) and the TypeORM entity (what this service reads). Each
// is derived here on its own terms (the schema's fields, information_schema after running the real
// migrations on a throwaway MariaDB database, the entity's metadata) and the three are compared
// column by column, so none of them can gain, lose or change a column alone.

import { ORDERS_SCHEMA, ORDERS_TABLE, ORDERS_TABLE_KEY, TIMESTAMP_LOGICAL_NAME, type ConnectField } from '@kafka-sync/contracts';
import { connectionOptions, ensureDatabase } from '@kafka-sync/service-kit';
import { TEST_DATABASE_URL, throwawayDatabase } from '@kafka-sync/testing';
import { DataSource } from 'typeorm';
import { ORDERS_ENTITIES, ORDERS_MIGRATIONS } from '../src/database/database.module';
import { OrderEntity } from '../src/orders/order.entity';

/** What a column holds, whatever its exact SQL spelling: the Connect type it carries. */
type Family = 'string' | 'int32' | 'timestamp';

interface Column {
  name: string;
  family: Family;
  nullable: boolean;
  primaryKey: boolean;
}

/**
 * The sink's MySQL dialect writes string as TEXT, int32 as INT and Timestamp as DATETIME(3) (and
 * makes a key column NOT NULL even when its field is optional); a column of the same family takes
 * the value unchanged.
 */
function connectFamily(field: ConnectField): Family {
  if (field.name === TIMESTAMP_LOGICAL_NAME) return 'timestamp';
  if (field.type === 'string' || field.type === 'int32') return field.type;
  throw new Error(`ORDERS_SCHEMA field ${field.field} has Connect type ${field.name ?? field.type}, which this test does not map yet`);
}

function sqlFamily(column: string, dataType: string): Family {
  switch (dataType.toLowerCase()) {
    case 'varchar':
    case 'char':
    case 'text':
      return 'string';
    case 'int':
      return 'int32';
    case 'datetime':
      return 'timestamp';
    default:
      throw new Error(`column ${column} has SQL type ${dataType}, which no ORDERS_SCHEMA field maps to`);
  }
}

/** The exact SQL type, as both the migration and the entity spell it: varchar(36), int, datetime(3). */
function sqlType(dataType: string, length: number | string | null | undefined, precision: number | null | undefined): string {
  const type = dataType.toLowerCase();
  if (type === 'varchar' || type === 'char') return `${type}(${length})`;
  if (type === 'datetime') return `${type}(${precision ?? 0})`;
  return type;
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

function schemaColumns(): Column[] {
  return ORDERS_SCHEMA.fields
    .map((field) => ({
      name: field.field,
      family: connectFamily(field),
      nullable: field.optional && field.field !== ORDERS_TABLE_KEY,
      primaryKey: field.field === ORDERS_TABLE_KEY,
    }))
    .sort(byName);
}

interface InformationSchemaColumn {
  name: string;
  dataType: string;
  nullable: 'YES' | 'NO';
  columnKey: string;
  length: number | null;
  precision: number | null;
}

describe('the orders row: ORDERS_SCHEMA, the migrated table and OrderEntity', () => {
  const db = throwawayDatabase('orders_table');
  let dataSource: DataSource;
  let table: InformationSchemaColumn[];

  beforeAll(async () => {
    await ensureDatabase(TEST_DATABASE_URL, db.name);
    dataSource = new DataSource({
      type: 'mysql',
      ...connectionOptions(TEST_DATABASE_URL),
      database: db.name,
      entities: ORDERS_ENTITIES,
      migrations: ORDERS_MIGRATIONS,
      synchronize: false,
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
    table = await dataSource.query(
      `SELECT COLUMN_NAME AS name, DATA_TYPE AS dataType, IS_NULLABLE AS nullable, COLUMN_KEY AS columnKey,
              CHARACTER_MAXIMUM_LENGTH AS length, DATETIME_PRECISION AS \`precision\`
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
      [db.name, ORDERS_TABLE],
    );
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db.drop();
  });

  function tableColumns(): Column[] {
    return table
      .map((c) => ({
        name: c.name,
        family: sqlFamily(c.name, c.dataType),
        nullable: c.nullable === 'YES',
        primaryKey: c.columnKey === 'PRI',
      }))
      .sort(byName);
  }

  function entityColumns(): Column[] {
    return dataSource
      .getMetadata(OrderEntity)
      .columns.map((c) => ({
        name: c.databaseName,
        family: sqlFamily(c.databaseName, String(c.type)),
        nullable: c.isNullable,
        primaryKey: c.isPrimary,
      }))
      .sort(byName);
  }

  it('the migrations make the table that OrderEntity maps', () => {
    expect(table.length).toBeGreaterThan(0);
    expect(dataSource.getMetadata(OrderEntity).tableName).toBe(ORDERS_TABLE);
  });

  it('the table has exactly the columns of ORDERS_SCHEMA: same names, types and nullability, keyed on ORDERS_TABLE_KEY', () => {
    expect(tableColumns()).toEqual(schemaColumns());
  });

  it('OrderEntity maps exactly the columns of ORDERS_SCHEMA: same names, types and nullability, keyed on ORDERS_TABLE_KEY', () => {
    expect(entityColumns()).toEqual(schemaColumns());
  });

  it('OrderEntity declares each column with the SQL type the migration gave it (lengths and precision included)', () => {
    const migrated = table.map((c) => ({ name: c.name, type: sqlType(c.dataType, c.length, c.precision) })).sort(byName);
    const mapped = dataSource
      .getMetadata(OrderEntity)
      .columns.map((c) => ({ name: c.databaseName, type: sqlType(String(c.type), c.length, c.precision) }))
      .sort(byName);
    expect(mapped).toEqual(migrated);
  });
});
