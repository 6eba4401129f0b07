// CachedConnectionProvider: one mysql2 connection, opened with connection.attempts tries
// connection.backoff.ms apart, autocommit off, checked (ping) before reuse and reopened if dead.
// Unlike Connect's provider, which pings before every put, a connection that committed work less
// than VALIDATION_BYPASS_MS ago and has not reported an error is reused without the round trip
// (HikariCP's aliveBypassWindowMs): under load that ping would stand between every two puts.

import { createConnection, type Connection } from 'mysql2/promise';
import { ConnectError } from '../../connect-api/connect-error';
import type { JdbcSinkConfig } from './jdbc-sink-config';
import { asSqlError, SqlError } from './sql-errors';

type ConnectionConfig = Pick<
  JdbcSinkConfig,
  'url' | 'connectionUser' | 'connectionPassword' | 'connectionAttempts' | 'connectionBackoffMs'
>;

/** How long after its last commit a connection is trusted without a ping (HikariCP's default). */
export const VALIDATION_BYPASS_MS = 500;

export class ConnectionProvider {
  private connection: Connection | null = null;
  private closed = false;
  /** When the connection last committed work (0: never, so the next use pings it). */
  private lastUsed = 0;
  /** Set by the connection's error event (server gone, socket closed): the next use pings it. */
  private broken = false;

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
      if (!this.broken && performance.now() - this.lastUsed < VALIDATION_BYPASS_MS) return this.connection;
      try {
        await this.connection.ping();
        return this.connection;
      } catch {
        this.log.info('The database connection is invalid. Reconnecting...');
        await this.close();
      }
    }
    this.closed = false;
    this.lastUsed = 0;
    this.connection = await this.newConnection();
    return this.connection;
  }

  /** The connection just committed work: it is known to be alive. */
  markUsed(): void {
    this.lastUsed = performance.now();
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
        // A connection-level error (server gone) must not crash the process; the next use pings it.
        this.broken = false;
        connection.on('error', () => {
          if (this.connection === connection) this.broken = true;
        });
        await connection.query('SET autocommit=0');
        return connection;
      } catch (error) {
        const sqlError = asSqlError(error);
        const message = sqlError instanceof Error ? sqlError.message : String(sqlError);
        if (attempt >= this.config.connectionAttempts || this.closed) {
          // getConnection wraps the SQLException: ConnectException(sqle) → "java.sql.SQLException: …"
          throw new ConnectError(sqlError instanceof SqlError ? sqlError.toString() : `java.sql.SQLException: ${message}`, {
            cause: error,
          });
        }
        this.log.info(
          `Unable to connect to database on attempt ${attempt}/${this.config.connectionAttempts}. Will retry in ${this.config.connectionBackoffMs} ms.`,
        );
        await new Promise((resolve) => setTimeout(resolve, this.config.connectionBackoffMs));
      }
    }
  }

  /** Closes the connection; `abort` drops it at once (a result set still being streamed would hold a graceful end forever). */
  async close(abort = false): Promise<void> {
    this.closed = true;
    const connection = this.connection;
    this.connection = null;
    if (connection === null) return;
    if (abort) {
      connection.destroy();
      return;
    }
    try {
      await connection.end();
    } catch {
      connection.destroy();
    }
  }
}
