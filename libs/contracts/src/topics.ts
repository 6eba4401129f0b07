// Topic names and dead-letter conventions: every producer and consumer takes them from here, so a
// typo cannot split one stream into two topics.

/** Orders as Kafka Connect JsonConverter envelopes; the JDBC sink writes them to the orders table. Key: order id. */
export const ORDERS_TOPIC = 'orders';

/**
 * catalog-service's decision about each order (CONFIRMED / REJECTED) as Kafka Connect JsonConverter
 * envelopes; the same JDBC sink writes them into the orders table. Key: order id.
 */
export const ORDER_STATUS_TOPIC = 'order-status';

/** Stock events (the course's OrderDto as plain JSON) for catalog-service. Key: product id. */
export const CATALOG_TOPIC = 'example-catalog-topic';

/**
 * Where a consumer parks a record it cannot read, so that one bad record neither crashes the
 * service nor blocks its partition. The suffix keeps the dead letters next to their source topic
 * in any listing.
 */
export function deadLetterTopicFor(topic: string): string {
  return `${topic}.dead-letter`;
}

/**
 * Headers a dead-letter record carries besides the original key, value and headers. Values are
 * UTF-8 strings: the reason is a readable sentence; partition and offset are decimal numbers;
 * failedAt is an ISO-8601 UTC timestamp (Date.prototype.toISOString).
 */
export const DEAD_LETTER_HEADERS = {
  reason: 'x-dead-letter-reason',
  sourceTopic: 'x-dead-letter-source-topic',
  sourcePartition: 'x-dead-letter-source-partition',
  sourceOffset: 'x-dead-letter-source-offset',
  failedAt: 'x-dead-letter-failed-at',
} as const;
