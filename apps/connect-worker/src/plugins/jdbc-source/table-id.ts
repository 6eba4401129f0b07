// A source table as the MySQL dialect names it: `db`.`table` in task configs, db.table in offsets
// (OffsetProtocols v1), the bare table name for topics and schema names. Parsing and quoting are
// the sink's (IdentifierRules); a source table always has its database.

import { ConnectError } from '../../connect-api/connect-error';
import { parseTableIdentifier, qualify, tableSql } from '../jdbc-sink/table-id';

export interface SourceTableId {
  readonly catalog: string;
  readonly table: string;
}

export const quotedTableId = (id: SourceTableId) => tableSql(id, true);
export const unquotedTableId = (id: SourceTableId) => `${id.catalog}.${id.table}`;

/** A table name from a task config or a whitelist: `table` (in `defaultCatalog`) or `db`.`table`. */
export function parseTableId(text: string, defaultCatalog: string | null): SourceTableId {
  const { catalog, table } = qualify(parseTableIdentifier(text.trim()), defaultCatalog);
  if (catalog === null) throw new ConnectError(`Table ${text} names no database, and connection.url names none either`);
  return { catalog, table };
}
