import { Inject, Injectable } from '@nestjs/common';
import { KafkaBatchServer, kafkaLogBridge } from '@kafka-sync/service-kit';
import { logLevel } from 'kafkajs';
import { CATALOG_CONFIG } from '../config/config.module';
import type { CatalogConfig } from '../config/catalog-config';

/** Records handled between two offset commits (each event still has its own transaction unless configured otherwise). */
const RECORDS_PER_COMMIT = 200;

/**
 * catalog-service's Kafka transport (app.ts connects it): consumes example-catalog-topic as the
 * configured group and feeds StockEventsController chunks of RECORDS_PER_COMMIT raw records,
 * committing each chunk after its handler resolved. Why not Nest's ServerKafka: it hands over one
 * message at a time (one offset commit per event, no grouping per transaction) with the value
 * already decoded, lossily, so dead letters could not keep the original bytes nor
 * parseStockEvent give its exact reason. A provider, so that readiness can ask about the consumer.
 */
@Injectable()
export class StockEventsServer extends KafkaBatchServer {
  constructor(@Inject(CATALOG_CONFIG) config: CatalogConfig) {
    super({
      client: { clientId: 'catalog-service', brokers: config.kafkaBrokers, logLevel: logLevel.WARN, logCreator: kafkaLogBridge },
      consumer: {
        groupId: config.groupId,
        allowAutoTopicCreation: true,
        maxWaitTimeInMs: 200,
        // A killed instance's partitions move to the others (or to its restart) after this; the
        // longest work between two heartbeats (a chunk of RECORDS_PER_COMMIT plus the database retries) is well below it.
        sessionTimeout: 10_000,
        heartbeatInterval: 1000,
        // A failed batch is retried from its first uncommitted record after 1, 2, 4… s, then the consumer restarts.
        retry: { retries: 5, initialRetryTime: 1000, maxRetryTime: 30_000 },
      },
      producer: { idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: true },
      fromBeginning: true,
      partitionsConsumedConcurrently: 4,
      recordsPerCommit: RECORDS_PER_COMMIT,
    });
  }
}
