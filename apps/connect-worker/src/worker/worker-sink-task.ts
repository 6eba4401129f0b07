import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Batch, Consumer, IHeaders, KafkaMessage } from 'kafkajs';
import { ConnectError, RetriableConnectError } from '../connect-api/connect-error';
import { withoutFrameworkKeys } from '../connect-api/connector-config';
import type { ConnectorConfig, ConnectorPlugin, SinkTask, SinkTaskContext } from '../connect-api/connector-plugin';
import type { SinkRecord } from '../connect-api/sink-record';
import type { Transform } from '../connect-api/transform';
import type { WorkerConfig } from '../config/worker-config';
import { createConverter, type Converter } from './converters';
import { frameworkSettings, type FrameworkSettings } from './framework-settings';
import { DeadLetterQueueReporter } from './errors/dead-letter-queue-reporter';
import type { ConsumedRecord, ErrorReporter } from './errors/error-reporter';
import { consumedRecordDescription, LogReporter } from './errors/log-reporter';
import { execute, RetryWithToleranceOperator, StageError } from './errors/retry-with-tolerance-operator';

import type { KafkaClients } from './kafka-clients';
import { WorkerTask } from './worker-task';

/**
 * Connect's InternalSinkRecord keeps the consumer record a SinkRecord came from, for the
 * errant-record reporter; here a symbol-keyed property does, which the transforms' spreads carry
 * along (a WeakMap entry per record cost over a microsecond each).
 */
const ORIGINAL_MESSAGE = Symbol('originalMessage');
type InternalSinkRecord = SinkRecord & { [ORIGINAL_MESSAGE]?: KafkaMessage };
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One sink task (Connect's WorkerSinkTask): a kafkajs consumer in group `connect-<name>` feeding
 * the plugin's SinkTask. Per batch: convert key and value, apply the transforms (failures follow
 * errors.tolerance: none fails the task, all skips the record to the DLQ / log), put(), and only
 * after put resolved commit the offsets. RetriableConnectError: wait the backoff and put the
 * same batch again; any other error: FAILED, consumer stopped, nothing committed past it.
 */
export class WorkerSinkTask extends WorkerTask {
  private readonly settings: FrameworkSettings;
  private readonly maxPollRecords: number;
  private readonly errorHandler: RetryWithToleranceOperator<ConsumedRecord>;
  private consumer: Consumer | null = null;
  private sinkTask: SinkTask | null = null;
  private keyConverter: { className: string; convert: Converter } | null = null;
  private valueConverter: { className: string; convert: Converter } | null = null;
  private transforms: Array<{ className: string; transform: Transform }> = [];
  private topics: string[] = [];
  /** kafkajs refuses pause()/resume() before consumer.run(): until then the flag alone says it, and run() applies it. */
  private consuming = false;
  private retryBackoffMs = 0;
  private regexTimer: NodeJS.Timeout | null = null;
  /** The last put, which may still be writing when the next fetch is converted; false when it did not succeed. */
  private lastPut: Promise<boolean> = Promise.resolve(true);
  /** Offset commits, one after the other in put order; the next put does not wait for them. */
  private commits: Promise<void> = Promise.resolve();

  constructor(
    connectorName: string,
    id: number,
    taskConfig: ConnectorConfig,
    private readonly plugin: ConnectorPlugin,
    private readonly clients: KafkaClients,
    private readonly workerConfig: WorkerConfig,
  ) {
    super(connectorName, id, taskConfig);
    this.settings = frameworkSettings(taskConfig);
    this.maxPollRecords = this.settings.maxPollRecords ?? workerConfig.consumerMaxPollRecords;
    const task = { connectorName, taskId: id };
    const reporters: ErrorReporter<ConsumedRecord>[] = [];
    if (this.settings.logErrors) reporters.push(new LogReporter(task, consumedRecordDescription, (m) => this.logger.error(m)));
    if (this.settings.dlqTopic)
      reporters.push(new DeadLetterQueueReporter(task, clients, this.settings.dlqTopic, this.settings.dlqContextHeaders));
    this.errorHandler = new RetryWithToleranceOperator(this.settings.tolerance, reporters);
  }

  get groupId(): string {
    return `${this.workerConfig.groupPrefix}${this.connectorName}`;
  }

  protected async run(): Promise<void> {
    try {
      this.keyConverter = createConverter(this.taskConfig, 'key.converter');
      this.valueConverter = createConverter(this.taskConfig, 'value.converter');
      this.transforms = this.createTransforms(this.settings.transformAliases);
      await this.errorHandler.start();
      if (!this.plugin.createSinkTask) throw new ConnectError(`${this.plugin.className} is not a sink connector`);
      this.sinkTask = this.plugin.createSinkTask();
      // The plugin sees its own keys only; the connector's name is in the context.
      await this.sinkTask.start(withoutFrameworkKeys(this.taskConfig), this.context());
      if (this.halted) return;
      await this.startConsumer();
      if (this.settings.topicsRegex)
        this.regexTimer = setInterval(() => void this.refreshRegexTopics(), this.workerConfig.topicsRegexRefreshMs);
      if (this.state !== 'FAILED') this.state = this.paused ? 'PAUSED' : 'RUNNING';
    } catch (error) {
      this.fail(new ConnectError(`Task ${this.connectorName}-${this.id} failed to start: ${(error as Error).message}`, { cause: error }));
    }
  }

  private context(): SinkTaskContext {
    return {
      connectorName: this.connectorName,
      taskId: this.id,
      setRetryBackoffMs: (ms) => (this.retryBackoffMs = Math.max(0, ms)),
      errantRecordReporter: this.errorHandler.reporting ? (record, error) => this.reportErrant(record, error) : null,
      log: { info: (m) => this.logger.log(m), warn: (m) => this.logger.warn(m), error: (m) => this.logger.error(m) },
    };
  }

  private async matchingTopics(): Promise<string[]> {
    if (!this.settings.topicsRegex) return this.settings.topics;
    const regex = this.settings.topicsRegex;
    const all = await (await this.clients.getAdmin()).listTopics();
    return all.filter((t) => regex.test(t) && !t.startsWith('__') && t !== this.settings.dlqTopic).sort();
  }

  private async startConsumer(): Promise<void> {
    this.topics = await this.matchingTopics();
    if (this.topics.length === 0) return; // topics.regex matching nothing yet: the refresh timer subscribes later
    const consumer = this.clients.kafka.consumer({
      groupId: this.groupId,
      sessionTimeout: this.workerConfig.consumerSessionTimeoutMs,
      heartbeatInterval: Math.min(1000, Math.floor(this.workerConfig.consumerSessionTimeoutMs / 3)),
      maxWaitTimeInMs: 250,
      // A fetch of several puts' worth (kafkajs' default 1 MiB per partition is ~1,000 records of
      // ~1 KiB) lets the next put be converted while the previous one is written. minBytes stays 1:
      // a lone record goes at once.
      maxBytesPerPartition: 4 * 1024 * 1024,
      maxBytes: 16 * 1024 * 1024,
      allowAutoTopicCreation: true,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart && !this.halted)
        this.fail(new ConnectError(`Consumer crashed: ${payload.error.message}`, { cause: payload.error }));
    });
    await consumer.connect();
    // Connect's sink consumers start from the earliest offset when the group has none.
    await consumer.subscribe({ topics: this.topics, fromBeginning: true });
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (payload) => this.onBatch(consumer, payload) });
    this.consuming = true;
    if (this.paused) consumer.pause(this.topics.map((topic) => ({ topic })));
  }

  private async refreshRegexTopics(): Promise<void> {
    if (this.halted || this.state === 'FAILED') return;
    try {
      const topics = await this.matchingTopics();
      if (topics.join('\n') === this.topics.join('\n')) return;
      this.logger.log(`topics.regex now matches ${JSON.stringify(topics)}: resubscribing`);
      const old = this.consumer;
      this.consumer = null;
      await old?.disconnect();
      if (!this.halted) await this.startConsumer();
    } catch (error) {
      this.logger.warn(`topics.regex refresh failed: ${(error as Error).message}`);
    }
  }

  /**
   * One fetched batch of a partition, as puts of at most max.poll.records records (Connect's
   * consumer hands WorkerSinkTask no more per poll). Puts run one at a time and in order, and each
   * put's offsets are committed once it succeeded; but while a put's statements run in the
   * database, the worker converts the next chunk, and the last put of a batch goes on while
   * kafkajs fetches the next one. The offsets of a put still running are resolved in kafkajs only:
   * if the put fails, the task fails and a restart re-reads from the last commit. Offset commits
   * go to the broker in put order, but the next put does not wait for them.
   */
  private async onBatch(
    consumer: Consumer,
    {
      batch,
      resolveOffset,
      heartbeat,
      isRunning,
      isStale,
    }: {
      batch: Batch;
      resolveOffset: (o: string) => void;
      heartbeat: () => Promise<void>;
      isRunning: () => boolean;
      isStale: () => boolean;
    },
  ): Promise<void> {
    // A put under way carries on through a pause; only a stop, a failure or a lost partition end it.
    const writable = () => consumer === this.consumer && !this.halted && this.state !== 'FAILED' && isRunning() && !isStale();
    // Not resolving a batch makes kafkajs fetch it again: that is how pause and failure keep records.
    if (!writable() || this.paused || batch.messages.length === 0) return;

    for (let start = 0; start < batch.messages.length; start += this.maxPollRecords) {
      const messages = batch.messages.slice(start, start + this.maxPollRecords);
      const records = await this.convertAll(batch, messages);
      if (!(await this.lastPut)) {
        // It was cut short (stop, failure, lost partition): nothing of it was committed, and
        // whoever reads the partition next starts from the last commit, this task included.
        this.lastPut = Promise.resolve(true);
        return;
      }
      if (records === null || !writable() || this.paused) return;
      const lastOffset = messages[messages.length - 1].offset;
      this.lastPut = this.put(records, writable, heartbeat).then((done) => {
        if (done) this.commits = this.commits.then(() => this.commit(consumer, batch, lastOffset));
        return done;
      });
      resolveOffset(lastOffset);
      // One event-loop turn lets the put run up to its first wait on I/O (its statement is then with
      // the database), so the next chunk is converted while the database works rather than before.
      await nextTurn();
    }
    await heartbeat().catch(() => undefined);
  }

  /** Converts and transforms; null when a record failed with errors.tolerance=none (the task is then FAILED). */
  private async convertAll(batch: Batch, messages: KafkaMessage[]): Promise<SinkRecord[] | null> {
    const records: SinkRecord[] = [];
    for (const message of messages) {
      try {
        const record = this.convertAndTransform(batch.topic, batch.partition, message);
        if (record) records.push(record);
      } catch (error) {
        const failure = await this.errorHandler.failed({ topic: batch.topic, partition: batch.partition, message }, error as StageError);
        if (failure) {
          this.fail(failure);
          return null;
        }
      }
    }
    return records;
  }

  /** put() until it succeeds (false: the task failed, was paused or lost the partition). */
  private async put(records: SinkRecord[], writable: () => boolean, heartbeat: () => Promise<void>): Promise<boolean> {
    while (true) {
      if (!writable()) return false;
      try {
        await this.sinkTask!.put(records);
        return true;
      } catch (error) {
        if (error instanceof RetriableConnectError) {
          const wait = Math.max(10, this.retryBackoffMs);
          this.logger.warn(`put failed (${error.message}); redelivering the same ${records.length} record(s) in ${wait} ms`);
          for (let waited = 0; waited < wait && writable(); waited += 500) {
            await sleep(Math.min(500, wait - waited));
            await heartbeat().catch(() => undefined);
          }
          continue;
        }
        this.fail(new ConnectError('Exiting WorkerSinkTask due to unrecoverable exception.', { cause: error }));
        return false;
      }
    }
  }

  private async commit(consumer: Consumer, batch: Batch, lastOffset: string): Promise<void> {
    try {
      await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(lastOffset) + 1n).toString() }]);
    } catch (error) {
      // A rebalance in between: the next owner re-reads from the last commit (at-least-once).
      this.logger.warn(`offset commit failed: ${(error as Error).message}`);
    }
  }

  private convertAndTransform(topic: string, partition: number, message: KafkaMessage): SinkRecord | null {
    const key = execute('KEY_CONVERTER', this.keyConverter!.className, () => this.keyConverter!.convert(message.key ?? null));
    const value = execute('VALUE_CONVERTER', this.valueConverter!.className, () => this.valueConverter!.convert(message.value ?? null));
    let record: InternalSinkRecord = {
      [ORIGINAL_MESSAGE]: message,
      topic,
      originalTopic: topic,
      partition,
      offset: message.offset,
      timestamp: message.timestamp ? Number(message.timestamp) : null,
      key,
      value,
      headers: headersOf(message.headers),
    };
    for (const { className, transform } of this.transforms) {
      const next: SinkRecord | null = execute('TRANSFORMATION', className, () => transform.apply(record));
      if (next === null) return null;
      record = next;
    }
    return record;
  }

  /** The plugin's ErrantRecordReporter (stage TASK_PUT). */
  private async reportErrant(record: SinkRecord, error: Error): Promise<void> {
    const message = (record as InternalSinkRecord)[ORIGINAL_MESSAGE] ?? {
      key: null,
      value: null,
      offset: record.offset,
      timestamp: String(record.timestamp ?? Date.now()),
      attributes: 0,
      headers: {},
      size: 0,
    };
    const failure = await this.errorHandler.failed(
      { topic: record.originalTopic, partition: record.partition, message: message as KafkaMessage },
      new StageError('TASK_PUT', this.plugin.taskClassName, error),
    );
    if (failure) throw failure;
  }

  protected override onPause(): void {
    if (this.consuming) this.consumer?.pause(this.topics.map((topic) => ({ topic })));
  }

  protected override onResume(): void {
    if (this.consuming) this.consumer?.resume(this.topics.map((topic) => ({ topic })));
  }

  /** Stops consuming (leaves the group) and stops the plugin task. */
  protected async close(): Promise<void> {
    if (this.regexTimer) clearInterval(this.regexTimer);
    const consumer = this.consumer;
    this.consumer = null;
    await consumer?.disconnect().catch((error: Error) => this.logger.warn(`consumer disconnect: ${error.message}`));
    // The last put may still be writing: the plugin's connection must outlive it.
    await this.lastPut;
    await this.commits;
    await this.sinkTask?.stop().catch((error: Error) => this.logger.warn(`task stop: ${error.message}`));
  }
}
function headersOf(headers: IHeaders | undefined): Record<string, Buffer | null> {
  const out: Record<string, Buffer | null> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    out[name] = first === undefined ? null : Buffer.isBuffer(first) ? first : Buffer.from(String(first));
  }
  return out;
}
