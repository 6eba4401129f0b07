// Building the Kafka record for topic "example-catalog-topic".
//
// Key = the product id (a UTF-8 string): every stock change of one product lands in one partition,
// so catalog-service applies them in the order they were sent.

import { checkStockEvent } from './check-stock-event';
import { InvalidStockEventError } from './invalid-stock-event-error';
import type { StockEvent } from './stock-event';

/** The record key: the product id. */
export function stockEventKey(event: Pick<StockEvent, 'productId'>): string {
  return event.productId;
}

/**
 * The record value: JSON in the course's key order. Only the six event fields are written (an
 * Order may be passed as is). Throws InvalidStockEventError for an event that breaks the rules.
 */
export function stockEventValue(event: StockEvent): string {
  const check = checkStockEvent({ ...event });
  if (!check.ok) throw new InvalidStockEventError(check.reason);
  const { productId, qty, unitPrice, totalPrice, orderId, userId } = check.event;
  return JSON.stringify({ productId, qty, unitPrice, totalPrice, orderId, userId });
}

/** Key and value together, in the shape kafkajs's producer takes for one message. */
export function stockEventMessage(event: StockEvent): { key: string; value: string } {
  return { key: stockEventKey(event), value: stockEventValue(event) };
}
