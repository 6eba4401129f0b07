// TableDefinitions: whether a table exists (of an allowed table.types kind) and its column names,
// read from information_schema and cached until refreshed (the dialect's metadata look-ups).

import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { TableType } from './jdbc-sink-config';
import { tableKey, type TableId } from './table-id';

export interface TableDefinition {
  readonly id: TableId;
  readonly type: TableType;
  /** In ordinal order. */
  readonly columnNames: readonly string[];
}

function tableTypeOf(informationSchemaType: string): TableType | null {
  switch (informationSchemaType) {
    case 'BASE TABLE':
    case 'SYSTEM VERSIONED':
      return 'TABLE';
    case 'VIEW':
      return 'VIEW';
    default:
      return null;
  }
}

export class TableDefinitions {
  private readonly cache = new Map<string, TableDefinition>();

  constructor(private readonly tableTypes: ReadonlySet<TableType>) {}

  async get(connection: Connection, id: TableId): Promise<TableDefinition | null> {
    return this.cache.get(tableKey(id)) ?? this.refresh(connection, id);
  }

  async refresh(connection: Connection, id: TableId): Promise<TableDefinition | null> {
    const definition = await this.describe(connection, id);
    if (definition === null) this.cache.delete(tableKey(id));
    else this.cache.set(tableKey(id), definition);
    return definition;
  }

  private async describe(connection: Connection, id: TableId): Promise<TableDefinition | null> {
    const schema = id.catalog ?? null;
    const [tables] = await connection.query<RowDataPacket[]>(
      'SELECT TABLE_NAME AS name, TABLE_TYPE AS type FROM information_schema.TABLES WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ?',
      [schema, id.table],
    );
    // information_schema compares names without regard to case; the table name itself must match exactly.
    const table = tables.find((row) => row.name === id.table);
    const type = table ? tableTypeOf(String(table.type)) : null;
    if (!table || type === null || !this.tableTypes.has(type)) return null;
    const [columns] = await connection.query<RowDataPacket[]>(
      'SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION',
      [schema, id.table],
    );
    return { id, type, columnNames: columns.map((row) => String(row.name)) };
  }
}
