import { createConnection } from 'mysql2/promise';

/** TypeORM's connection options from a mysql:// (or mariadb://) server URL. */
export function connectionOptions(databaseUrl: string): { host: string; port: number; username: string; password: string } {
  const url = new URL(databaseUrl);
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : 3306,
    username: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
  };
}

/** Creates the service's database when it is missing, so a fresh MariaDB needs no manual step. */
export async function ensureDatabase(databaseUrl: string, database: string): Promise<void> {
  const { username, ...server } = connectionOptions(databaseUrl);
  const connection = await createConnection({ ...server, user: username, connectTimeout: 5000 });
  try {
    await connection.query(`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await connection.end();
  }
}
