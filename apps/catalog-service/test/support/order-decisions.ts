import { ORDER_STATUS_SCHEMA_NAME, ORDER_STATUS_TOPIC, parseEnvelope, type ConnectStruct } from '@kafka-sync/contracts';
import { readTopic, waitFor, type throwawayDatabase } from '@kafka-sync/testing';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';

/** One record of topic order-status, read back and parsed the way the JDBC sink's JsonConverter parses it. */
export interface PublishedDecision {
  key: string | null;
  orderId: string;
  status: string;
  statusReason: string | null;
  /** decided_at as ISO-8601 UTC, to the millisecond. */
  decidedAt: string;
  partition: number;
  offset: string;
}

/** A processed_orders row as the order-status record should carry it. */
export interface StoredDecisionRow {
  orderId: string;
  status: 'CONFIRMED' | 'REJECTED';
  statusReason: string | null;
  /** processed_at as the database prints it ("2026-12-05 10:11:12.345", UTC), turned into ISO-8601: no driver time zone in between. */
  decidedAt: string;
}

function parseDecision(key: string | null, value: Buffer | null, partition: number, offset: string): PublishedDecision {
  const { schema, value: payload } = parseEnvelope(value);
  if (schema?.name !== ORDER_STATUS_SCHEMA_NAME) throw new Error(`an order-status record with schema ${schema?.name ?? 'none'}`);
  const struct = payload as ConnectStruct;
  return {
    key,
    orderId: struct.order_id as string,
    status: struct.status as string,
    statusReason: struct.status_reason as string | null,
    decidedAt: (struct.decided_at as Date).toISOString(),
    partition,
    offset,
  };
}

/** Every record on order-status so far (at least `expectAtLeast`), read in a fresh group. */
export async function readDecisions(bootstrap: string, expectAtLeast: number, timeoutMs?: number): Promise<PublishedDecision[]> {
  const records = await readTopic(bootstrap, ORDER_STATUS_TOPIC, expectAtLeast, timeoutMs);
  return records.map((r) => parseDecision(r.key, r.value, r.partition, r.offset));
}

/**
 * Follows order-status from its beginning as the records arrive, so a test can wait for an
 * order's decision without joining a new group each time it looks.
 */
export class DecisionCollector {
  readonly decisions: PublishedDecision[] = [];
  private readonly kafka: Kafka;
  private readonly consumer: Consumer;

  constructor(bootstrap: string) {
    this.kafka = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING });
    this.consumer = this.kafka.consumer({ groupId: `decision-collector-${randomUUID()}`, maxWaitTimeInMs: 100 });
  }

  async start(): Promise<void> {
    // Created up front (as the service's producer would on its first send), so the subscription finds it.
    const admin = this.kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: ORDER_STATUS_TOPIC }] }).finally(() => admin.disconnect());
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: ORDER_STATUS_TOPIC, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }: { partition: number; message: KafkaMessage }) =>
        void this.decisions.push(parseDecision(message.key?.toString() ?? null, message.value, partition, message.offset)),
    });
  }

  /** The decisions published about `orderId` so far, oldest first. */
  of(orderId: string): PublishedDecision[] {
    return this.decisions.filter((d) => d.key === orderId);
  }

  /** Waits until each of `orderIds` has at least `perOrder` decisions; returns them by order id. */
  async waitFor(orderIds: string[], perOrder = 1, timeoutMs = 20_000): Promise<Map<string, PublishedDecision[]>> {
    return waitFor(
      `${perOrder} decision(s) on ${ORDER_STATUS_TOPIC} for each of ${orderIds.length} order(s)`,
      () => {
        const found = new Map(orderIds.map((id) => [id, this.of(id)]));
        return [...found.values()].every((list) => list.length >= perOrder) && found;
      },
      timeoutMs,
      50,
    );
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }
}

/** The decisions processed_orders holds for `orderIds`, by order id. */
export async function storedDecisions(
  db: ReturnType<typeof throwawayDatabase>,
  orderIds: string[],
): Promise<Map<string, StoredDecisionRow>> {
  const rows = await db.query<Array<{ order_id: string; outcome: string; reason: string | null; at: string }>>(
    'SELECT order_id, outcome, reason, CAST(processed_at AS CHAR) AS at FROM processed_orders WHERE order_id IN (?)',
    [orderIds],
  );
  return new Map(
    rows.map((row) => [
      row.order_id,
      {
        orderId: row.order_id,
        status: row.outcome === 'applied' ? 'CONFIRMED' : 'REJECTED',
        statusReason: row.reason,
        decidedAt: `${row.at.replace(' ', 'T')}Z`,
      },
    ]),
  );
}

/** The published decisions grouped by their record key (each order's in the order they were published). */
export function byOrder(decisions: PublishedDecision[]): Map<string | null, PublishedDecision[]> {
  const grouped = new Map<string | null, PublishedDecision[]>();
  for (const decision of decisions) grouped.set(decision.key, [...(grouped.get(decision.key) ?? []), decision]);
  return grouped;
}
