/** A bad setting found at start: the service exits with this one line instead of failing later. */
export class ConfigError extends Error {}

export function envInteger(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return value;
}

/** KAFKA_BROKERS: a comma-separated host:port list. */
export function envKafkaBrokers(env: NodeJS.ProcessEnv, fallback = '127.0.0.1:9092'): string[] {
  const raw = env.KAFKA_BROKERS ?? fallback;
  const brokers = raw
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  if (brokers.length === 0 || brokers.some((b) => !/^[^\s:]+:\d{1,5}$/.test(b))) {
    throw new ConfigError(`KAFKA_BROKERS must be a comma-separated list of host:port, got "${raw}"`);
  }
  return brokers;
}

/** DATABASE_URL: a mysql:// or mariadb:// server URL (the database name comes from its own variable). */
export function envDatabaseUrl(env: NodeJS.ProcessEnv, fallback = 'mysql://root@127.0.0.1:3306'): string {
  const databaseUrl = env.DATABASE_URL ?? fallback;
  let parsed: URL;
  try {
    parsed = new URL(databaseUrl);
  } catch {
    throw new ConfigError(`DATABASE_URL must be a URL like mysql://user:password@host:3306, got "${databaseUrl}"`);
  }
  if (!['mysql:', 'mariadb:'].includes(parsed.protocol) || !parsed.hostname) {
    throw new ConfigError(`DATABASE_URL must be a mysql:// or mariadb:// URL with a host, got "${databaseUrl}"`);
  }
  return databaseUrl;
}

/** A database name variable such as ORDERS_DB: 1-64 letters, digits or underscores. */
export function envDatabaseName(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const value = env[name] ?? fallback;
  if (!/^[A-Za-z0-9_]{1,64}$/.test(value)) throw new ConfigError(`${name} must be 1-64 letters, digits or underscores, got "${value}"`);
  return value;
}
