import type { ConfigKey } from './config-key';
import type { SinkRecord } from './sink-record';

/** Connector configs travel as flat string maps, exactly as posted to the REST API. */
export type ConnectorConfig = Record<string, string>;

/**
 * A connector plugin the worker can host (Kafka Connect's Connector + its Task class). The worker
 * owns everything around it: REST, configs, consumer groups, converters, transforms, offsets,
 * error tolerance and dead letters; the plugin only validates its own keys and writes records.
 */
export interface ConnectorPlugin {
  /** The class name users put in connector.class, e.g. io.confluent.connect.jdbc.JdbcSinkConnector. */
  readonly className: string;
  readonly type: 'sink' | 'source';
  readonly version: string;
  /** The task class name shown in GET /connectors/{name}/tasks (task.class). */
  readonly taskClassName: string;

  /** The plugin's own config keys (the worker adds the framework keys). */
  configKeys(): ConfigKey[];

  /**
   * Per-key error messages for this config (empty object: valid), with Connect's exact texts,
   * e.g. {"connection.url": ['Missing required configuration "connection.url" which has no default value.']}.
   * Called for create, update and the validate endpoint; framework keys are checked by the worker.
   */
  validate(config: ConnectorConfig): Record<string, string[]>;

  /** Splits the connector into at most maxTasks task configs (a sink usually returns maxTasks copies). */
  taskConfigs(config: ConnectorConfig, maxTasks: number): ConnectorConfig[];

  createSinkTask(): SinkTask;
}

/** Kafka Connect's SinkTask: started with its task config, handed batches of converted records. */
export interface SinkTask {
  start(taskConfig: ConnectorConfig, context: SinkTaskContext): Promise<void>;
  /**
   * Writes a batch; resolves only when it is durable (e.g. the DB transaction committed): the
   * worker commits the consumer offsets after that. Throws RetriableConnectError to have the same
   * batch redelivered after `context.backoffMs`, ConnectError to fail the task.
   */
  put(records: SinkRecord[]): Promise<void>;
  stop(): Promise<void>;
}

export interface SinkTaskContext {
  connectorName: string;
  taskId: number;
  /** Set by the task before throwing RetriableConnectError: how long the worker waits before redelivery. */
  setRetryBackoffMs(ms: number): void;
  /**
   * Connect's ErrantRecordReporter: present only when a DLQ topic is set or errors.log.enable=true.
   * Reports one record the task could not write; throws when errors.tolerance=none.
   */
  errantRecordReporter: ((record: SinkRecord, error: Error) => Promise<void>) | null;
  log: { info(message: string): void; warn(message: string): void; error(message: string): void };
}
