import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306';

/** A database name no other run uses; the service under test creates it, `drop` removes it. */
export function throwawayDatabase(prefix: string): {
  name: string;
  drop: () => Promise<void>;
  query: <T>(sql: string, params?: unknown[]) => Promise<T>;
} {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const withConnection = async <T>(work: (c: Awaited<ReturnType<typeof createConnection>>) => Promise<T>): Promise<T> => {
    const url = new URL(TEST_DATABASE_URL);
    const connection = await createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: url.username || 'root',
      password: decodeURIComponent(url.password),
      timezone: 'Z',
    });
    try {
      return await work(connection);
    } finally {
      await connection.end();
    }
  };
  return {
    name,
    drop: () => withConnection(async (c) => void (await c.query(`DROP DATABASE IF EXISTS \`${name}\``))),
    query: <T>(sql: string, params: unknown[] = []) =>
      withConnection(async (c) => {
        await c.query(`USE \`${name}\``);
        const [rows] = await c.query(sql, params);
        return rows as T;
      }),
  };
}
