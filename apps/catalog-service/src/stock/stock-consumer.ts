import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { CATALOG_TOPIC, DEAD_LETTER_HEADERS, deadLetterTopicFor, parseStockEvent, type StockEvent } from '@kafka-sync/contracts';
import { Kafka, logLevel, type Consumer, type EachBatchPayload, type IHeaders, type KafkaMessage, type Producer } from 'kafkajs';
import { CATALOG_CONFIG } from '../config/config.module';
import type { CatalogConfig } from '../config/catalog-config';
import { isKafkaReachable, kafkaLogBridge } from '@kafka-sync/service-kit';
import { DATABASE_RETRY, withRetry } from './retry';
import { StockLedger, type ApplyOutcome } from './stock-ledger';

/** Records handled between two offset commits (each event still has its own transaction unless configured otherwise). */
const RECORDS_PER_COMMIT = 200;

/**
 * Consumes `example-catalog-topic` and applies each stock event exactly once.
 *
 * Why a kafkajs consumer in an injectable service rather than @nestjs/microservices' Kafka
 * transport (connectMicroservice + @EventPattern): the transport drives kafkajs through
 * `eachMessage` only, so every event would cost its own OffsetCommit round trip and events could
 * not be grouped per commit or per transaction (see the benchmark); and it rewrites the message
 * value with its own JSON parser (lossy UTF-8 decoding) before a handler sees it, so the dead
 * letter could no longer carry the original bytes nor parseStockEvent give its exact reason.
 * Here, with `eachBatch` and autoCommit off:
 *  - an offset is committed only after the database transaction(s) of every record before it
 *    committed, and the dead letters among them were acknowledged by the broker;
 *  - an unreadable record goes to deadLetterTopicFor(CATALOG_TOPIC) with the original key, value
 *    and headers plus the DEAD_LETTER_HEADERS, then consumption goes on;
 *  - a database error is retried with backoff (DATABASE_RETRY); if it persists the batch fails
 *    without committing: kafkajs retries it with its own backoff and then restarts the consumer,
 *    which resumes from the last committed offset. Nothing is skipped, nothing loops hot.
 *  - it stops in beforeApplicationShutdown, which Nest runs before any onApplicationShutdown hook,
 *    so the in-flight batch finishes (or gives up uncommitted) before the database pool closes.
 */
@Injectable()
export class StockConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(StockConsumer.name);
  private readonly kafka: Kafka;
  private readonly consumer: Consumer;
  private readonly producer: Producer;
  private stopping = false;
  private joined = false;
  private failed: string | null = null;

  constructor(
    @Inject(CATALOG_CONFIG) private readonly config: CatalogConfig,
    private readonly ledger: StockLedger,
  ) {
    this.kafka = new Kafka({
      clientId: 'catalog-service',
      brokers: config.kafkaBrokers,
      logLevel: logLevel.WARN,
      logCreator: kafkaLogBridge,
    });
    this.consumer = this.kafka.consumer({
      groupId: config.groupId,
      allowAutoTopicCreation: true,
      maxWaitTimeInMs: 200,
      // A killed instance's partitions move to the others (or to its restart) after this; the
      // longest work between two heartbeats (a chunk of RECORDS_PER_COMMIT plus the database retries) is well below it.
      sessionTimeout: 10_000,
      heartbeatInterval: 1000,
      // A failed batch is retried from its first uncommitted record after 1, 2, 4… s, then the consumer restarts.
      retry: { retries: 5, initialRetryTime: 1000, maxRetryTime: 30_000 },
    });
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: true });
    const { GROUP_JOIN, CRASH, STOP } = this.consumer.events;
    this.consumer.on(GROUP_JOIN, () => {
      this.joined = true;
      this.failed = null;
    });
    this.consumer.on(CRASH, ({ payload }) => {
      this.joined = false;
      if (!payload.restart) this.failed = payload.error.message;
      this.logger.error(`stock consumer crashed (${payload.restart ? 'restarting' : 'not restarting'}): ${payload.error.message}`);
    });
    this.consumer.on(STOP, () => (this.joined = false));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.producer.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: CATALOG_TOPIC, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 4,
      eachBatch: (payload) => this.handleBatch(payload),
    });
    this.logger.log(`stock consumer started: topic ${CATALOG_TOPIC}, group ${this.config.groupId}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.consumer.disconnect();
    await this.producer.disconnect();
    this.logger.log('stock consumer stopped');
  }

  /** For readiness: joined to its group, and not given up. */
  state(): { ok: boolean; detail: string } {
    if (this.failed) return { ok: false, detail: `the stock consumer stopped after an error: ${this.failed}` };
    return this.joined ? { ok: true, detail: 'joined' } : { ok: false, detail: 'the stock consumer has not joined its group' };
  }

  /** For readiness: can the cluster be reached right now? */
  isReachable(timeoutMs = 2000): Promise<boolean> {
    return isKafkaReachable(this.kafka, timeoutMs);
  }

  private async handleBatch({
    batch,
    resolveOffset,
    commitOffsetsIfNecessary,
    heartbeat,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    for (let start = 0; start < batch.messages.length; start += RECORDS_PER_COMMIT) {
      if (!isRunning() || isStale() || this.stopping) return;
      const records = batch.messages.slice(start, start + RECORDS_PER_COMMIT);
      const events: StockEvent[] = [];
      const dead: Array<{ message: KafkaMessage; reason: string }> = [];
      for (const message of records) {
        const parsed = parseStockEvent(message.value);
        if (parsed.ok) events.push(parsed.event);
        else dead.push({ message, reason: parsed.reason });
      }
      if (dead.length > 0) await this.deadLetter(topic, partition, dead);
      if (events.length > 0) await this.apply(events);
      const last = records[records.length - 1].offset;
      // Everything up to `last` is in the database (or the dead-letter topic): only now is it committed.
      await commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition, offset: (BigInt(last) + 1n).toString() }] }] });
      resolveOffset(last);
      await heartbeat();
    }
  }

  private async apply(events: StockEvent[]): Promise<void> {
    const runner = this.ledger.connection();
    try {
      for (let i = 0; i < events.length; i += this.config.eventsPerTransaction) {
        const group = events.slice(i, i + this.config.eventsPerTransaction);
        const outcomes = await withRetry(
          () => this.ledger.applyInTransaction(runner, group),
          DATABASE_RETRY,
          (error, attempt, nextDelayMs) =>
            this.logger.warn(
              `applying order ${group[0].orderId}${group.length > 1 ? ` (+${group.length - 1})` : ''} failed (attempt ${attempt}/${DATABASE_RETRY.attempts}): ${error.message}; ` +
                (nextDelayMs === null
                  ? 'giving up on this batch: nothing committed, it will be redelivered'
                  : `retrying in ${nextDelayMs} ms`),
            ),
          () => !this.stopping,
        );
        outcomes.forEach((outcome, index) => this.report(group[index], outcome));
      }
    } finally {
      await runner.release();
    }
  }

  private report(event: StockEvent, outcome: ApplyOutcome): void {
    if (outcome.kind === 'rejected') this.logger.warn(`order ${event.orderId} rejected: ${outcome.reason}`);
    else if (outcome.kind === 'duplicate') this.logger.debug?.(`order ${event.orderId} was already processed; skipped`);
  }

  private async deadLetter(topic: string, partition: number, dead: Array<{ message: KafkaMessage; reason: string }>): Promise<void> {
    const failedAt = new Date().toISOString();
    await this.producer.send({
      topic: deadLetterTopicFor(topic),
      acks: -1,
      messages: dead.map(({ message, reason }) => {
        const headers: IHeaders = {
          ...(message.headers ?? {}),
          [DEAD_LETTER_HEADERS.reason]: reason,
          [DEAD_LETTER_HEADERS.sourceTopic]: topic,
          [DEAD_LETTER_HEADERS.sourcePartition]: String(partition),
          [DEAD_LETTER_HEADERS.sourceOffset]: message.offset,
          [DEAD_LETTER_HEADERS.failedAt]: failedAt,
        };
        return { key: message.key, value: message.value, headers };
      }),
    });
    for (const { message, reason } of dead)
      this.logger.warn(`record ${topic}/${partition}@${message.offset} sent to ${deadLetterTopicFor(topic)}: ${reason}`);
  }
}
