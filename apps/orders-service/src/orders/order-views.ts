import type { Order } from '@kafka-sync/contracts';
import type { OrderEntity } from './order.entity';

/** What the API returns for an order. */
export interface OrderView {
  orderId: string;
  userId: string | null;
  productId: string | null;
  qty: number | null;
  unitPrice: number | null;
  totalPrice: number | null;
  createdAt: string | null;
  instanceId: string | null;
}

export function viewOfOrder(order: Order): OrderView {
  return { ...order, createdAt: order.createdAt.toISOString() };
}

export function viewOfRow(row: OrderEntity): OrderView {
  return {
    orderId: row.orderId,
    userId: row.userId,
    productId: row.productId,
    qty: row.qty,
    unitPrice: row.unitPrice,
    totalPrice: row.totalPrice,
    createdAt: row.createdAt ? row.createdAt.toISOString() : null,
    instanceId: row.instanceId,
  };
}

/** The course's ResponseOrder: {productId, qty, unitPrice, totalPrice, createdAt, orderId}, nulls omitted. */
export function courseView(view: OrderView): Record<string, string | number> {
  const fields = {
    productId: view.productId,
    qty: view.qty,
    unitPrice: view.unitPrice,
    totalPrice: view.totalPrice,
    createdAt: view.createdAt,
    orderId: view.orderId,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null)) as Record<string, string | number>;
}
