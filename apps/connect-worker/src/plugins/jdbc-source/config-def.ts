// The JDBC source's own ConfigDef (JdbcSourceConnectorConfig of kafka-connect-jdbc 10.x), limited
// to the keys this first slice implements, plus the ones it knows and refuses as not implemented.

import type { ConfigKey } from '../../connect-api/config-key';
import type { ConnectorConfig } from '../../connect-api/connector-plugin';
import { ConnectError } from '../../connect-api/connect-error';
import type { KeyDef } from '../jdbc-sink/config-def';
import { checkValidator, ConfigValueError, parseType, type ParsedValue } from '../jdbc-sink/config-values';
import { parseConnectionUrl, type ConnectionUrl } from '../jdbc-sink/connection-url';

export const MODE_BULK = 'bulk';
export const MODE_INCREMENTING = 'incrementing';
const ALL_MODES = ['bulk', 'timestamp', 'incrementing', 'timestamp+incrementing'] as const;
const IMPLEMENTED_MODES: ReadonlySet<string> = new Set([MODE_BULK, MODE_INCREMENTING]);
/** The task config key naming the tables a task reads (JdbcSourceTaskConfig.TABLES_CONFIG). */
export const TABLES_CONFIG = 'tables';

const DATABASE = 'Database';
const MODE = 'Mode';
const CONNECTOR = 'Connector';

function def(
  name: string,
  type: KeyDef['type'],
  defaultValue: string | null | undefined,
  group: string,
  order: number,
  documentation: string,
  extra: Partial<KeyDef> = {},
): KeyDef {
  return { name, type, defaultValue, importance: 'MEDIUM', documentation, group, order, width: 'LONG', displayName: name, ...extra };
}

export const KEY_DEFS: readonly KeyDef[] = [
  def('connection.url', 'STRING', undefined, DATABASE, 1, 'JDBC connection URL.', { importance: 'HIGH' }),
  def('connection.user', 'STRING', null, DATABASE, 2, 'JDBC connection user.', { importance: 'HIGH' }),
  def('connection.password', 'PASSWORD', null, DATABASE, 3, 'JDBC connection password.', { importance: 'HIGH' }),
  def('connection.attempts', 'INT', '3', DATABASE, 4, 'Maximum number of attempts to retrieve a valid JDBC connection.', {
    importance: 'LOW',
    validator: { kind: 'atLeast', min: 1 },
  }),
  def('connection.backoff.ms', 'LONG', '10000', DATABASE, 5, 'Backoff time in milliseconds between connection attempts.', {
    importance: 'LOW',
  }),
  def(
    'table.whitelist',
    'LIST',
    '',
    DATABASE,
    6,
    'List of tables to include in copying. If specified, ``table.blacklist`` may not be set. Use a comma-separated list to specify multiple tables (for example, ``table.whitelist: "User, Address, Email"``).',
  ),
  def('table.blacklist', 'LIST', '', DATABASE, 7, 'List of tables to exclude from copying.', {
    notImplemented: 'list the tables to copy in table.whitelist',
  }),
  def(
    'mode',
    'STRING',
    undefined,
    MODE,
    1,
    'The mode for updating a table each time it is polled. Options include: bulk, incrementing, timestamp, timestamp+incrementing.',
    { importance: 'HIGH' },
  ),
  def(
    'incrementing.column.name',
    'STRING',
    '',
    MODE,
    2,
    'The name of the strictly incrementing column to use to detect new rows. Any empty value indicates the column should be autodetected by looking for an auto-incrementing column. This column may not be nullable.',
  ),
  def(
    'timestamp.column.name',
    'LIST',
    '',
    MODE,
    3,
    'Comma-separated list of one or more timestamp columns to detect new or modified rows.',
    {
      notImplemented: 'timestamp modes come later',
    },
  ),
  def(
    'validate.non.null',
    'BOOLEAN',
    'true',
    MODE,
    4,
    "By default, the JDBC connector will validate that all incrementing and timestamp tables have NOT NULL set for the columns being used as their ID/timestamp. If the tables don't, JDBC connector will fail to start. Setting this to false will disable these checks.",
  ),
  def('query', 'STRING', '', MODE, 5, 'If specified, the query to perform to select new or updated rows.', {
    notImplemented: 'only table.whitelist is read',
  }),
  def(
    'numeric.mapping',
    'STRING',
    null,
    DATABASE,
    8,
    'Map NUMERIC values by precision and optionally scale to integral or decimal types.',
    {
      importance: 'LOW',
      notImplemented: 'DECIMAL is always a Decimal (none)',
    },
  ),
  def(
    'db.timezone',
    'STRING',
    'UTC',
    DATABASE,
    9,
    'Name of the JDBC timezone used in the connector when querying with time-based criteria.',
    {
      notImplemented: 'DATETIME is always read as UTC',
    },
  ),
  def('poll.interval.ms', 'INT', '5000', CONNECTOR, 1, 'Frequency in ms to poll for new data in each table.', { importance: 'HIGH' }),
  def('batch.max.rows', 'INT', '100', CONNECTOR, 2, 'Maximum number of rows to include in a single batch when polling for new data.', {
    importance: 'LOW',
  }),
  def(
    'topic.prefix',
    'STRING',
    undefined,
    CONNECTOR,
    4,
    'Prefix to prepend to table names to generate the name of the Kafka topic to publish data to, or in the case of a custom query, the full name of the topic to publish to.',
    { importance: 'HIGH' },
  ),
];

const KEY_DEFS_BY_NAME: ReadonlyMap<string, KeyDef> = new Map(KEY_DEFS.map((d) => [d.name, d]));

/** The plugin's keys as the validate endpoint lists them. */
export function configKeys(): ConfigKey[] {
  return KEY_DEFS.map((d) => ({
    name: d.name,
    type: d.type,
    required: d.defaultValue === undefined,
    defaultValue: d.defaultValue ?? null,
    importance: d.importance,
    documentation: d.notImplemented ? `${d.documentation} (Not implemented in this worker: ${d.notImplemented}.)` : d.documentation,
    group: d.group,
    width: d.width,
    displayName: d.displayName,
    dependents: [],
    order: d.order,
  }));
}

export interface JdbcSourceConfig {
  readonly url: ConnectionUrl;
  readonly connectionUser: string | null;
  readonly connectionPassword: string | null;
  readonly connectionAttempts: number;
  readonly connectionBackoffMs: number;
  readonly mode: 'bulk' | 'incrementing';
  readonly incrementingColumnName: string;
  readonly tableWhitelist: readonly string[];
  readonly validateNonNull: boolean;
  readonly pollIntervalMs: number;
  readonly batchMaxRows: number;
  readonly topicPrefix: string;
}

const notImplemented = (key: string, what: string) => `${key} is not implemented yet in this worker: ${what}`;

function parseAll(config: ConnectorConfig): { values: Map<string, ParsedValue>; errors: Record<string, string[]> } {
  const values = new Map<string, ParsedValue>();
  const errors: Record<string, string[]> = {};
  const addError = (key: string, message: string) => (errors[key] ??= []).push(message);
  for (const d of KEY_DEFS) {
    const raw = Object.hasOwn(config, d.name) ? config[d.name] : undefined;
    if (raw === undefined || raw === null) {
      if (d.defaultValue === undefined) {
        addError(d.name, `Missing required configuration "${d.name}" which has no default value.`);
        continue;
      }
      if (d.defaultValue === null) {
        values.set(d.name, null);
        continue;
      }
    }
    try {
      const value = parseType(d, raw ?? (d.defaultValue as string));
      if (d.validator) checkValidator(d.name, d.validator, value);
      values.set(d.name, value);
    } catch (error) {
      if (!(error instanceof ConfigValueError)) throw error;
      addError(d.name, error.message);
    }
  }
  const mode = values.get('mode');
  if (typeof mode === 'string') {
    // ConfigDef.ValidString: the modes are matched exactly (case-sensitive).
    if (!(ALL_MODES as readonly string[]).includes(mode))
      addError('mode', `Invalid value ${mode} for configuration mode: String must be one of: ${ALL_MODES.join(', ')}`);
    else if (!IMPLEMENTED_MODES.has(mode)) addError('mode', notImplemented('mode', `${mode} (bulk and incrementing are)`));
  }
  const whitelist = values.get('table.whitelist');
  if (Array.isArray(whitelist) && whitelist.length === 0 && !errors['table.whitelist'])
    addError('table.whitelist', notImplemented('copying every table of the database', 'name the tables in table.whitelist'));
  for (const d of KEY_DEFS) {
    if (!d.notImplemented || errors[d.name]) continue;
    const value = values.get(d.name);
    const isDefault =
      value === null ||
      value === '' ||
      (Array.isArray(value) && value.length === 0) ||
      (d.name === 'db.timezone' && value === 'UTC') ||
      (d.name === 'numeric.mapping' && value === 'none');
    if (!isDefault) addError(d.name, notImplemented(d.name, d.notImplemented));
  }
  for (const key of Object.keys(config)) {
    if (!KEY_DEFS_BY_NAME.has(key) && key !== TABLES_CONFIG) addError(key, `Unknown configuration '${key}' for JdbcSourceConnector`);
  }
  if (Object.keys(errors).length === 0) {
    const url = parseConnectionUrl(values.get('connection.url') as string);
    if (!url.ok) errors['connection.url'] = [`Could not connect to database. ${url.error}`];
  }
  return { values, errors };
}

/** JdbcSourceConnector.validate: per-key errors, Connect's texts where Confluent has one. */
export function validateConfig(config: ConnectorConfig): Record<string, string[]> {
  return parseAll(config).errors;
}

/** new JdbcSourceTaskConfig(props) at task start: the first problem throws. */
export function parseJdbcSourceConfig(config: ConnectorConfig): JdbcSourceConfig {
  const { values, errors } = parseAll(config);
  const first = Object.values(errors)[0];
  if (first) throw new ConnectError(first[0]);
  const get = <T extends ParsedValue>(key: string) => values.get(key) as T;
  const url = parseConnectionUrl(get<string>('connection.url'));
  if (!url.ok) throw new ConnectError(url.error);
  return {
    url: url.url,
    connectionUser: get<string | null>('connection.user') ?? url.url.params.user ?? null,
    connectionPassword: get<string | null>('connection.password') ?? url.url.params.password ?? null,
    connectionAttempts: get<number>('connection.attempts'),
    connectionBackoffMs: get<number>('connection.backoff.ms'),
    mode: get<string>('mode') as JdbcSourceConfig['mode'],
    incrementingColumnName: get<string>('incrementing.column.name'),
    tableWhitelist: get<string[]>('table.whitelist'),
    validateNonNull: get<boolean>('validate.non.null'),
    pollIntervalMs: get<number>('poll.interval.ms'),
    batchMaxRows: get<number>('batch.max.rows'),
    topicPrefix: get<string>('topic.prefix'),
  };
}
