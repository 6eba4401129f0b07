import type { ConfigKey } from './config-key';
import type { SinkRecord } from './sink-record';
import type { OffsetMap, SourceRecord } from './source-record';

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

  /** Splits the connector into at most maxTasks task configs (a sink usually returns maxTasks copies); with createConnector, that one answers. */
  taskConfigs?(config: ConnectorConfig, maxTasks: number): ConnectorConfig[];

  /**
   * A connector that watches something (Kafka's Connector instance with start/stop, e.g. the JDBC
   * source's table monitor): the worker starts one per connector and asks it for the task configs,
   * again whenever it requests a task reconfiguration.
   */
  createConnector?(config: ConnectorConfig, context: ConnectorContext): ConnectorInstance;

  /** A sink plugin's task (type 'sink'). */
  createSinkTask?(): SinkTask;
  /** A source plugin's task (type 'source'). */
  createSourceTask?(): SourceTask;
}

/** Kafka Connect's ConnectorContext. */
export interface ConnectorContext {
  readonly connectorName: string;
  /** The worker asks taskConfigs again and, when they changed, restarts the tasks with them. */
  requestTaskReconfiguration(): void;
  log: { info(message: string): void; warn(message: string): void; error(message: string): void };
}

/** A running connector (Kafka's Connector.start / taskConfigs / stop); a throw from start or taskConfigs fails it. */
export interface ConnectorInstance {
  start(): Promise<void>;
  taskConfigs(maxTasks: number): ConnectorConfig[];
  stop(): Promise<void>;
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

/** Connect's OffsetStorageReader: the last committed offset of a source partition of this connector. */
export interface OffsetStorageReader {
  offset(partition: OffsetMap): Promise<OffsetMap | null>;
  offsets(partitions: OffsetMap[]): Promise<Map<OffsetMap, OffsetMap | null>>;
}

export interface SourceTaskContext {
  connectorName: string;
  taskId: number;
  offsetStorageReader: OffsetStorageReader;
  log: { info(message: string): void; warn(message: string): void; error(message: string): void };
}

/**
 * Kafka Connect's SourceTask. poll() returns the next records (null or []: none now; it may wait a
 * little first, as Kafka's tasks do, and must return soon after stop()). The worker sends them,
 * and commits their source offsets to the offsets topic once the records before them were acked.
 * A throw from poll() fails the task (FAILED, with the trace).
 */
export interface SourceTask {
  start(taskConfig: ConnectorConfig, context: SourceTaskContext): Promise<void>;
  poll(): Promise<SourceRecord[] | null>;
  /** Called after the worker committed offsets (Connect's SourceTask.commit). */
  commit?(): Promise<void>;
  /** Called once per record acked by Kafka (or dropped by a transform / errors.tolerance). */
  commitRecord?(record: SourceRecord): Promise<void>;
  /** Must make a pending poll() return promptly. */
  stop(): Promise<void>;
}
