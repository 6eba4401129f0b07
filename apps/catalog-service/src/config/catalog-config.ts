import { ConfigError, envDatabaseName, envDatabaseUrl, envInteger, envKafkaBrokers } from '@kafka-sync/service-kit';

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

/**
 * Reads and validates the environment once at start; a bad value stops the service with one
 * line naming the variable, instead of a failure deep inside a driver later.
 */
export function loadCatalogConfig(env: NodeJS.ProcessEnv = process.env): CatalogConfig {
  const port = envInteger(env, 'PORT', 8090, 0, 65535);
  const kafkaBrokers = envKafkaBrokers(env);
  const databaseUrl = envDatabaseUrl(env);
  const catalogDb = envDatabaseName(env, 'CATALOG_DB', 'catalog');
  const groupId = env.CATALOG_GROUP_ID ?? 'catalog-service';
  if (!/^[A-Za-z0-9._-]{1,249}$/.test(groupId))
    throw new ConfigError(`CATALOG_GROUP_ID must be 1-249 letters, digits, '.', '_' or '-', got "${groupId}"`);
  return {
    port,
    kafkaBrokers,
    databaseUrl,
    catalogDb,
    groupId,
    eventsPerTransaction: envInteger(env, 'CATALOG_EVENTS_PER_TRANSACTION', 1, 1, 1000),
  };
}
