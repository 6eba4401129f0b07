// Confluent's TableQuerier family for one table (or the `query`): BulkTableQuerier,
// TimestampIncrementingTableQuerier (incrementing and timestamp+incrementing) and
// TimestampTableQuerier (timestamp: an offset moves only past a timestamp once no row of that
// timestamp can follow, so a restart never skips rows that share it).

import type { Connection } from 'mysql2/promise';
import { ConnectError } from '../../connect-api/connect-error';
import type { OffsetMap, SourceRecord } from '../../connect-api/source-record';
import type { Zone } from '../jdbc-sink/time-zone';
import { MODE_BULK, MODE_TIMESTAMP, type Mode } from './config-def';
import { incrementingValue, queryParameters, timestampValue, whereClause, type Criteria } from './criteria';
import { quoteIdentifier } from '../jdbc-sink/table-id';
import { offsetToMap, type TimestampIncrementingOffset } from './offset';
import { columnInfoOf } from './result-columns';
import { RowCursor } from './row-cursor';
import { createSchemaMapping, type ColumnInfo, type SchemaMapping } from './schema-mapping';
import { compareTimestamps, type SqlTimestamp } from './sql-timestamp';
import { quotedTableId, type SourceTableId } from './table-id';

export interface QuerierSpec {
  readonly mode: Mode;
  /** null: the connector's `query`. */
  readonly tableId: SourceTableId | null;
  readonly query: string;
  readonly querySuffix: string;
  readonly topic: string;
  readonly partition: OffsetMap;
  readonly incrementingColumn: string | null;
  readonly timestampColumns: readonly string[];
  readonly zone: Zone;
  /** The stored offset (or timestamp.initial's) the first query starts from. */
  readonly offset: TimestampIncrementingOffset;
}

interface OpenQuery {
  readonly cursor: RowCursor;
  mapping: SchemaMapping | null;
  incrementing: ColumnInfo | null;
  timestamps: ColumnInfo[];
  /** Timestamp mode: the row read ahead, to know whether the current row's timestamp is complete. */
  lookahead: Record<string, unknown> | null;
}

export class TableQuerier {
  /** When the last query finished (0: never); the next runs poll.interval.ms after it. */
  lastUpdate = 0;
  private offset: TimestampIncrementingOffset;
  private open: OpenQuery | null = null;

  constructor(private readonly spec: QuerierSpec) {
    this.offset = spec.offset;
  }

  get name(): string {
    return this.spec.tableId ? quotedTableId(this.spec.tableId) : 'query';
  }

  querying(): boolean {
    return this.open !== null;
  }

  private sql(): string {
    const base = this.spec.tableId ? `SELECT * FROM ${quotedTableId(this.spec.tableId)}` : this.spec.query;
    const where = this.spec.mode === MODE_BULK ? '' : whereClause(this.criteria());
    return `${base}${where}${this.spec.querySuffix === '' ? '' : ` ${this.spec.querySuffix}`}`;
  }

  private criteria(): Criteria {
    const qualify = (column: string) =>
      this.spec.tableId ? `${quotedTableId(this.spec.tableId)}.${quoteIdentifier(column, true)}` : quoteIdentifier(column, true);
    return {
      incrementing: this.spec.incrementingColumn === null ? null : qualify(this.spec.incrementingColumn),
      timestamps: this.spec.timestampColumns.map(qualify),
    };
  }

  /** Runs the query unless one is open; `end` is the upper timestamp bound (the database's time − the delay). */
  async maybeStartQuery(connection: Connection, end: () => Promise<SqlTimestamp>, batchMaxRows: number): Promise<void> {
    if (this.open) return;
    const needsEnd = this.spec.mode !== MODE_BULK && this.spec.timestampColumns.length > 0;
    const params =
      this.spec.mode === MODE_BULK ? [] : queryParameters(this.criteria(), this.offset, needsEnd ? await end() : null, this.spec.zone);
    this.open = {
      cursor: new RowCursor(connection, this.sql(), params, batchMaxRows),
      mapping: null,
      incrementing: null,
      timestamps: [],
      lookahead: null,
    };
  }

  /** Up to `max` records from the open query; the query is finished when `querying()` is false after it. */
  async nextRecords(max: number, warn: (message: string) => void): Promise<SourceRecord[]> {
    const open = this.open!;
    const records: SourceRecord[] = [];
    let row = open.lookahead ?? (await open.cursor.next());
    if (open.mapping === null) this.mapResultSet(open, warn);
    const mapping = open.mapping!;
    // One row is always read ahead: timestamp mode needs it, and it tells the end of the result set.
    while (row !== null && records.length < max) {
      const next = await open.cursor.next();
      if (this.spec.mode === MODE_TIMESTAMP) {
        const current = timestampValue(row, open.timestamps, this.spec.zone);
        const following = next === null ? null : timestampValue(next, open.timestamps, this.spec.zone);
        if (current === null || following === null || compareTimestamps(current, following) < 0)
          this.offset = { incrementing: null, timestamp: current };
      } else if (this.spec.mode !== MODE_BULK) this.offset = this.extractOffset(open, row);
      records.push(this.record(mapping, row, this.spec.mode === MODE_BULK ? null : offsetToMap(this.offset)));
      row = next;
    }
    open.lookahead = row;
    if (row === null) this.finish();
    return records;
  }

  private extractOffset(open: OpenQuery, row: Record<string, unknown>): TimestampIncrementingOffset {
    return {
      incrementing: open.incrementing === null ? null : incrementingValue(row[open.incrementing.name], open.incrementing),
      timestamp: open.timestamps.length === 0 ? null : timestampValue(row, open.timestamps, this.spec.zone),
    };
  }

  /** SchemaMapping.create from the result set's metadata, and the offset columns found in it (case-insensitively when not exactly). */
  private mapResultSet(open: OpenQuery, warn: (message: string) => void): void {
    const columns = open.cursor.fields.map(columnInfoOf);
    open.mapping = createSchemaMapping(this.spec.tableId?.table ?? null, columns, this.spec.zone, warn);
    const find = (name: string, what: string) => {
      const column = columns.find((c) => c.name === name) ?? columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
      if (!column) throw new ConnectError(`${what} ${name} not found in ${columns.map((c) => c.name).join(',')}`);
      return column;
    };
    if (this.spec.mode !== MODE_BULK) {
      open.incrementing = this.spec.incrementingColumn === null ? null : find(this.spec.incrementingColumn, 'Incrementing column');
      open.timestamps = this.spec.timestampColumns.map((c) => find(c, 'Timestamp column'));
    }
  }

  private record(mapping: SchemaMapping, row: Record<string, unknown>, offset: OffsetMap | null): SourceRecord {
    return {
      sourcePartition: this.spec.partition,
      sourceOffset: offset,
      topic: this.spec.topic,
      kafkaPartition: null,
      key: { schema: null, value: null },
      value: { schema: mapping.schema, value: mapping.toStruct(row) },
      timestamp: null,
    };
  }

  private finish(): void {
    this.open = null;
    this.lastUpdate = Date.now();
  }

  /** After an error or at stop: the open query is dropped (its connection is closed by the caller). */
  reset(): void {
    this.open = null;
    this.lastUpdate = Date.now();
  }
}
