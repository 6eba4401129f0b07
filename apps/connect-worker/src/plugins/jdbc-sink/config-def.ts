// The JDBC sink's own ConfigDef (JdbcSinkConfig.CONFIG_DEF of kafka-connect-jdbc 10.9.x): names,
// types, defaults, importance, groups and docs as the validate endpoint shows them.

import type { ConfigKey } from '../../connect-api/config-key';
import { configKeysOf } from './config-values';

export type ConfigType = ConfigKey['type'];

export type Validator =
  | { kind: 'enum'; values: readonly string[] } // EnumValidator / EnumRecommender: lower or upper case only
  | { kind: 'atLeast'; min: number }
  | { kind: 'nonEmptyString' }
  | { kind: 'timeZone' }
  | { kind: 'dialect' };

export interface KeyDef {
  readonly name: string;
  readonly type: ConfigType;
  /** undefined: required (ConfigDef.NO_DEFAULT_VALUE); null: no default. As a string otherwise. */
  readonly defaultValue: string | null | undefined;
  readonly importance: ConfigKey['importance'];
  readonly documentation: string;
  readonly group: string;
  readonly order: number;
  readonly width: ConfigKey['width'];
  readonly displayName: string;
  readonly validator?: Validator;
  /** Documented by the real connector but without effect here (listed so configs carrying them are accepted). */
  readonly notImplemented?: string;
}

export const DEFAULT_KAFKA_PK_NAMES = ['__connect_topic', '__connect_partition', '__connect_offset'] as const;

const CONNECTION = 'Connection';
const WRITES = 'Writes';
const DATA_MAPPING = 'Data Mapping';
const DDL = 'DDL Support';
const DML = 'DML Support';
const RETRIES = 'Retries';

export const KEY_DEFS: readonly KeyDef[] = [
  {
    name: 'connection.url',
    type: 'STRING',
    defaultValue: undefined,
    importance: 'HIGH',
    group: CONNECTION,
    order: 1,
    width: 'LONG',
    displayName: 'JDBC URL',
    documentation:
      'JDBC connection URL.\nFor example: ``jdbc:oracle:thin:@localhost:1521:orclpdb1``, ``jdbc:mysql://localhost/db_name``, ``jdbc:sqlserver://localhost;instance=SQLEXPRESS;databaseName=db_name``',
  },
  {
    name: 'connection.user',
    type: 'STRING',
    defaultValue: null,
    importance: 'HIGH',
    group: CONNECTION,
    order: 2,
    width: 'MEDIUM',
    displayName: 'JDBC User',
    documentation: 'JDBC connection user.',
  },
  {
    name: 'connection.password',
    type: 'PASSWORD',
    defaultValue: null,
    importance: 'HIGH',
    group: CONNECTION,
    order: 3,
    width: 'MEDIUM',
    displayName: 'JDBC Password',
    documentation: 'JDBC connection password.',
  },
  {
    name: 'jdbc.credentials.provider.class',
    type: 'CLASS',
    defaultValue: 'io.confluent.connect.jdbc.util.DefaultJdbcCredentialsProvider',
    importance: 'LOW',
    group: CONNECTION,
    order: 4,
    width: 'LONG',
    displayName: 'JDBC Credentials Provider Class',
    documentation: 'Credentials provider or provider chain to use for authentication to database.',
    notImplemented: 'only the default provider (connection.user / connection.password) exists here',
  },
  {
    name: 'dialect.name',
    type: 'STRING',
    defaultValue: '',
    importance: 'LOW',
    group: CONNECTION,
    order: 5,
    width: 'LONG',
    displayName: 'Database Dialect',
    validator: { kind: 'dialect' },
    documentation:
      'The name of the database dialect that should be used for this connector. By default this is empty, and the connector automatically determines the dialect based upon the JDBC connection URL. Use this if you want to override that behavior and use a specific dialect. All properly-packaged dialects in the JDBC connector plugin can be used.',
  },
  {
    name: 'connection.attempts',
    type: 'INT',
    defaultValue: '3',
    importance: 'LOW',
    group: CONNECTION,
    order: 6,
    width: 'SHORT',
    displayName: 'JDBC connection attempts',
    validator: { kind: 'atLeast', min: 1 },
    documentation: 'Maximum number of attempts to retrieve a valid JDBC connection. Must be a positive integer.',
  },
  {
    name: 'connection.backoff.ms',
    type: 'LONG',
    defaultValue: '10000',
    importance: 'LOW',
    group: CONNECTION,
    order: 7,
    width: 'SHORT',
    displayName: 'JDBC connection backoff in milliseconds',
    documentation: 'Backoff time in milliseconds between connection attempts.',
  },
  {
    name: 'insert.mode',
    type: 'STRING',
    defaultValue: 'insert',
    importance: 'HIGH',
    group: WRITES,
    order: 1,
    width: 'MEDIUM',
    displayName: 'Insert Mode',
    validator: { kind: 'enum', values: ['insert', 'upsert', 'update'] },
    documentation:
      'The insertion mode to use. Supported modes are:\n``insert``\n    Use standard SQL ``INSERT`` statements.\n``upsert``\n    Use the appropriate upsert semantics for the target database if it is supported by the connector, e.g. ``INSERT OR IGNORE``.\n``update``\n    Use the appropriate update semantics for the target database if it is supported by the connector, e.g. ``UPDATE``.',
  },
  {
    name: 'batch.size',
    type: 'INT',
    defaultValue: '3000',
    importance: 'MEDIUM',
    group: WRITES,
    order: 2,
    width: 'SHORT',
    displayName: 'Batch Size',
    validator: { kind: 'atLeast', min: 0 },
    documentation: 'Specifies how many records to attempt to batch together for insertion into the destination table, when possible.',
  },
  {
    name: 'delete.enabled',
    type: 'BOOLEAN',
    defaultValue: 'false',
    importance: 'MEDIUM',
    group: WRITES,
    order: 3,
    width: 'SHORT',
    displayName: 'Enable deletes',
    documentation: 'Whether to treat ``null`` record values as deletes. Requires ``pk.mode`` to be ``record_key``.',
  },
  {
    name: 'table.types',
    type: 'LIST',
    defaultValue: 'TABLE',
    importance: 'LOW',
    group: WRITES,
    order: 4,
    width: 'MEDIUM',
    displayName: 'Table Types',
    validator: { kind: 'enum', values: ['TABLE', 'PARTITIONED TABLE', 'VIEW'] },
    documentation:
      "The comma-separated types of database tables to which the sink connector can write. By default this is ``TABLE``, but any combination of ``TABLE``, ``PARTITIONED TABLE`` and ``VIEW`` is allowed. Not all databases support writing to views, and when they do the sink connector will fail if the view definition does not match the records' schemas (regardless of ``auto.evolve``).",
  },
  {
    name: 'replace.null.with.default',
    type: 'BOOLEAN',
    defaultValue: 'true',
    importance: 'LOW',
    group: WRITES,
    order: 5,
    width: 'MEDIUM',
    displayName: 'Replace null value with default value',
    documentation: 'Whether to replace ``null`` value with default value',
  },
  {
    name: 'table.name.format',
    type: 'STRING',
    defaultValue: '${topic}',
    importance: 'MEDIUM',
    group: DATA_MAPPING,
    order: 1,
    width: 'LONG',
    displayName: 'Table Name Format',
    validator: { kind: 'nonEmptyString' },
    documentation:
      "A format string for the destination table name, which may contain '${topic}' as a placeholder for the originating topic name.\nFor example, ``kafka_${topic}`` for the topic 'orders' will map to the table name 'kafka_orders'.",
  },
  {
    name: 'pk.mode',
    type: 'STRING',
    defaultValue: 'none',
    importance: 'HIGH',
    group: DATA_MAPPING,
    order: 2,
    width: 'MEDIUM',
    displayName: 'Primary Key Mode',
    validator: { kind: 'enum', values: ['none', 'kafka', 'record_key', 'record_value'] },
    documentation:
      'The primary key mode, also refer to ``pk.fields`` documentation for interplay. Supported modes are:\n``none``\n    No keys utilized.\n``kafka``\n    Kafka coordinates are used as the PK.\n``record_key``\n    Field(s) from the record key are used, which may be a primitive or a struct.\n``record_value``\n    Field(s) from the record value are used, which must be a struct.',
  },
  {
    name: 'pk.fields',
    type: 'LIST',
    defaultValue: '',
    importance: 'MEDIUM',
    group: DATA_MAPPING,
    order: 3,
    width: 'LONG',
    displayName: 'Primary Key Fields',
    documentation:
      'List of comma-separated primary key field names. The runtime interpretation of this config depends on the ``pk.mode``:\n``none``\n    Ignored as no fields are used as primary key in this mode.\n``kafka``\n    Must be a trio representing the Kafka coordinates, defaults to ``__connect_topic,__connect_partition,__connect_offset`` if empty.\n``record_key``\n    If empty, all fields from the key struct will be used, otherwise used to extract the desired fields - for primitive key only a single field name must be configured.\n``record_value``\n    If empty, all fields from the value struct will be used, otherwise used to extract the desired fields.',
  },
  {
    name: 'fields.whitelist',
    type: 'LIST',
    defaultValue: '',
    importance: 'MEDIUM',
    group: DATA_MAPPING,
    order: 4,
    width: 'LONG',
    displayName: 'Fields Whitelist',
    documentation:
      'List of comma-separated record value field names. If empty, all fields from the record value are utilized, otherwise used to filter to the desired fields.\nNote that ``pk.fields`` is applied independently in the context of which field(s) form the primary key columns in the destination database, while this configuration is applicable for the other columns.',
  },
  {
    name: 'db.timezone',
    type: 'STRING',
    defaultValue: 'UTC',
    importance: 'MEDIUM',
    group: DATA_MAPPING,
    order: 5,
    width: 'MEDIUM',
    displayName: 'DB Time Zone',
    validator: { kind: 'timeZone' },
    documentation: 'Name of the JDBC timezone that should be used in the connector when inserting time-based values. Defaults to UTC.',
  },
  {
    name: 'date.timezone',
    type: 'STRING',
    defaultValue: 'DB_TIMEZONE',
    importance: 'LOW',
    group: DATA_MAPPING,
    order: 6,
    width: 'MEDIUM',
    displayName: 'Time Zone used for Date',
    validator: { kind: 'enum', values: ['DB_TIMEZONE', 'UTC'] },
    documentation:
      'Name of the JDBC timezone that should be used in the connector when inserting DATE type values. Defaults to DB_TIMEZONE that uses the timezone set for db.timzeone configuration (to maintain backward compatibility). It is recommended to set this to UTC to avoid conversion for DATE type values.',
  },
  {
    name: 'timestamp.fields.list',
    type: 'LIST',
    defaultValue: '',
    importance: 'MEDIUM',
    group: DATA_MAPPING,
    order: 7,
    width: 'MEDIUM',
    displayName: 'Timestamp Fields Whitelist',
    documentation:
      'List of comma-separated record value timestamp field names that should be converted to timestamps. These fields will be converted based on precision mode specified in timestamp.precision.mode(microseconds or nanoseconds). The timestamp fields included here should be Long or String type and nested fields are not supported.',
  },
  {
    name: 'timestamp.precision.mode',
    type: 'STRING',
    defaultValue: 'microseconds',
    importance: 'LOW',
    group: DATA_MAPPING,
    order: 8,
    width: 'MEDIUM',
    displayName: 'Sink Timestamp Precision mode',
    validator: { kind: 'enum', values: ['microseconds', 'nanoseconds'] },
    documentation:
      'Convert the Timestamp with precision. If set to microseconds, the timestamp will be converted to microsecond precision. If set to nanoseconds the timestamp will be converted to nanoseconds precision.',
  },
  {
    name: 'auto.create',
    type: 'BOOLEAN',
    defaultValue: 'false',
    importance: 'MEDIUM',
    group: DDL,
    order: 1,
    width: 'SHORT',
    displayName: 'Auto-Create',
    documentation:
      'Whether to automatically create the destination table based on record schema if it is found to be missing by issuing ``CREATE``.',
  },
  {
    name: 'auto.evolve',
    type: 'BOOLEAN',
    defaultValue: 'false',
    importance: 'MEDIUM',
    group: DDL,
    order: 2,
    width: 'SHORT',
    displayName: 'Auto-Evolve',
    documentation:
      'Whether to automatically add columns in the table schema when found to be missing relative to the record schema by issuing ``ALTER``.',
  },
  {
    name: 'quote.sql.identifiers',
    type: 'STRING',
    defaultValue: 'always',
    importance: 'MEDIUM',
    group: DDL,
    order: 3,
    width: 'MEDIUM',
    displayName: 'Quote Identifiers',
    // Only a recommender in Connect (no validator): a bad value passes validation and fails the task at start.
    documentation:
      'When to quote table names, column names, and other identifiers in SQL statements. For backward compatibility, the default is ``always``.',
  },
  {
    name: 'mssql.use.merge.holdlock',
    type: 'BOOLEAN',
    defaultValue: 'true',
    importance: 'LOW',
    group: DML,
    order: 1,
    width: 'MEDIUM',
    displayName: 'SQL Server - Use HOLDLOCK in MERGE',
    documentation: 'Whether to use HOLDLOCK when performing a MERGE INTO upsert statement. Note that it is only applicable to SQL Server.',
    notImplemented: 'SQL Server only; no effect on MySQL/MariaDB',
  },
  {
    name: 'max.retries',
    type: 'INT',
    defaultValue: '10',
    importance: 'MEDIUM',
    group: RETRIES,
    order: 1,
    width: 'SHORT',
    displayName: 'Maximum Retries',
    validator: { kind: 'atLeast', min: 0 },
    documentation: 'The maximum number of times to retry on errors before failing the task.',
  },
  {
    name: 'retry.backoff.ms',
    type: 'INT',
    defaultValue: '3000',
    importance: 'MEDIUM',
    group: RETRIES,
    order: 2,
    width: 'SHORT',
    displayName: 'Retry Backoff (millis)',
    validator: { kind: 'atLeast', min: 0 },
    documentation: 'The time in milliseconds to wait following an error before a retry attempt is made.',
  },
];

/** The plugin's keys as the validate endpoint lists them. */
export const configKeys = (): ConfigKey[] => configKeysOf(KEY_DEFS);
