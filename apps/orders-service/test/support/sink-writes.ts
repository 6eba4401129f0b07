// What the JDBC sink does to the shared orders table (orders-sink.json: insert.mode=upsert on
// order_id, which Confluent's MySQL dialect writes as INSERT … ON DUPLICATE KEY UPDATE), so the tests
// can play the sink without running it: each record upserts ITS columns only, so an order and its
// decision land in the same row whichever comes first.

import type { OrderStatus } from '@kafka-sync/contracts';
import type { OrdersFixture } from './orders-fixture';

type Db = OrdersFixture['db'];

export interface SinkOrder {
  orderId: string;
  userId: string;
  productId: string;
  qty: number;
  unitPrice: number;
  createdAt: Date;
  instanceId?: string | null;
}

/** A record of topic "orders" (ORDERS_SCHEMA's columns). */
export async function sinkOrder(db: Db, order: SinkOrder): Promise<void> {
  await db.query(
    `INSERT INTO orders (order_id, user_id, product_id, qty, unit_price, total_price, created_at, instance_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON DUPLICATE KEY UPDATE user_id = VALUES(user_id), product_id = VALUES(product_id), qty = VALUES(qty),
       unit_price = VALUES(unit_price), total_price = VALUES(total_price), created_at = VALUES(created_at),
       instance_id = VALUES(instance_id)`,
    [
      order.orderId,
      order.userId,
      order.productId,
      order.qty,
      order.unitPrice,
      order.qty * order.unitPrice,
      order.createdAt,
      order.instanceId ?? null,
    ],
  );
}

/** A record of topic "order-status" (ORDER_STATUS_SCHEMA's columns): catalog-service's decision. */
export async function sinkDecision(
  db: Db,
  orderId: string,
  status: Exclude<OrderStatus, 'PENDING'>,
  statusReason: string | null,
  decidedAt: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO orders (order_id, status, status_reason, decided_at) VALUES (?, ?, ?, ?)
     ON DUPLICATE KEY UPDATE status = VALUES(status), status_reason = VALUES(status_reason), decided_at = VALUES(decided_at)`,
    [orderId, status, statusReason, decidedAt],
  );
}
