import { hostname } from 'node:os';

export interface OrdersConfig {
  port: number;
  kafkaBrokers: string[];
  /** Server URL without a database name; the service creates and uses `ordersDb` on it. */
  databaseUrl: string;
  ordersDb: string;
  instanceId: string;
  /** How long a POST may wait for the broker's acknowledgement before answering 503. */
  publishTimeoutMs: number;
}

export class ConfigError extends Error {}

const DATABASE_NAME = /^[A-Za-z0-9_]{1,64}$/;

/**
 * Reads and validates the environment once at start; a bad value stops the service with one
 * line naming the variable, instead of a failure deep inside a driver later.
 */
export function loadOrdersConfig(env: NodeJS.ProcessEnv = process.env): OrdersConfig {
  const port = integer(env, 'PORT', 8081, 0, 65535);
  const kafkaBrokers = (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim()).filter(Boolean);
  if (kafkaBrokers.length === 0 || kafkaBrokers.some((b) => !/^[^\s:]+:\d{1,5}$/.test(b))) {
    throw new ConfigError(`KAFKA_BROKERS must be a comma-separated list of host:port, got "${env.KAFKA_BROKERS}"`);
  }
  const databaseUrl = env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306';
  let parsed: URL;
  try {
    parsed = new URL(databaseUrl);
  } catch {
    throw new ConfigError(`DATABASE_URL must be a URL like mysql://user:password@host:3306, got "${databaseUrl}"`);
  }
  if (!['mysql:', 'mariadb:'].includes(parsed.protocol) || !parsed.hostname) {
    throw new ConfigError(`DATABASE_URL must be a mysql:// or mariadb:// URL with a host, got "${databaseUrl}"`);
  }
  const ordersDb = env.ORDERS_DB ?? 'orders';
  if (!DATABASE_NAME.test(ordersDb)) throw new ConfigError(`ORDERS_DB must be 1-64 letters, digits or underscores, got "${ordersDb}"`);
  return {
    port,
    kafkaBrokers,
    databaseUrl,
    ordersDb,
    // With PORT=0 the real port is unknown here; the pid still tells two local instances apart.
    instanceId: env.INSTANCE_ID || `${hostname()}:${port === 0 ? `pid-${process.pid}` : port}`,
    publishTimeoutMs: integer(env, 'PUBLISH_TIMEOUT_MS', 5000, 100, 60_000),
  };
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return value;
}
