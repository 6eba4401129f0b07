export interface CatalogConfig {
  port: number;
  kafkaBrokers: string[];
  /** Server URL without a database name; the service creates and uses `catalogDb` on it. */
  databaseUrl: string;
  catalogDb: string;
  /** Consumer group of the stock consumer (tests override it; instances of one deployment share it). */
  groupId: string;
  /**
   * Stock events applied per database transaction (1 = one transaction per event). Each event is
   * still deduplicated and checked on its own inside the transaction.
   */
  eventsPerTransaction: number;
}

export class ConfigError extends Error {}

const DATABASE_NAME = /^[A-Za-z0-9_]{1,64}$/;

/**
 * Reads and validates the environment once at start; a bad value stops the service with one
 * line naming the variable, instead of a failure deep inside a driver later.
 */
export function loadCatalogConfig(env: NodeJS.ProcessEnv = process.env): CatalogConfig {
  const port = integer(env, 'PORT', 8090, 0, 65535);
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
  const catalogDb = env.CATALOG_DB ?? 'catalog';
  if (!DATABASE_NAME.test(catalogDb)) throw new ConfigError(`CATALOG_DB must be 1-64 letters, digits or underscores, got "${catalogDb}"`);
  const groupId = env.CATALOG_GROUP_ID ?? 'catalog-service';
  if (!/^[A-Za-z0-9._-]{1,249}$/.test(groupId)) throw new ConfigError(`CATALOG_GROUP_ID must be 1-249 letters, digits, '.', '_' or '-', got "${groupId}"`);
  return {
    port,
    kafkaBrokers,
    databaseUrl,
    catalogDb,
    groupId,
    eventsPerTransaction: integer(env, 'CATALOG_EVENTS_PER_TRANSACTION', 1, 1, 1000),
  };
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return value;
}
