// TableId: [catalog.]table, parsed from table.name.format's result like IdentifierRules
// (split on ".", a segment may be backtick-quoted), qualified with the connection's catalog.

export interface TableId {
  readonly catalog: string | null;
  readonly table: string;
}

export function parseTableIdentifier(fqn: string): TableId {
  const parts: string[] = [];
  let rest = fqn;
  do {
    let segment: string;
    if (rest.startsWith('`')) {
      const end = rest.indexOf('`', 1);
      if (end < 0) throw new Error(`Failure parsing fully qualified identifier; missing trailing quote in ${fqn}`);
      segment = rest.slice(1, end);
      rest = rest.slice(end + 1);
      if (rest.startsWith('.')) {
        rest = rest.slice(1);
        if (rest === '') throw new Error(`Failure parsing fully qualified identifier; ends in delimiter ${fqn}`);
      }
    } else {
      const index = rest.indexOf('.');
      if (index < 0) {
        segment = rest;
        rest = '';
      } else {
        segment = rest.slice(0, index);
        rest = rest.slice(index + 1);
        if (rest === '') throw new Error(`Failure parsing fully qualified identifier; ends in delimiter ${fqn}`);
      }
    }
    parts.push(segment);
  } while (rest.length > 0);
  // MySQL has catalogs (databases) and no schemas: "db.table" names a table in another database;
  // with three parts the middle (schema) one has no MySQL meaning and is dropped.
  if (parts.length === 1) return { catalog: null, table: parts[0] };
  return { catalog: parts[0], table: parts[parts.length - 1] };
}

export function qualify(id: TableId, connectionCatalog: string | null): TableId {
  return { catalog: id.catalog ?? connectionCatalog, table: id.table };
}

export function quoteIdentifier(name: string, quote: boolean): string {
  return quote ? `\`${name}\`` : name;
}

/** As it appears in SQL: `db`.`table` (quote.sql.identifiers=always) or db.table. */
export function tableSql(id: TableId, quote: boolean): string {
  return id.catalog !== null
    ? `${quoteIdentifier(id.catalog, quote)}.${quoteIdentifier(id.table, quote)}`
    : quoteIdentifier(id.table, quote);
}

/** TableId.toString() as Connect's messages print it: default identifier rules, double quotes. */
export function tableIdString(id: TableId): string {
  return id.catalog !== null ? `"${id.catalog}"."${id.table}"` : `"${id.table}"`;
}

export function tableKey(id: TableId): string {
  return JSON.stringify([id.catalog, id.table]);
}
