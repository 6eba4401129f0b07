// CachedConnectionProvider: one mysql2 connection, opened with connection.attempts tries
// connection.backoff.ms apart, autocommit off, checked (ping) before reuse and reopened if dead.

import { createConnection, type Connection } from 'mysql2/promise';
import { ConnectError } from '../../connect-api/connect-error';
import type { JdbcSinkConfig } from './jdbc-sink-config';
import { asSqlError, SqlError } from './sql-errors';

type ConnectionConfig = Pick<JdbcSinkConfig, 'url' | 'connectionUser' | 'connectionPassword' | 'connectionAttempts' | 'connectionBackoffMs'>;

export class ConnectionProvider {
  private connection: Connection | null = null;
  private closed = false;

  constructor(
    private readonly config: ConnectionConfig,
    private readonly log: { info(message: string): void },
  ) {}

  /** The connection's catalog (Connection.getCatalog()): the database named in the URL. */
  get catalog(): string | null {
    return this.config.url.database;
  }

  async getConnection(): Promise<Connection> {
    if (this.connection !== null) {
      try {
        await this.connection.ping();
        return this.connection;
      } catch {
        this.log.info('The database connection is invalid. Reconnecting...');
        await this.close();
      }
    }
    this.closed = false;
    this.connection = await this.newConnection();
    return this.connection;
  }

  private async newConnection(): Promise<Connection> {
    const { url } = this.config;
    for (let attempt = 1; ; attempt++) {
      try {
        this.log.info(`Attempting to open connection #${attempt} to MySql (${url.host}:${url.port})`);
        const connection = await createConnection({
          host: url.host,
          port: url.port,
          user: this.config.connectionUser ?? undefined,
          password: this.config.connectionPassword ?? undefined,
          database: url.database ?? undefined,
          supportBigNumbers: true,
          bigNumberStrings: true,
        });
        // A connection-level error (server gone) must not crash the process; the next ping notices it.
        connection.on('error', () => undefined);
        await connection.query('SET autocommit=0');
        return connection;
      } catch (error) {
        const sqlError = asSqlError(error);
        const message = sqlError instanceof Error ? sqlError.message : String(sqlError);
        if (attempt >= this.config.connectionAttempts || this.closed) {
          // getConnection wraps the SQLException: ConnectException(sqle) → "java.sql.SQLException: …"
          throw new ConnectError(sqlError instanceof SqlError ? sqlError.toString() : `java.sql.SQLException: ${message}`);
        }
        this.log.info(`Unable to connect to database on attempt ${attempt}/${this.config.connectionAttempts}. Will retry in ${this.config.connectionBackoffMs} ms.`);
        await new Promise((resolve) => setTimeout(resolve, this.config.connectionBackoffMs));
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const connection = this.connection;
    this.connection = null;
    if (connection === null) return;
    try {
      await connection.end();
    } catch {
      connection.destroy();
    }
  }
}
