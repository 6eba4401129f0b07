import { envDatabaseName, envDatabaseUrl, envInteger, envKafkaBrokers } from '@kafka-sync/service-kit';
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

/**
 * Reads and validates the environment once at start; a bad value stops the service with one
 * line naming the variable, instead of a failure deep inside a driver later.
 */
export function loadOrdersConfig(env: NodeJS.ProcessEnv = process.env): OrdersConfig {
  const port = envInteger(env, 'PORT', 8081, 0, 65535);
  const kafkaBrokers = envKafkaBrokers(env);
  const databaseUrl = envDatabaseUrl(env);
  const ordersDb = envDatabaseName(env, 'ORDERS_DB', 'orders');
  return {
    port,
    kafkaBrokers,
    databaseUrl,
    ordersDb,
    // With PORT=0 the real port is unknown here; the pid still tells two local instances apart.
    instanceId: env.INSTANCE_ID || `${hostname()}:${port === 0 ? `pid-${process.pid}` : port}`,
    publishTimeoutMs: envInteger(env, 'PUBLISH_TIMEOUT_MS', 5000, 100, 60_000),
  };
}
