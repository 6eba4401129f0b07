import { Logger } from '@nestjs/common';
import { Server, type CustomTransportStrategy, type ReadPacket } from '@nestjs/microservices';
import {
  Kafka,
  type Consumer,
  type ConsumerConfig,
  type ConsumerEvents,
  type EachBatchPayload,
  type InstrumentationEvent,
  type KafkaConfig,
  type KafkaMessage,
  type Producer,
  type ProducerConfig,
} from 'kafkajs';
import { isObservable, lastValueFrom } from 'rxjs';
import { isKafkaReachable } from '../kafka-reachable';
import { ConsumerReadiness, type ConsumerState } from './consumer-readiness';
import { KafkaBatchContext } from './kafka-batch-context';

type ConsumerEventName = ConsumerEvents[keyof ConsumerEvents];
type ConsumerEventsMap = Record<ConsumerEventName, (event: InstrumentationEvent<unknown>) => void>;

export interface KafkaBatchServerOptions {
  client: KafkaConfig;
  consumer: ConsumerConfig;
  /** The producer handlers reach through their context (e.g. for dead letters). */
  producer?: ProducerConfig;
  /** A group without committed offsets starts at the beginning of its topics. */
  fromBeginning?: boolean;
  partitionsConsumedConcurrently?: number;
  /** Records per handler call: each call's records are committed together, once the call resolved. */
  recordsPerCommit: number;
}

/**
 * A Nest transport (`app.connectMicroservice({ strategy })`) for `@EventPattern(topic)` handlers
 * that take a chunk of raw kafkajs records and a KafkaBatchContext. Nest's own ServerKafka hands
 * a handler one message at a time (eachMessage: one offset commit per record) with its value
 * already decoded; this one runs kafkajs's eachBatch with autoCommit off and commits a chunk's
 * offsets only after its handler resolved, so a handler can group records per transaction and
 * still see their exact bytes. A handler that throws (or whose Observable errors) commits
 * nothing: kafkajs retries the batch, then restarts the consumer from the last committed offset.
 */
export class KafkaBatchServer extends Server<ConsumerEventsMap> implements CustomTransportStrategy {
  protected override readonly logger = new Logger(this.constructor.name);
  private readonly kafka: Kafka;
  private readonly consumer: Consumer;
  private readonly producer: Producer;
  private readonly readiness: ConsumerReadiness;
  private stopping = false;

  constructor(private readonly options: KafkaBatchServerOptions) {
    super();
    this.kafka = new Kafka(options.client);
    this.consumer = this.kafka.consumer(options.consumer);
    this.producer = this.kafka.producer(options.producer);
    this.readiness = new ConsumerReadiness(this.consumer, this.logger);
  }

  /** Subscribes to the topics of the registered @EventPattern handlers and starts consuming. */
  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const topics = [...this.messageHandlers.keys()];
      if (topics.length === 0) throw new Error(`${this.constructor.name}: no @EventPattern(topic) handler to consume for`);
      await this.producer.connect();
      await this.consumer.connect();
      await this.consumer.subscribe({ topics, fromBeginning: this.options.fromBeginning });
      await this.consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently,
        eachBatch: (payload) => this.consume(payload),
      });
      this.logger.log(`consuming ${topics.join(', ')} as group ${this.options.consumer.groupId}`);
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /** Nest calls this in app.close() before the onApplicationShutdown hooks: the batch in flight finishes (or fails uncommitted) first. */
  async close(): Promise<void> {
    this.stopping = true;
    await this.consumer.disconnect();
    await this.producer.disconnect();
    this.logger.log(`stopped consuming (group ${this.options.consumer.groupId})`);
  }

  /** Listens to the kafkajs consumer's instrumentation events (`consumer.events`, e.g. 'consumer.crash'). */
  on<Event extends ConsumerEventName, Callback extends ConsumerEventsMap[Event]>(event: Event, callback: Callback): void {
    this.consumer.on(event, callback);
  }

  /** [kafka, consumer, producer], as Nest's ServerKafka unwraps. */
  unwrap<T>(): T {
    return [this.kafka, this.consumer, this.producer] as T;
  }

  /** For readiness: joined to the group, and not given up. */
  state(): ConsumerState {
    return this.readiness.state();
  }

  /** For readiness: can the cluster be reached right now? */
  isReachable(timeoutMs = 2000): Promise<boolean> {
    return isKafkaReachable(this.kafka, timeoutMs);
  }

  /** Calls the topic's handler with the records and waits for it, including an Observable it returns; its error is thrown. */
  override async handleEvent(pattern: string, packet: ReadPacket<KafkaMessage[]>, context: KafkaBatchContext): Promise<void> {
    const handler = this.getHandlerByPattern(pattern);
    if (!handler) throw new Error(`no @EventPattern handler for ${pattern}`);
    const result = await handler(packet.data, context);
    if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
  }

  private async consume({
    batch,
    resolveOffset,
    commitOffsetsIfNecessary,
    heartbeat,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    const context = new KafkaBatchContext([topic, partition, this.producer, () => !this.stopping && isRunning()]);
    const size = this.options.recordsPerCommit;
    for (let start = 0; start < batch.messages.length; start += size) {
      if (!context.isRunning() || isStale()) return;
      const records = batch.messages.slice(start, start + size);
      await this.handleEvent(topic, { pattern: topic, data: records }, context);
      const last = records[records.length - 1].offset;
      // Everything up to `last` is handled: only now is it committed.
      await commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition, offset: (BigInt(last) + 1n).toString() }] }] });
      resolveOffset(last);
      await heartbeat();
    }
  }
}
