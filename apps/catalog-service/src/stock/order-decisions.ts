import { Logger } from '@nestjs/common';
import { ORDER_STATUS_TOPIC, orderStatusMessage, type OrderDecision } from '@kafka-sync/contracts';
import type { KafkaBatchContext } from '@kafka-sync/service-kit';
import type { StoredDecision } from './stock-ledger';

const logger = new Logger('OrderDecisions');

/** The order-status record's view of a processed_orders row: applied → CONFIRMED, rejected → REJECTED with its reason. */
export function orderDecisionOf(stored: StoredDecision): OrderDecision {
  return stored.outcome === 'applied'
    ? { orderId: stored.orderId, status: 'CONFIRMED', statusReason: null, decidedAt: stored.processedAt }
    : { orderId: stored.orderId, status: 'REJECTED', statusReason: stored.reason, decidedAt: stored.processedAt };
}

/**
 * Publishes the stored decisions on ORDER_STATUS_TOPIC (key: the order id) through the consumer's
 * own idempotent producer, and resolves once the broker acknowledged them all (acks=-1). Only for
 * committed transactions: a decision that is out cannot be taken back. A failure is thrown after
 * it is logged; the chunk is then redelivered, and its events, duplicates by then, publish their
 * stored decisions again.
 */
export async function publishOrderDecisions(context: KafkaBatchContext, stored: readonly StoredDecision[]): Promise<void> {
  if (stored.length === 0) return;
  try {
    await context.getProducer().send({
      topic: ORDER_STATUS_TOPIC,
      acks: -1,
      messages: stored.map((decision) => orderStatusMessage(orderDecisionOf(decision))),
    });
  } catch (error) {
    const orders = `${stored[0].orderId}${stored.length > 1 ? ` (+${stored.length - 1})` : ''}`;
    logger.warn(
      `publishing the decision on order ${orders} to ${ORDER_STATUS_TOPIC} failed: ${(error as Error).message}; the batch will be redelivered`,
    );
    throw error;
  }
}
