import { CATALOG_TOPIC, stockEventMessage, type StockEvent } from '@kafka-sync/contracts';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Message, type Producer } from 'kafkajs';

/** A valid stock event for `productId`; `qty` units at a unit price of 10. */
export function stockEvent(productId: string, qty: number, orderId: string = randomUUID()): StockEvent {
  return { orderId, userId: 'test-user', productId, qty, unitPrice: 10, totalPrice: qty * 10 };
}

/** A kafkajs producer (idempotent, acks=all) writing to example-catalog-topic as orders-service does. */
export class EventProducer {
  private readonly producer: Producer;

  constructor(bootstrap: string) {
    this.producer = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING }).producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: true,
    });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  async send(...events: StockEvent[]): Promise<void> {
    await this.sendRaw(events.map(stockEventMessage));
  }

  async sendRaw(messages: Message[]): Promise<void> {
    await this.producer.send({ topic: CATALOG_TOPIC, acks: -1, messages });
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }
}
