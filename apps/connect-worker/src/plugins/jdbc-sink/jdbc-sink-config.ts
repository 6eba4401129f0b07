// The parsed JdbcSinkConfig, and the per-key validation the worker's create/update/validate calls.

import type { ConnectorConfig } from '../../connect-api/connector-plugin';
import { ConnectError } from '../../connect-api/connect-error';
import { KEY_DEFS } from './config-def';
import { parseConfig, type ParsedValue } from './config-values';
import { parseConnectionUrl, type ConnectionUrl } from './connection-url';
import { resolveZone, type Zone } from './time-zone';

export type InsertMode = 'insert' | 'upsert' | 'update';
export type PkMode = 'none' | 'kafka' | 'record_key' | 'record_value';
export type TableType = 'TABLE' | 'PARTITIONED TABLE' | 'VIEW';

export interface JdbcSinkConfig {
  /** The connector's "name" (null when absent, printed as "null" like Java). */
  readonly connectorName: string | null;
  readonly url: ConnectionUrl;
  readonly connectionUser: string | null;
  readonly connectionPassword: string | null;
  readonly connectionAttempts: number;
  readonly connectionBackoffMs: number;
  readonly tableNameFormat: string;
  readonly batchSize: number;
  readonly deleteEnabled: boolean;
  readonly replaceNullWithDefault: boolean;
  readonly maxRetries: number;
  readonly retryBackoffMs: number;
  readonly autoCreate: boolean;
  readonly autoEvolve: boolean;
  readonly insertMode: InsertMode;
  readonly pkMode: PkMode;
  readonly pkFields: readonly string[];
  readonly fieldsWhitelist: ReadonlySet<string>;
  readonly timestampFieldsList: ReadonlySet<string>;
  readonly timestampPrecision: 'microseconds' | 'nanoseconds';
  /** db.timezone: binds Timestamp and Time (and Date unless date.timezone=UTC). */
  readonly zone: Zone;
  readonly dateZone: Zone;
  readonly quoteIdentifiers: boolean;
  readonly tableTypes: ReadonlySet<TableType>;
}

const DELETE_NEEDS_RECORD_KEY = 'Deletes are only supported for pk.mode record_key';

/** Parses every plugin key; errors per key (Connect's texts), plus unknown keys refused by name. */
const parseAll = (config: ConnectorConfig) => parseConfig(KEY_DEFS, config, 'JdbcSinkConnector');

/**
 * JdbcSinkConnector.validate: ConfigDef.validateAll, then the delete.enabled/pk.mode check on both
 * keys, then (only when all is well so far) whether connection.url has a driver here. The real
 * connector also opens a connection at that point; this synchronous check does not.
 */
export function validateConfig(config: ConnectorConfig): Record<string, string[]> {
  const { values, errors } = parseAll(config);
  if (
    values.get('delete.enabled') === true &&
    values.has('pk.mode') &&
    values.get('pk.mode') !== 'record_key' &&
    values.get('pk.mode') !== 'RECORD_KEY'
  ) {
    (errors['pk.mode'] ??= []).push(DELETE_NEEDS_RECORD_KEY);
    (errors['delete.enabled'] ??= []).push(DELETE_NEEDS_RECORD_KEY);
  }
  if (Object.keys(errors).length === 0) {
    const url = parseConnectionUrl(values.get('connection.url') as string);
    if (!url.ok) errors['connection.url'] = [`Could not connect to database. ${url.error}`];
  }
  return errors;
}

/**
 * new JdbcSinkConfig(props) at task start: the first problem throws, as ConfigDef.parse does.
 * `connectorName` is the connector's "name" (a framework key, so not in `config`).
 */
export function parseJdbcSinkConfig(config: ConnectorConfig, connectorName: string | null = null): JdbcSinkConfig {
  const { values, errors } = parseAll(config);
  const first = Object.values(errors)[0];
  if (first) throw new ConnectError(first[0]);
  const get = <T extends ParsedValue>(key: string) => values.get(key) as T;
  const deleteEnabled = get<boolean>('delete.enabled');
  const pkMode = get<string>('pk.mode').toLowerCase() as PkMode;
  if (deleteEnabled && pkMode !== 'record_key')
    throw new ConnectError("Primary key mode must be 'record_key' when delete support is enabled");
  const connectionUrl = get<string>('connection.url');
  const url = parseConnectionUrl(connectionUrl);
  if (!url.ok) throw new ConnectError(url.error);
  const quote = get<string>('quote.sql.identifiers');
  if (!['always', 'never'].includes(quote.toLowerCase())) throw new ConnectError(`No matching QuoteMethod found for '${quote}'`);
  const zone = resolveZone(get<string>('db.timezone')) as Zone;
  return {
    connectorName,
    url: url.url,
    connectionUser: get<string | null>('connection.user') ?? url.url.params.user ?? null,
    connectionPassword: get<string | null>('connection.password') ?? url.url.params.password ?? null,
    connectionAttempts: get<number>('connection.attempts'),
    connectionBackoffMs: get<number>('connection.backoff.ms'),
    tableNameFormat: get<string>('table.name.format'),
    batchSize: get<number>('batch.size'),
    deleteEnabled,
    replaceNullWithDefault: get<boolean>('replace.null.with.default'),
    maxRetries: get<number>('max.retries'),
    retryBackoffMs: get<number>('retry.backoff.ms'),
    autoCreate: get<boolean>('auto.create'),
    autoEvolve: get<boolean>('auto.evolve'),
    insertMode: get<string>('insert.mode').toLowerCase() as InsertMode,
    pkMode,
    pkFields: get<string[]>('pk.fields'),
    fieldsWhitelist: new Set(get<string[]>('fields.whitelist')),
    timestampFieldsList: new Set(get<string[]>('timestamp.fields.list')),
    timestampPrecision: get<string>('timestamp.precision.mode').toLowerCase() as 'microseconds' | 'nanoseconds',
    zone,
    dateZone: get<string>('date.timezone').toUpperCase() === 'UTC' ? { kind: 'offset', offsetMs: 0 } : zone,
    quoteIdentifiers: quote.toLowerCase() === 'always',
    tableTypes: new Set(get<string[]>('table.types').map((type) => type.toUpperCase() as TableType)),
  };
}
