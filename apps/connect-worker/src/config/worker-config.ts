import { ConfigError, envInteger, envKafkaBrokers } from '@kafka-sync/service-kit';

export interface WorkerConfig {
  /** REST port (Kafka Connect's rest.port); 0 picks a free port. */
  port: number;
  /** Interface the REST server binds. */
  host: string;
  kafkaBrokers: string[];
  /** worker_id = advertised host:port (Connect's rest.advertised.host.name / rest.advertised.port). */
  advertisedHost: string;
  /** null: the port actually bound. */
  advertisedPort: number | null;
  /** JSON files registered at start (same body as POST /connectors). */
  connectorsFiles: string[];
  /** Distributed mode's internal topics (config.storage.topic, offset.storage.topic, status.storage.topic). */
  configTopic: string;
  offsetsTopic: string;
  statusTopic: string;
  /** Consumer group of a sink connector: `${groupPrefix}${name}` (Connect: "connect-"). */
  groupPrefix: string;
  /** How often a topics.regex subscription looks for new matching topics (Connect: metadata.max.age.ms). */
  topicsRegexRefreshMs: number;
  /** Consumer session timeout of the sink tasks. */
  consumerSessionTimeoutMs: number;
  /** The most records one put() receives (Connect's consumer max.poll.records, default 500). */
  consumerMaxPollRecords: number;
  /** How often source tasks commit their offsets (Connect's offset.flush.interval.ms, default 60 s); also on pause and stop. */
  offsetFlushIntervalMs: number;
  /**
   * Opt-in (null: off, as in Kafka Connect): a task FAILED because the database or the broker was
   * unreachable is restarted after this delay, doubling up to 5 min while it keeps failing.
   */
  taskRestartBackoffMs: number | null;
}

/**
 * Reads and validates the environment once at start; a bad value stops the worker with one line
 * naming the variable.
 */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const port =
    env.CONNECT_PORT !== undefined && env.CONNECT_PORT !== ''
      ? envInteger(env, 'CONNECT_PORT', 8083, 0, 65535)
      : envInteger(env, 'PORT', 8083, 0, 65535);
  const kafkaBrokers = envKafkaBrokers(env);
  const advertisedHost = env.CONNECT_ADVERTISED_HOST || '127.0.0.1';
  if (/[\s/:]/.test(advertisedHost))
    throw new ConfigError(`CONNECT_ADVERTISED_HOST must be a host name or address, got "${advertisedHost}"`);
  const advertisedPort = env.CONNECT_ADVERTISED_PORT ? envInteger(env, 'CONNECT_ADVERTISED_PORT', 0, 1, 65535) : null;
  const connectorsFiles = (env.CONNECTORS_FILES ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  return {
    port,
    host: env.CONNECT_HOST || '0.0.0.0',
    kafkaBrokers,
    advertisedHost,
    advertisedPort,
    connectorsFiles,
    configTopic: topicName(env, 'CONNECT_CONFIG_TOPIC', 'connect-configs'),
    offsetsTopic: topicName(env, 'CONNECT_OFFSETS_TOPIC', 'connect-offsets'),
    statusTopic: topicName(env, 'CONNECT_STATUS_TOPIC', 'connect-status'),
    groupPrefix: env.CONNECT_GROUP_PREFIX ?? 'connect-',
    topicsRegexRefreshMs: envInteger(env, 'CONNECT_TOPICS_REGEX_REFRESH_MS', 5000, 100, 3_600_000),
    consumerSessionTimeoutMs: envInteger(env, 'CONNECT_CONSUMER_SESSION_TIMEOUT_MS', 10_000, 6000, 300_000),
    consumerMaxPollRecords: envInteger(env, 'CONNECT_CONSUMER_MAX_POLL_RECORDS', 500, 1, 1_000_000),
    offsetFlushIntervalMs: envInteger(env, 'CONNECT_OFFSET_FLUSH_INTERVAL_MS', 60_000, 1, 86_400_000),
    taskRestartBackoffMs: env.CONNECT_TASK_RESTART_BACKOFF_MS
      ? envInteger(env, 'CONNECT_TASK_RESTART_BACKOFF_MS', 0, 100, 3_600_000)
      : null,
  };
}

function topicName(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const value = env[name] || fallback;
  if (!/^[A-Za-z0-9._-]{1,249}$/.test(value))
    throw new ConfigError(`${name} must be a Kafka topic name (letters, digits, ".", "_", "-"), got "${value}"`);
  return value;
}
