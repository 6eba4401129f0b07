// The orders row is written down three times: the records' schemas (what the sink receives:
// ORDERS_SCHEMA for an order, ORDER_STATUS_SCHEMA for its decision, both keyed on order_id), the
// table the migrations make (what the sink writes to) and the TypeORM entity (what this service
// reads). Each is derived here on its own terms (the schemas' fields, information_schema after
// running the real migrations on a throwaway MariaDB database, the entity's metadata) and the three
// are compared column by column, so none of them can gain, lose or change a column alone. The
// migrated table is also compared with ORDERS_TABLE_DDL itself, indexes included.

import {
  ORDER_STATUS_SCHEMA,
  ORDERS_SCHEMA,
  ORDERS_TABLE,
  ORDERS_TABLE_DDL,
  ORDERS_TABLE_KEY,
  PENDING,
  TIMESTAMP_LOGICAL_NAME,
  type ConnectField,
} from '@kafka-sync/contracts';
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
  /** The value the table gives a row whose record lacks the column, or null. */
  default: string | null;
}

/**
 * The columns the table owns when a record lacks them: an order's record carries no status, so
 * its row is PENDING until the decision's record sets it (NOT NULL, as the default always fills it).
 */
const TABLE_DEFAULTS: Record<string, string> = { status: PENDING };

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

/** ORDERS_SCHEMA's fields then ORDER_STATUS_SCHEMA's, the key (in both) once. */
function schemaFields(): ConnectField[] {
  const orderFields = new Set(ORDERS_SCHEMA.fields.map((f) => f.field));
  return [...ORDERS_SCHEMA.fields, ...ORDER_STATUS_SCHEMA.fields.filter((f) => !orderFields.has(f.field))];
}

function schemaColumns(): Column[] {
  return schemaFields()
    .map((field) => ({
      name: field.field,
      family: connectFamily(field),
      nullable: field.optional && field.field !== ORDERS_TABLE_KEY && !(field.field in TABLE_DEFAULTS),
      primaryKey: field.field === ORDERS_TABLE_KEY,
      default: TABLE_DEFAULTS[field.field] ?? null,
    }))
    .sort(byName);
}

/** information_schema's COLUMN_DEFAULT as MariaDB spells it ('PENDING' quoted, NULL as the word) → the value. */
function sqlDefault(value: string | null): string | null {
  if (value === null || value === 'NULL') return null;
  return value.replace(/^'(.*)'$/, '$1');
}

interface InformationSchemaColumn {
  name: string;
  dataType: string;
  nullable: 'YES' | 'NO';
  columnKey: string;
  length: number | null;
  precision: number | null;
  columnDefault: string | null;
}

/** A DataSource on `database` (created if missing, as the service does) with the service's entities and migrations. */
async function ordersDataSource(database: string): Promise<DataSource> {
  await ensureDatabase(TEST_DATABASE_URL, database);
  const dataSource = new DataSource({
    type: 'mysql',
    ...connectionOptions(TEST_DATABASE_URL),
    database,
    entities: ORDERS_ENTITIES,
    migrations: ORDERS_MIGRATIONS,
    synchronize: false,
  });
  return dataSource.initialize();
}

async function showCreateTable(dataSource: DataSource): Promise<string> {
  const [row] = await dataSource.query(`SHOW CREATE TABLE \`${ORDERS_TABLE}\``);
  return row['Create Table'];
}

describe('the orders row: ORDERS_SCHEMA + ORDER_STATUS_SCHEMA, the migrated table and OrderEntity', () => {
  const db = throwawayDatabase('orders_table');
  let dataSource: DataSource;
  let table: InformationSchemaColumn[];

  beforeAll(async () => {
    dataSource = await ordersDataSource(db.name);
    await dataSource.runMigrations();
    table = await dataSource.query(
      `SELECT COLUMN_NAME AS name, DATA_TYPE AS dataType, IS_NULLABLE AS nullable, COLUMN_KEY AS columnKey,
              CHARACTER_MAXIMUM_LENGTH AS length, DATETIME_PRECISION AS \`precision\`, COLUMN_DEFAULT AS columnDefault
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
        default: sqlDefault(c.columnDefault),
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
        default: c.default === undefined ? null : String(c.default),
      }))
      .sort(byName);
  }

  it('the migrations make the table that OrderEntity maps', () => {
    expect(table.length).toBeGreaterThan(0);
    expect(dataSource.getMetadata(OrderEntity).tableName).toBe(ORDERS_TABLE);
  });

  it('both records carry the key, ORDERS_TABLE_KEY, as the same field, and share no other', () => {
    const shared = ORDER_STATUS_SCHEMA.fields.filter((f) => ORDERS_SCHEMA.fields.some((o) => o.field === f.field));
    expect(shared.map((f) => f.field)).toEqual([ORDERS_TABLE_KEY]);
    expect(shared[0]).toEqual(ORDERS_SCHEMA.fields.find((f) => f.field === ORDERS_TABLE_KEY));
  });

  it('the table has exactly the columns of both schemas: same names, types, nullability and defaults, keyed on ORDERS_TABLE_KEY', () => {
    expect(tableColumns()).toEqual(schemaColumns());
  });

  it('OrderEntity maps exactly the columns of both schemas: same names, types, nullability and defaults, keyed on ORDERS_TABLE_KEY', () => {
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

  it('the migrations make the very table ORDERS_TABLE_DDL makes: columns, order, defaults and indexes', async () => {
    const contract = throwawayDatabase('orders_contract');
    const direct = await ordersDataSource(contract.name);
    try {
      await direct.query(ORDERS_TABLE_DDL);
      expect(await showCreateTable(dataSource)).toBe(await showCreateTable(direct));
    } finally {
      await direct.destroy();
      await contract.drop();
    }
  });

  it("the status migration's down drops its columns and index; its up brings a table made before it, rows and all, to the contract", async () => {
    const older = throwawayDatabase('orders_older');
    const migrated = await ordersDataSource(older.name);
    try {
      await migrated.runMigrations();
      const withStatus = await showCreateTable(migrated);
      await migrated.undoLastMigration();
      const before = await showCreateTable(migrated);
      expect(before).not.toMatch(/status|decided_at/);
      await migrated.query(
        `INSERT INTO \`${ORDERS_TABLE}\` (order_id, user_id, product_id, qty, unit_price, total_price, created_at) VALUES ('o-1', 'u', 'p', 1, 2, 2, NOW(3))`,
      );

      await migrated.runMigrations();
      expect(await showCreateTable(migrated)).toBe(withStatus);
      expect(await migrated.query(`SELECT order_id, status, status_reason, decided_at FROM \`${ORDERS_TABLE}\``)).toEqual([
        { order_id: 'o-1', status: PENDING, status_reason: null, decided_at: null },
      ]);
    } finally {
      await migrated.destroy();
      await older.drop();
    }
  });
});
