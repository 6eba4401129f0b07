// The two failure kinds JdbcSinkTask tells apart: database errors (SQLException: retried, then
// reported or fatal) and TableAlterOrCreateException (a missing table or columns: never retried).

import { EOL } from 'node:os';
import { ConnectError } from '../../connect-api/connect-error';

export class TableAlterOrCreateError extends ConnectError {
  override readonly name = 'TableAlterOrCreateException';
}

/** An error from the database or the driver (mysql2 sets code/errno/sqlState on them). */
export class SqlError extends Error {
  override readonly name = 'SQLException';
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly errno: number | undefined,
    readonly sqlState: string | undefined,
  ) {
    super(message);
  }

  /** Throwable.toString() of the JDBC exception. */
  override toString(): string {
    return `java.sql.SQLException: ${this.message}`;
  }
}

interface DriverError {
  message: string;
  code?: unknown;
  errno?: unknown;
  sqlState?: unknown;
  sqlMessage?: unknown;
}

/** Wraps a driver error as SqlError; anything else is returned as it is. */
export function asSqlError(error: unknown): unknown {
  if (error instanceof SqlError || error instanceof ConnectError || !(error instanceof Error)) return error;
  const driver = error as DriverError;
  if (driver.sqlState === undefined && driver.errno === undefined && typeof driver.code !== 'string') return error;
  return new SqlError(
    typeof driver.sqlMessage === 'string' ? driver.sqlMessage : error.message,
    typeof driver.code === 'string' ? driver.code : undefined,
    typeof driver.errno === 'number' ? driver.errno : undefined,
    typeof driver.sqlState === 'string' ? driver.sqlState : undefined,
  );
}

/** JdbcSinkTask.getAllMessagesException(...).toString(): what RetriableException and ConnectException carry. */
export function allMessages(error: SqlError): string {
  return `java.sql.SQLException: Exception chain:${EOL}${error.toString()}${EOL}`;
}
