// The Kafka record for topic "order-status". Key = the order id, as on topic "orders", so every
// decision about one order (a re-publication after a redelivery) stays in one partition, in order.

import { serializeEnvelope } from '../connect/envelope';
import type { OrderDecision } from './order-status';
import { ORDER_STATUS_SCHEMA } from './order-status-schema';

export function orderStatusRecordValue(decision: OrderDecision): string {
  return serializeEnvelope(ORDER_STATUS_SCHEMA, {
    order_id: decision.orderId,
    status: decision.status,
    status_reason: decision.statusReason,
    decided_at: decision.decidedAt,
  });
}

/** Key and value together, in the shape kafkajs's producer takes for one message. */
export function orderStatusMessage(decision: OrderDecision): { key: string; value: string } {
  return { key: decision.orderId, value: orderStatusRecordValue(decision) };
}
