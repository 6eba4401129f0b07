import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { CATALOG_TOPIC, ORDERS_TOPIC, ordersMessage, stockEventMessage, type Order } from '@kafka-sync/contracts';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { ORDERS_CONFIG } from '../config/config.module';
import type { OrdersConfig } from '../config/orders-config';
import { isKafkaReachable, kafkaLogBridge } from '@kafka-sync/service-kit';
import { PublishUnavailableError } from './publish-unavailable.error';

/** Orders carried by one produce request at most (each order is two small records). */
const MAX_ORDERS_PER_SEND = 500;

interface Pending {
  order: Order;
  resolve: () => void;
  reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
}

/**
 * Publishes an order as its two records in ONE produce call (kafkajs sendBatch): the Connect
 * envelope on `orders` (key = order id) for the JDBC sink, and the stock event on
 * `example-catalog-topic` (key = product id, so one product's events stay in order). The producer
 * is idempotent with acks=all; the caller answers 201 only after this resolves. Orders arriving
 * while a send is in flight go out together in the next one, both records of each order always in
 * the same request.
 */
@Injectable()
export class OrderPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(OrderPublisher.name);
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private connecting: Promise<void> | null = null;
  private readonly queue: Pending[] = [];
  private sending = false;

  constructor(@Inject(ORDERS_CONFIG) private readonly config: OrdersConfig) {
    // kafkajs's own retries must give up inside the HTTP bound, so a 503 is not followed by a late success.
    const attemptMs = Math.max(50, Math.floor(config.publishTimeoutMs / 4));
    this.kafka = new Kafka({
      clientId: `orders-service-${config.instanceId}`,
      brokers: config.kafkaBrokers,
      logLevel: logLevel.WARN,
      logCreator: kafkaLogBridge,
      connectionTimeout: attemptMs,
      requestTimeout: attemptMs,
      retry: { retries: 1, initialRetryTime: 100, maxRetryTime: attemptMs },
    });
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: true });
    this.producer.on(this.producer.events.DISCONNECT, () => (this.connecting = null));
  }

  private connect(): Promise<void> {
    this.connecting ??= this.producer.connect().catch((error: Error) => {
      this.connecting = null;
      throw error;
    });
    return this.connecting;
  }

  /**
   * Resolves once the broker acknowledged both records of `order`; rejects with
   * PublishUnavailableError after publishTimeoutMs or on a send failure.
   */
  publish(order: Order): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const entry: Pending = { order, resolve, reject };
      entry.timer = setTimeout(() => {
        // Still queued: withdraw it, so a 503 is never followed by a late publication.
        const queued = this.queue.indexOf(entry);
        if (queued >= 0) this.queue.splice(queued, 1);
        reject(new PublishUnavailableError(`Kafka did not acknowledge the order within ${this.config.publishTimeoutMs} ms`));
      }, this.config.publishTimeoutMs);
      this.queue.push(entry);
      void this.sendQueued();
    });
  }

  /**
   * One sendBatch in flight at a time, carrying every order queued meanwhile. Besides batching,
   * this is what keeps the idempotent producer correct: kafkajs reads a partition's sequence
   * number when it builds a request and advances it only on the answer, so two concurrent sends
   * would carry the same sequence and the broker would drop the second as a duplicate.
   */
  private async sendQueued(): Promise<void> {
    if (this.sending || this.queue.length === 0) return;
    this.sending = true;
    const batch = this.queue.splice(0, MAX_ORDERS_PER_SEND);
    try {
      await this.connect();
      await this.producer.sendBatch({
        acks: -1,
        topicMessages: [
          { topic: ORDERS_TOPIC, messages: batch.map(({ order }) => ordersMessage(order)) },
          { topic: CATALOG_TOPIC, messages: batch.map(({ order }) => stockEventMessage(order)) },
        ],
      });
      this.settle(batch, null);
    } catch (error) {
      this.logger.warn(`publishing ${batch.length} order(s) failed: ${(error as Error).message}`);
      this.settle(batch, new PublishUnavailableError(`Kafka refused or could not be reached: ${(error as Error).message}`));
    } finally {
      this.sending = false;
      void this.sendQueued();
    }
  }

  private settle(batch: Pending[], error: Error | null): void {
    for (const entry of batch) {
      clearTimeout(entry.timer);
      if (error) entry.reject(error);
      else entry.resolve();
    }
  }

  /** For readiness: can the cluster be reached right now? */
  isReachable(timeoutMs = 2000): Promise<boolean> {
    return isKafkaReachable(this.kafka, timeoutMs);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
    this.logger.log('Kafka producer disconnected');
  }
}
