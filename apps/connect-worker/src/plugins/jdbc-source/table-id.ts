// TableId as the MySQL dialect writes and parses it: `db`.`table` in task configs, db.table in
// offsets (OffsetProtocols v1), the bare table name for topics and schema names.

import { ConnectError } from '../../connect-api/connect-error';
import { quoteIdentifier } from './criteria';

export interface SourceTableId {
  readonly catalog: string;
  readonly table: string;
}

export const quotedTableId = (id: SourceTableId) => `${quoteIdentifier(id.catalog)}.${quoteIdentifier(id.table)}`;
export const unquotedTableId = (id: SourceTableId) => `${id.catalog}.${id.table}`;

/** Splits on dots outside backquotes, unquoting each part (DatabaseDialect.parseTableIdentifier). */
function identifierParts(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '`') {
      if (quoted && text[i + 1] === '`') {
        current += '`';
        i++;
      } else quoted = !quoted;
    } else if (c === '.' && !quoted) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts.map((p) => p.trim());
}

/** A table name from a task config or a whitelist: `table` (in `defaultCatalog`) or `db`.`table`. */
export function parseTableId(text: string, defaultCatalog: string | null): SourceTableId {
  const parts = identifierParts(text.trim());
  if (parts.length === 1 && defaultCatalog !== null) return { catalog: defaultCatalog, table: parts[0] };
  if (parts.length === 2) return { catalog: parts[0], table: parts[1] };
  if (parts.length === 1) throw new ConnectError(`Table ${text} names no database, and connection.url names none either`);
  throw new ConnectError(`Table ${text} is not a table name of MySQL/MariaDB (database.table at most)`);
}
