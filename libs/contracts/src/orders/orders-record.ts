// Building the Kafka record for topic "orders".
//
// Key = the order id (a UTF-8 string). It keeps every record of one order in one partition, so a
// replay or retry of the same order lands in order behind the first; the sink upserts on
// order_id, so a replayed record rewrites the same row. (The course sent no key.)

import type { Order } from './order';
import { ORDERS_SCHEMA } from './orders-schema';
import { serializeEnvelope } from '../connect/envelope';

/** The record key: the order id. */
export function ordersRecordKey(order: Pick<Order, 'orderId'>): string {
  return order.orderId;
}

/** The record value: the JsonConverter envelope of ORDERS_SCHEMA, as JSON text. */
export function ordersRecordValue(order: Order): string {
  return serializeEnvelope(ORDERS_SCHEMA, {
    order_id: order.orderId,
    user_id: order.userId,
    product_id: order.productId,
    qty: order.qty,
    unit_price: order.unitPrice,
    total_price: order.totalPrice,
    created_at: order.createdAt,
    instance_id: order.instanceId,
  });
}

/** Key and value together, in the shape kafkajs's producer takes for one message. */
export function ordersMessage(order: Order): { key: string; value: string } {
  return { key: ordersRecordKey(order), value: ordersRecordValue(order) };
}
