// JdbcSinkTask: parses its config, writes each put() through JdbcDbWriter, and handles failures:
//  - database error, retries left  → new writer/connection, setRetryBackoffMs(retry.backoff.ms), RetriableConnectError
//  - database error, retries spent → with an errant-record reporter: write one by one, report the failures;
//                                    without: ConnectError (the worker fails the task)
//  - table missing / columns missing (TableAlterOrCreateException) → reporter path, or ConnectError at once
// Any other ConnectError (a record the validator refuses, a bad pk.fields) fails the task.

import { ConnectError, RetriableConnectError } from '../../connect-api/connect-error';
import type { ConnectorConfig, SinkTask, SinkTaskContext } from '../../connect-api/connector-plugin';
import type { SinkRecord } from '../../connect-api/sink-record';
import { KEY_DEFS } from './config-def';
import { JdbcDbWriter } from './jdbc-db-writer';
import { parseJdbcSinkConfig, type JdbcSinkConfig } from './jdbc-sink-config';
import { allMessages, SqlError, TableAlterOrCreateError } from './sql-errors';

export class JdbcSinkTask implements SinkTask {
  private config: JdbcSinkConfig | null = null;
  private context: SinkTaskContext | null = null;
  private writer: JdbcDbWriter | null = null;
  private remainingRetries = 0;

  async start(taskConfig: ConnectorConfig, context: SinkTaskContext): Promise<void> {
    this.context = context;
    this.config = parseJdbcSinkConfig(taskConfig, context.connectorName);
    for (const def of KEY_DEFS) {
      if (def.notImplemented && Object.hasOwn(taskConfig, def.name))
        context.log.warn(`${def.name} has no effect in this worker: ${def.notImplemented}`);
    }
    this.remainingRetries = this.config.maxRetries;
    context.log.info('Starting JDBC Sink task');
    this.writer = new JdbcDbWriter(this.config, context.log);
    try {
      await this.writer.connect();
    } catch (error) {
      await this.writer.close();
      throw error;
    }
  }

  private async initWriter(): Promise<JdbcDbWriter> {
    await this.writer?.close();
    this.writer = new JdbcDbWriter(this.config as JdbcSinkConfig, (this.context as SinkTaskContext).log);
    return this.writer;
  }

  async put(records: SinkRecord[]): Promise<void> {
    if (records.length === 0) return;
    const config = this.config;
    const context = this.context;
    const writer = this.writer;
    if (config === null || context === null || writer === null) throw new ConnectError('JdbcSinkTask.put called before start');
    try {
      await writer.write(records);
      context.log.info(`Successfully wrote ${records.length} records.`);
    } catch (error) {
      if (error instanceof TableAlterOrCreateError) {
        if (context.errantRecordReporter === null) throw error;
        await this.unrollAndRetry(records, context.errantRecordReporter);
      } else if (error instanceof SqlError) {
        context.log.warn(`Write of ${records.length} records failed, remainingRetries=${this.remainingRetries}: ${error.message}`);
        if (this.remainingRetries > 0) {
          await this.initWriter();
          this.remainingRetries--;
          context.setRetryBackoffMs(config.retryBackoffMs);
          throw new RetriableConnectError(allMessages(error), { cause: error });
        }
        if (context.errantRecordReporter === null) {
          context.log.error('Failing task after exhausting retries; encountered 1 exceptions on last write attempt.');
          throw new ConnectError(allMessages(error), { cause: error });
        }
        await this.unrollAndRetry(records, context.errantRecordReporter);
      } else {
        throw error;
      }
    }
    this.remainingRetries = config.maxRetries;
  }

  /** Each record in its own transaction; the ones that fail go to the reporter. */
  private async unrollAndRetry(records: readonly SinkRecord[], report: (record: SinkRecord, error: Error) => Promise<void>): Promise<void> {
    let writer = await this.initWriter();
    (this.context as SinkTaskContext).log.warn(`Retrying write operation for ${records.length} records.`);
    for (const record of records) {
      try {
        await writer.write([record]);
      } catch (error) {
        if (error instanceof TableAlterOrCreateError) await report(record, error);
        else if (error instanceof SqlError) await report(record, new SqlError(allMessages(error), error.code, error.errno, error.sqlState));
        else throw error;
        writer = await this.initWriter();
      }
    }
  }

  async stop(): Promise<void> {
    const writer = this.writer;
    this.writer = null;
    await writer?.close();
  }
}
