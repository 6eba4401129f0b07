import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Message, Producer } from 'kafkajs';
import { ConnectError } from '../connect-api/connect-error';
import { withoutFrameworkKeys } from '../connect-api/connector-config';
import type { ConnectorConfig, ConnectorPlugin, SourceTask, SourceTaskContext } from '../connect-api/connector-plugin';
import type { SinkRecord } from '../connect-api/sink-record';
import type { OffsetMap, SourceRecord } from '../connect-api/source-record';
import type { Transform } from '../connect-api/transform';
import type { WorkerConfig } from '../config/worker-config';
import { createSourceConverter, type FromConnectData } from './converters';
import type { ErrorReporter } from './errors/error-reporter';
import { LogReporter } from './errors/log-reporter';
import { execute, RetryWithToleranceOperator, StageError } from './errors/retry-with-tolerance-operator';
import { frameworkSettings } from './framework-settings';
import { javaToString } from './java-style';
import type { KafkaClients } from './kafka-clients';
import { OffsetStore } from './offset-store';
import { WorkerTask } from './worker-task';

/** A source record as Connect's LogReporter prints it ("where source record is = …"). */
function sourceRecordDescription(r: SourceRecord): string {
  const map = (m: OffsetMap | null) =>
    m === null
      ? 'null'
      : `{${Object.entries(m)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(', ')}}`;
  return `source record is = SourceRecord{sourcePartition=${map(r.sourcePartition)}, sourceOffset=${map(r.sourceOffset)}} ConnectRecord{topic='${r.topic}', kafkaPartition=${r.kafkaPartition}, key=${javaToString(r.key.value, r.key.schema)}, value=${javaToString(r.value.value, r.value.schema)}, timestamp=${r.timestamp}}`;
}

/**
 * One source task (Kafka's AbstractWorkerSourceTask + WorkerSourceTask): poll() the plugin's
 * SourceTask, apply the transforms, convert key and value to bytes, send with the task's own
 * idempotent producer (acks=all), and remember each source partition's latest offset whose record,
 * and every record polled before it, Kafka acked (or a transform / errors.tolerance=all dropped).
 * Those offsets are written to the offsets topic every offset.flush.interval.ms, on pause, on stop
 * and after a failure not the producer's (Kafka's finalOffsetCommit), then the task's commit() is
 * called. A throw from poll(), start() or the producer fails the task (FAILED, with the trace); a
 * record failing a transform or a converter fails it too with errors.tolerance=none, and is skipped
 * (and logged with errors.log.enable=true) with all. Kafka has no dead letter queue for source
 * connectors, and neither has this worker.
 */
export class WorkerSourceTask extends WorkerTask {
  private readonly errorHandler: RetryWithToleranceOperator<SourceRecord>;
  private readonly transformAliases: string[];
  private sourceTask: SourceTask | null = null;
  private producer: Producer | null = null;
  private keyConverter: { className: string; fromConnectData: FromConnectData } | null = null;
  private valueConverter: { className: string; fromConnectData: FromConnectData } | null = null;
  private transforms: Array<{ className: string; transform: Transform }> = [];
  /** Offsets whose records were all acked, not yet written (OffsetStorageWriter's "data"). */
  private pendingOffsets = new Map<string, { partition: OffsetMap; offset: OffsetMap | null }>();
  private flushTimer: NodeJS.Timeout | null = null;
  private producerFailed = false;
  private flushing: Promise<void> = Promise.resolve();
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    connectorName: string,
    id: number,
    taskConfig: ConnectorConfig,
    private readonly plugin: ConnectorPlugin,
    private readonly clients: KafkaClients,
    private readonly offsets: OffsetStore,
    private readonly workerConfig: WorkerConfig,
  ) {
    super(connectorName, id, taskConfig);
    const settings = frameworkSettings(taskConfig);
    this.transformAliases = settings.transformAliases;
    const reporters: ErrorReporter<SourceRecord>[] = [];
    if (settings.logErrors)
      reporters.push(new LogReporter({ connectorName, taskId: id }, sourceRecordDescription, (m) => this.logger.error(m)));
    this.errorHandler = new RetryWithToleranceOperator(settings.tolerance, reporters);
  }

  protected async run(): Promise<void> {
    try {
      this.keyConverter = createSourceConverter(this.taskConfig, 'key.converter');
      this.valueConverter = createSourceConverter(this.taskConfig, 'value.converter');
      this.transforms = this.createTransforms(this.transformAliases);
      if (!this.plugin.createSourceTask) throw new ConnectError(`${this.plugin.className} is not a source connector`);
      const producer = this.clients.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: true });
      this.producer = producer;
      await producer.connect();
      const context: SourceTaskContext = {
        connectorName: this.connectorName,
        taskId: this.id,
        offsetStorageReader: await this.offsets.reader(this.connectorName),
        log: { info: (m) => this.logger.log(m), warn: (m) => this.logger.warn(m), error: (m) => this.logger.error(m) },
      };
      this.sourceTask = this.plugin.createSourceTask();
      // The plugin sees its own keys only; the connector's name is in the context.
      await this.sourceTask.start(withoutFrameworkKeys(this.taskConfig), context);
      if (this.halted) return;
      this.state = this.paused ? 'PAUSED' : 'RUNNING';
      this.flushTimer = setInterval(() => void this.flush(), this.workerConfig.offsetFlushIntervalMs);
      this.loop = this.execute();
    } catch (error) {
      this.fail(error);
    }
  }

  /** AbstractWorkerSourceTask.execute: poll and send until stopped or failed; a pause flushes and waits. */
  private async execute(): Promise<void> {
    while (!this.halted && this.state !== 'FAILED') {
      if (this.paused) {
        await this.flush();
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
        continue;
      }
      let records: SourceRecord[] | null;
      try {
        records = await this.sourceTask!.poll();
      } catch (error) {
        this.logger.error(
          `WorkerSourceTask{id=${this.connectorName}-${this.id}} Task threw an uncaught and unrecoverable exception. Task is being killed and will not recover until manually restarted`,
        );
        this.fail(error);
        return;
      }
      if (!records || records.length === 0) {
        await nextTurn();
        continue;
      }
      if (!(await this.sendRecords(records))) return;
    }
  }

  /**
   * AbstractWorkerSourceTask.sendRecords: transform and convert each record (failures per
   * errors.tolerance), send the batch and, once Kafka acked it, make its offsets committable.
   */
  private async sendRecords(records: SourceRecord[]): Promise<boolean> {
    const messages: Array<{ topic: string; message: Message }> = [];
    for (const record of records) {
      try {
        const converted = this.transformAndConvert(record);
        if (converted) messages.push(converted);
      } catch (error) {
        const failure = await this.errorHandler.failed(record, error as StageError);
        if (failure) {
          this.fail(failure);
          return false;
        }
      }
    }
    try {
      const byTopic = new Map<string, Message[]>();
      for (const { topic, message } of messages) byTopic.set(topic, [...(byTopic.get(topic) ?? []), message]);
      if (byTopic.size > 0)
        await this.producer!.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, msgs]) => ({ topic, messages: msgs })) });
    } catch (error) {
      this.producerFailed = true;
      this.fail(new ConnectError(`Unrecoverable exception from producer send callback`, { cause: error }));
      return false;
    }
    // Every record of the batch was acked (or dropped): its offsets, in poll order, are committable.
    for (const record of records) {
      if (record.sourcePartition !== null && record.sourceOffset !== null)
        this.pendingOffsets.set(OffsetStore.partitionId(record.sourcePartition), {
          partition: record.sourcePartition,
          offset: record.sourceOffset,
        });
      await this.sourceTask!.commitRecord?.(record).catch((error: Error) => this.logger.warn(`commitRecord: ${error.message}`));
    }
    return true;
  }

  /** Transforms (on the record's ConnectRecord view), then the key and value converters. */
  private transformAndConvert(record: SourceRecord): { topic: string; message: Message } | null {
    let current: SinkRecord = {
      topic: record.topic,
      originalTopic: record.topic,
      partition: record.kafkaPartition ?? -1,
      offset: '-1',
      timestamp: record.timestamp,
      key: record.key,
      value: record.value,
      headers: record.headers ?? {},
    };
    for (const { className, transform } of this.transforms) {
      const next: SinkRecord | null = execute('TRANSFORMATION', className, () => transform.apply(current));
      if (next === null) return null;
      current = next;
    }
    const key = execute('KEY_CONVERTER', this.keyConverter!.className, () => this.keyConverter!.fromConnectData(current.key));
    const value = execute('VALUE_CONVERTER', this.valueConverter!.className, () => this.valueConverter!.fromConnectData(current.value));
    const headers: NonNullable<Message['headers']> = {};
    for (const [name, v] of Object.entries(current.headers)) if (v !== null) headers[name] = v;
    const message: Message = { key, value, headers };
    if (current.partition >= 0) message.partition = current.partition;
    if (current.timestamp !== null) message.timestamp = String(current.timestamp);
    return { topic: current.topic, message };
  }

  /** OffsetStorageWriter.beginFlush/doFlush, then SourceTask.commit(); one flush at a time. */
  private flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.pendingOffsets.size === 0) return;
      const batch = [...this.pendingOffsets.values()];
      this.pendingOffsets = new Map();
      try {
        await this.offsets.write(this.connectorName, batch);
      } catch (error) {
        // Kafka: "Failed to flush offsets to storage"; they are tried again at the next flush.
        this.logger.error(`WorkerSourceTask{id=${this.connectorName}-${this.id}} Failed to flush offsets: ${(error as Error).message}`);
        for (const entry of batch) {
          const id = OffsetStore.partitionId(entry.partition);
          if (!this.pendingOffsets.has(id)) this.pendingOffsets.set(id, entry);
        }
        return;
      }
      await this.sourceTask?.commit?.().catch((error: Error) => this.logger.warn(`commit: ${error.message}`));
    });
    return this.flushing;
  }

  protected override onResume(): void {
    this.wake?.();
  }

  /** Stops polling, commits the offsets of what was acked, stops the plugin task. */
  protected async close(): Promise<void> {
    if (this.flushTimer) clearInterval(this.flushTimer);
    // SourceTask.stop() makes a waiting poll() return; the loop then ends after its batch.
    const stopped = this.sourceTask?.stop().catch((error: Error) => this.logger.warn(`task stop: ${error.message}`));
    this.wake?.();
    await this.loop;
    await stopped;
    // WorkerSourceTask.finalOffsetCommit: what was acked is committed, also when the task failed,
    // unless the producer itself failed (shouldCommitOffsets).
    if (!this.producerFailed) await this.flush();
    await this.producer?.disconnect().catch((error: Error) => this.logger.warn(`producer disconnect: ${error.message}`));
  }
}
