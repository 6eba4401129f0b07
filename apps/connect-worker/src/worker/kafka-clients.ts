import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Kafka, logLevel, type Admin, type ITopicConfig, type Producer } from 'kafkajs';
import { WORKER_CONFIG } from '../config/config.module';
import type { WorkerConfig } from '../config/worker-config';
import { kafkaLogBridge } from '@kafka-sync/service-kit';

/**
 * The worker's shared Kafka clients: one admin (topics, cluster id) and one producer (config
 * topic writes, dead letters). Sink task consumers are created per task from `kafka`. Closed on
 * application shutdown, after the herder stopped every consumer (beforeApplicationShutdown).
 */
@Injectable()
export class KafkaClients implements OnApplicationShutdown {
  private readonly logger = new Logger(KafkaClients.name);
  readonly kafka: Kafka;
  private readonly admin: Admin;
  private readonly producer: Producer;
  private adminReady: Promise<void> | null = null;
  private producerReady: Promise<void> | null = null;

  constructor(@Inject(WORKER_CONFIG) config: WorkerConfig) {
    this.kafka = new Kafka({
      clientId: 'connect-worker',
      brokers: config.kafkaBrokers,
      logLevel: logLevel.WARN,
      logCreator: kafkaLogBridge,
      connectionTimeout: 3000,
      retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 3000 },
    });
    this.admin = this.kafka.admin();
    this.producer = this.kafka.producer({ allowAutoTopicCreation: true, idempotent: true, maxInFlightRequests: 1 });
    this.admin.on(this.admin.events.DISCONNECT, () => (this.adminReady = null));
    this.producer.on(this.producer.events.DISCONNECT, () => (this.producerReady = null));
  }

  async getAdmin(): Promise<Admin> {
    this.adminReady ??= this.admin.connect().catch((error: Error) => {
      this.adminReady = null;
      throw error;
    });
    await this.adminReady;
    return this.admin;
  }

  async getProducer(): Promise<Producer> {
    this.producerReady ??= this.producer.connect().catch((error: Error) => {
      this.producerReady = null;
      throw error;
    });
    await this.producerReady;
    return this.producer;
  }

  /** Creates topics that do not exist yet (an existing topic is not an error). */
  async ensureTopics(topics: ITopicConfig[]): Promise<void> {
    const admin = await this.getAdmin();
    const existing = new Set(await admin.listTopics());
    const missingTopics = topics.filter((t) => !existing.has(t.topic));
    if (missingTopics.length === 0) return;
    try {
      await admin.createTopics({ topics: missingTopics, waitForLeaders: true });
    } catch (error) {
      // Another client may have created it meanwhile (TOPIC_ALREADY_EXISTS): check again.
      const now = new Set(await admin.listTopics());
      if (missingTopics.some((t) => !now.has(t.topic))) throw error;
    }
  }

  async clusterId(): Promise<string> {
    return (await (await this.getAdmin()).describeCluster()).clusterId;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
    this.logger.log('Kafka clients disconnected');
  }
}
