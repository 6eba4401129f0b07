// Test helpers for the JDBC sink: a throwaway MariaDB database per test file, hand-made
// SinkRecords, and a SinkTaskContext that records what the task asked of the worker.

import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import type { ConnectSchema, ConnectValue } from '@kafka-sync/contracts';
import { withoutFrameworkKeys } from '../../src/connect-api/connector-config';
import type { ConnectorConfig, SinkTask, SinkTaskContext } from '../../src/connect-api/connector-plugin';
import type { SinkRecord } from '../../src/connect-api/sink-record';
import { jdbcSinkPlugin } from '../../src/plugins/jdbc-sink';

const DATABASE_URL = new URL(process.env.TEST_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306');
const HOST = DATABASE_URL.hostname;
const PORT = Number(DATABASE_URL.port || 3306);
const USER = decodeURIComponent(DATABASE_URL.username || 'root');
const PASSWORD = decodeURIComponent(DATABASE_URL.password);

export interface ThrowawayDatabase {
  readonly name: string;
  /** jdbc:mysql://host:port/<name> */
  readonly jdbcUrl: string;
  /** connection.url/user/password for a sink config. */
  readonly connection: ConnectorConfig;
  query<T = Record<string, unknown>[]>(sql: string, params?: unknown[]): Promise<T>;
  drop(): Promise<void>;
}

/** Creates a database no other run uses; drop() removes it. */
export async function createThrowawayDatabase(prefix: string): Promise<ThrowawayDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const run = async <T>(sql: string, params: unknown[] = [], database?: string): Promise<T> => {
    const connection = await createConnection({ host: HOST, port: PORT, user: USER, password: PASSWORD, database, dateStrings: true });
    try {
      const [rows] = await connection.query(sql, params);
      return rows as T;
    } finally {
      await connection.end();
    }
  };
  await run(`CREATE DATABASE \`${name}\``);
  const jdbcUrl = `jdbc:mysql://${HOST}:${PORT}/${name}`;
  return {
    name,
    jdbcUrl,
    // All three, always: a connector file's own values (orders-sink.json reads its credentials as ${env:…}) must not leak through.
    connection: { 'connection.url': jdbcUrl, 'connection.user': USER, 'connection.password': PASSWORD },
    query: (sql, params) => run(sql, params, name),
    drop: () => run(`DROP DATABASE IF EXISTS \`${name}\``),
  };
}

let offsetCounter = 0;

export function record(
  topic: string,
  value: { schema: ConnectSchema | null; value: ConnectValue },
  key: { schema: ConnectSchema | null; value: ConnectValue } = { schema: null, value: null },
  partition = 0,
): SinkRecord {
  offsetCounter += 1;
  return { topic, originalTopic: topic, partition, offset: String(offsetCounter), timestamp: 1_700_000_000_000, key, value, headers: {} };
}

export interface RecordingContext extends SinkTaskContext {
  readonly backoffs: number[];
  readonly reported: { record: SinkRecord; error: Error }[];
  readonly logs: string[];
}

export function recordingContext(options: { reporter?: boolean } = {}): RecordingContext {
  const backoffs: number[] = [];
  const reported: { record: SinkRecord; error: Error }[] = [];
  const logs: string[] = [];
  return {
    connectorName: 'test-sink',
    taskId: 0,
    backoffs,
    reported,
    logs,
    setRetryBackoffMs: (ms) => void backoffs.push(ms),
    errantRecordReporter: options.reporter ? async (r, error) => void reported.push({ record: r, error }) : null,
    log: { info: (m) => void logs.push(`INFO ${m}`), warn: (m) => void logs.push(`WARN ${m}`), error: (m) => void logs.push(`ERROR ${m}`) },
  };
}

/** Starts tasks and stops every one of them in stopAll() (call it from afterEach/afterAll). */
export class TaskStarter {
  private readonly tasks: SinkTask[] = [];

  async start(
    config: ConnectorConfig,
    context: RecordingContext = recordingContext(),
  ): Promise<{ task: SinkTask; context: RecordingContext }> {
    const task = jdbcSinkPlugin.createSinkTask!();
    this.tasks.push(task);
    // As the worker starts it: the framework's keys stripped, the connector's name in the context.
    await task.start(
      withoutFrameworkKeys({ name: context.connectorName, 'connector.class': jdbcSinkPlugin.className, topics: 'unused', ...config }),
      context,
    );
    return { task, context };
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.tasks.splice(0).map((task) => task.stop()));
  }
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}
