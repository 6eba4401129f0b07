// The JDBC source's own ConfigDef (JdbcSourceConnectorConfig of kafka-connect-jdbc, master at
// 388d41d6, the 10.9 line) and JdbcSourceConnectorValidation's checks across keys. Keys of the
// real connector that are not listed here are refused as unknown (docs/jdbc-source.md lists them).

import type { ConfigKey } from '../../connect-api/config-key';
import type { ConnectorConfig } from '../../connect-api/connector-plugin';
import { ConnectError } from '../../connect-api/connect-error';
import type { KeyDef } from '../jdbc-sink/config-def';
import { configKeysOf, parseConfig, type ParsedValue } from '../jdbc-sink/config-values';
import { parseConnectionUrl, type ConnectionUrl } from '../jdbc-sink/connection-url';
import { resolveZone, type Zone } from '../jdbc-sink/time-zone';

export const MODE_BULK = 'bulk';
export const MODE_INCREMENTING = 'incrementing';
export const MODE_TIMESTAMP = 'timestamp';
export const MODE_TIMESTAMP_INCREMENTING = 'timestamp+incrementing';
const ALL_MODES = [MODE_BULK, MODE_TIMESTAMP, MODE_INCREMENTING, MODE_TIMESTAMP_INCREMENTING] as const;
export type Mode = (typeof ALL_MODES)[number];
/** The task config keys naming the tables a task reads, and whether the connector could list them yet (JdbcSourceTaskConfig). */
export const TABLES_CONFIG = 'tables';
export const TABLES_FETCHED = 'tables.fetched';
const NUMERIC_MAPPINGS = ['none', 'precision_only', 'best_fit', 'best_fit_eager_double'] as const;

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
  def(
    'table.blacklist',
    'LIST',
    '',
    DATABASE,
    7,
    'List of tables to exclude from copying. If specified, ``table.whitelist`` may not be set. Use a comma-separated list to specify multiple tables (for example, ``table.blacklist: "User, Address, Email"``).',
  ),
  def(
    'table.include.list',
    'LIST',
    '',
    DATABASE,
    8,
    'A comma-separated list of regular expressions that match the fully-qualified names of tables to be copied. Table names are case-sensitive. If specified, the legacy configs of ``table.whitelist``, and ``table.blacklist`` cannot be set.',
  ),
  def(
    'table.exclude.list',
    'LIST',
    '',
    DATABASE,
    9,
    'A comma-separated list of regular expressions that match the fully-qualified names of tables not to be copied. This only applies to tables that match the include list. REQUIRES ``table.include.list`` to be specified.',
  ),
  def(
    'catalog.pattern',
    'STRING',
    null,
    DATABASE,
    10,
    'Catalog pattern to fetch table metadata from the database (a MySQL/MariaDB database name; null: the database of connection.url).',
  ),
  def(
    'schema.pattern',
    'STRING',
    null,
    DATABASE,
    11,
    'Schema pattern to fetch table metadata from the database (MySQL and MariaDB have no schemas below the database: no effect).',
  ),
  def('numeric.precision.mapping', 'BOOLEAN', 'false', DATABASE, 12, 'Deprecated: use ``numeric.mapping``.', { importance: 'LOW' }),
  def(
    'numeric.mapping',
    'STRING',
    null,
    DATABASE,
    13,
    'Map NUMERIC values by precision and optionally scale to integral or decimal types (JDBC NUMERIC only: MySQL and MariaDB DECIMAL columns stay Decimal).',
    {
      importance: 'LOW',
      validator: { kind: 'enum', values: NUMERIC_MAPPINGS },
    },
  ),
  def('dialect.name', 'STRING', '', DATABASE, 14, 'The name of the database dialect that should be used for this connector.', {
    importance: 'LOW',
    validator: { kind: 'dialect' },
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
    'Comma-separated list of one or more timestamp columns to detect new or modified rows using the COALESCE SQL function. Rows whose first non-null timestamp value is greater than the largest previous timestamp value seen will be discovered with each poll. At least one column should not be nullable.',
  ),
  def(
    'timestamp.initial',
    'LONG',
    null,
    MODE,
    4,
    'The epoch timestamp used for initial queries that use timestamp criteria. Use -1 to use the current time. If not specified, all data will be retrieved.',
  ),
  def(
    'validate.non.null',
    'BOOLEAN',
    'true',
    MODE,
    5,
    "By default, the JDBC connector will validate that all incrementing and timestamp tables have NOT NULL set for the columns being used as their ID/timestamp. If the tables don't, JDBC connector will fail to start. Setting this to false will disable these checks.",
  ),
  def(
    'query',
    'STRING',
    '',
    MODE,
    6,
    'If specified, the query to perform to select new or updated rows. Use this setting if you want to join tables, select subsets of columns in a table, or filter data. If used, this connector will only copy data using this query -- whole-table copying will be disabled. Different query modes may still be used for incremental updates, but in order to properly construct the incremental query, it must be possible to append a WHERE clause to this query (i.e. no WHERE clauses may be used). If you use a WHERE clause, it must handle incremental queries itself.',
  ),
  def('query.suffix', 'STRING', '', MODE, 7, 'Suffix to append at the end of the generated query.', { importance: 'LOW' }),
  def(
    'table.types',
    'LIST',
    'TABLE',
    DATABASE,
    15,
    'By default, the JDBC connector will only detect tables with type TABLE from the source Database. This config allows a command separated list of table types to extract.',
    {
      importance: 'LOW',
      validator: { kind: 'enum', values: ['TABLE', 'VIEW'] },
    },
  ),
  def(
    'db.timezone',
    'STRING',
    'UTC',
    DATABASE,
    16,
    'Name of the JDBC timezone used in the connector when querying with time-based criteria. Defaults to UTC.',
    {
      validator: { kind: 'timeZone' },
    },
  ),
  def('poll.interval.ms', 'INT', '5000', CONNECTOR, 1, 'Frequency in ms to poll for new data in each table.', { importance: 'HIGH' }),
  def(
    'batch.max.rows',
    'INT',
    '100',
    CONNECTOR,
    2,
    'Maximum number of rows to include in a single batch when polling for new data. This setting can be used to limit the amount of data buffered internally in the connector.',
    {
      importance: 'LOW',
    },
  ),
  def(
    'table.poll.interval.ms',
    'LONG',
    '60000',
    CONNECTOR,
    3,
    'Frequency in ms to poll for new or removed tables, which may result in updated task configurations to start polling for data in added tables or stop polling for data in removed tables.',
    { importance: 'LOW' },
  ),
  def(
    'topic.prefix',
    'STRING',
    undefined,
    CONNECTOR,
    4,
    'Prefix to prepend to table names to generate the name of the Kafka topic to publish data to, or in the case of a custom query, the full name of the topic to publish to.',
    { importance: 'HIGH' },
  ),
  def(
    'timestamp.delay.interval.ms',
    'LONG',
    '0',
    CONNECTOR,
    5,
    'How long to wait after a row with certain timestamp appears before we include it in the result. You may choose to add some delay to allow transactions with earlier timestamp to complete. The first execution will fetch all available records (i.e. starting at timestamp 0) until current time minus the delay. Every following execution will get data from the last time we fetched until current time minus the delay.',
  ),
];

/** The plugin's keys as the validate endpoint lists them. */
export const configKeys = (): ConfigKey[] => configKeysOf(KEY_DEFS);

export interface JdbcSourceConfig {
  readonly url: ConnectionUrl;
  readonly connectionUser: string | null;
  readonly connectionPassword: string | null;
  readonly connectionAttempts: number;
  readonly connectionBackoffMs: number;
  readonly mode: Mode;
  readonly incrementingColumnName: string;
  readonly timestampColumnNames: readonly string[];
  readonly timestampInitial: number | null;
  readonly validateNonNull: boolean;
  readonly tables: TableFilter;
  readonly catalogPattern: string | null;
  readonly tableTypes: readonly string[];
  readonly tablePollIntervalMs: number;
  /** '' : table mode. */
  readonly query: string;
  readonly querySuffix: string;
  readonly zone: Zone;
  readonly pollIntervalMs: number;
  readonly batchMaxRows: number;
  readonly topicPrefix: string;
  readonly timestampDelayIntervalMs: number;
}

/** Which tables the connector copies: the legacy name lists or the newer regular-expression lists. */
export interface TableFilter {
  readonly whitelist: readonly string[];
  readonly blacklist: readonly string[];
  readonly include: readonly RegExp[];
  readonly exclude: readonly RegExp[];
}

const nonEmpty = (list: ParsedValue | undefined): list is string[] => Array.isArray(list) && list.length > 0;

/** Java's Pattern.matches: the whole name. */
function wholeMatch(regex: string): RegExp {
  return new RegExp(`^(?:${regex.trim()})$`, 'u');
}

function parseAll(config: ConnectorConfig): { values: Map<string, ParsedValue>; errors: Record<string, string[]> } {
  const { values, errors, addError } = parseConfig(KEY_DEFS, config, 'JdbcSourceConnector', [TABLES_CONFIG, TABLES_FETCHED]);
  const mode = values.get('mode');
  // ConfigDef.ValidString: the modes are matched exactly (case-sensitive).
  if (typeof mode === 'string' && !(ALL_MODES as readonly string[]).includes(mode))
    addError('mode', `Invalid value ${mode} for configuration mode: String must be one of: ${ALL_MODES.join(', ')}`);
  for (const key of ['table.include.list', 'table.exclude.list']) {
    const list = values.get(key);
    if (!nonEmpty(list)) continue;
    for (const regex of list) {
      try {
        wholeMatch(regex);
      } catch (error) {
        addError(
          key,
          `Invalid value ${list.join(',')} for configuration ${key}: Must be a valid comma-separated list of regular expression patterns: ${(error as Error).message}`,
        );
      }
    }
  }
  const prefix = values.get('topic.prefix');
  if (typeof prefix === 'string' && /[^a-zA-Z0-9._-]/.test(prefix.trim()))
    addError(
      'topic.prefix',
      `Invalid value ${prefix} for configuration topic.prefix: Topic prefix must not contain any character other than ASCII alphanumerics, '.', '_' and '-'.`,
    );
  if (Object.keys(errors).length === 0) validateCombination(values, addError);
  if (Object.keys(errors).length === 0) {
    const url = parseConnectionUrl(values.get('connection.url') as string);
    if (!url.ok) errors['connection.url'] = [`Could not connect to database. ${url.error}`];
  }
  return { values, errors };
}

/** JdbcSourceConnectorValidation's checks across keys, with its texts. */
function validateCombination(values: Map<string, ParsedValue>, addError: (key: string, message: string) => void): void {
  const query = values.get('query') as string;
  const listed = (key: string) => nonEmpty(values.get(key));
  const filtering = ['table.whitelist', 'table.blacklist', 'table.include.list', 'table.exclude.list'].filter(listed);
  const mode = values.get('mode') as Mode;
  const usesIncrementing = mode === MODE_INCREMENTING || mode === MODE_TIMESTAMP_INCREMENTING;
  const usesTimestamp = mode === MODE_TIMESTAMP || mode === MODE_TIMESTAMP_INCREMENTING;
  if (query !== '') {
    if (filtering.length > 0) {
      const msg =
        "Do not specify table filtering configs with 'query'. Remove table.whitelist / table.blacklist / table.include.list / table.exclude.list when using query mode or 'query' when using table filtering mode.";
      for (const key of ['query', ...filtering]) addError(key, msg);
    }
    if (!/^\s*SELECT\b/is.test(query))
      addError('query', "Only SELECT statements are supported for 'query'. Please provide a statement that starts with SELECT.");
    if (usesIncrementing && (values.get('incrementing.column.name') as string).trim() === '')
      addError(
        'incrementing.column.name',
        "'incrementing.column.name' must be provided when using mode 'incrementing' or 'timestamp+incrementing' with a custom query. The incrementing column cannot be auto-discovered in query mode because there is no table to inspect. Note that 'incrementing.column.mapping' is not applied in query mode (it maps columns by table-name regex, and a custom query has no underlying table to match), so 'incrementing.column.name' must be set explicitly.",
      );
  } else {
    const legacy: string[] = filtering.filter((k) => k === 'table.whitelist' || k === 'table.blacklist');
    if ((values.get('incrementing.column.name') as string).trim() !== '') legacy.push('incrementing.column.name');
    if (listed('timestamp.column.name') && (values.get('timestamp.column.name') as string[])[0].trim() !== '')
      legacy.push('timestamp.column.name');
    const newer = filtering.filter((k) => k === 'table.include.list' || k === 'table.exclude.list');
    if (legacy.length > 0 && newer.length > 0) {
      const msg =
        'Cannot mix legacy and new configuration approaches. Legacy configurations (table.whitelist, table.blacklist, timestamp.column.name, incrementing.column.name) cannot be used together with new configurations (table.include.list, table.exclude.list, timestamp.columns.mapping, incrementing.column.mapping). Please choose one approach: either use all legacy configurations or all new configurations.';
      for (const key of [...legacy, ...newer]) addError(key, msg);
    } else if (legacy.length === 0 && newer.length === 0) {
      const msg =
        'At least one table filtering configuration is required. Provide one of: table.whitelist, table.blacklist, table.include.list, or table.exclude.list.';
      for (const key of ['table.whitelist', 'table.blacklist', 'table.include.list', 'table.exclude.list']) addError(key, msg);
    } else if (listed('table.exclude.list') && !listed('table.include.list')) {
      addError(
        'table.exclude.list',
        'table.exclude.list cannot be used without table.include.list. Exclude list only applies to tables that match the include list.',
      );
    }
  }
  if (usesTimestamp && !listed('timestamp.column.name'))
    addError(
      'timestamp.column.name',
      `Timestamp column configuration must be provided when using mode '${MODE_TIMESTAMP}' or '${MODE_TIMESTAMP_INCREMENTING}'.`,
    );
}

/** JdbcSourceConnector.validate: per-key errors, Connect's texts where Confluent has one. */
export function validateConfig(config: ConnectorConfig): Record<string, string[]> {
  return parseAll(config).errors;
}

/** new JdbcSourceConnectorConfig(props) at connector and task start: the first problem throws. */
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
    mode: get<string>('mode') as Mode,
    incrementingColumnName: get<string>('incrementing.column.name').trim(),
    timestampColumnNames: get<string[]>('timestamp.column.name')
      .map((c) => c.trim())
      .filter((c) => c !== ''),
    timestampInitial: get<number | null>('timestamp.initial'),
    validateNonNull: get<boolean>('validate.non.null'),
    tables: {
      whitelist: get<string[]>('table.whitelist'),
      blacklist: get<string[]>('table.blacklist'),
      include: get<string[]>('table.include.list').map(wholeMatch),
      exclude: get<string[]>('table.exclude.list').map(wholeMatch),
    },
    catalogPattern: get<string | null>('catalog.pattern'),
    tableTypes: get<string[]>('table.types').map((t) => t.toUpperCase()),
    tablePollIntervalMs: get<number>('table.poll.interval.ms'),
    query: get<string>('query'),
    querySuffix: get<string>('query.suffix').trim(),
    zone: resolveZone(get<string>('db.timezone'))!,
    pollIntervalMs: get<number>('poll.interval.ms'),
    batchMaxRows: get<number>('batch.max.rows'),
    topicPrefix: get<string>('topic.prefix').trim(),
    timestampDelayIntervalMs: get<number>('timestamp.delay.interval.ms'),
  };
}
