// An open result set read a few rows at a time (what Confluent's TableQuerier does with its JDBC
// ResultSet): mysql2's row stream, paused by backpressure, so a large table never sits in memory.

import type { Connection as CoreConnection, FieldPacket } from 'mysql2';
import type { Connection } from 'mysql2/promise';

export class RowCursor {
  private readonly rows: AsyncIterator<Record<string, unknown>>;
  private fieldPackets: FieldPacket[] | null = null;
  private done = false;

  constructor(connection: Connection, sql: string, params: unknown[], highWaterMark: number) {
    // The promise API has no row stream: the callback connection under it has (mysql2 types it on pool connections only).
    const core = (connection as unknown as { connection: CoreConnection }).connection;
    const query = core.query({ sql, values: params, dateStrings: true });
    query.once('fields', (fields: FieldPacket[]) => (this.fieldPackets = fields));
    this.rows = query.stream({ highWaterMark })[Symbol.asyncIterator]() as AsyncIterator<Record<string, unknown>>;
  }

  /** The result set's column definitions: known once the first next() resolved (they precede the rows). */
  get fields(): FieldPacket[] {
    return this.fieldPackets ?? [];
  }

  get exhausted(): boolean {
    return this.done;
  }

  /** The next row, or null at the end of the result set. */
  async next(): Promise<Record<string, unknown> | null> {
    if (this.done) return null;
    const { value, done } = await this.rows.next();
    if (done) {
      this.done = true;
      return null;
    }
    return value;
  }
}
