// An order's life: PENDING when orders-service accepted it (201), then one decision by
// catalog-service: CONFIRMED (stock taken) or REJECTED (with the reason). The decision travels on
// topic "order-status" and the JDBC sink writes it into the same row of the shared orders table.

export const ORDER_STATUSES = ['PENDING', 'CONFIRMED', 'REJECTED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** The status of a row the orders table has but no decision reached yet (the column's default). */
export const PENDING: OrderStatus = 'PENDING';

/** catalog-service's decision about one order, as published once its transaction committed. */
export interface OrderDecision {
  readonly orderId: string;
  readonly status: Exclude<OrderStatus, 'PENDING'>;
  /** Why it was rejected ("unknown product X", "not enough stock: N left, M ordered"); null when confirmed. */
  readonly statusReason: string | null;
  /** When catalog-service decided (the commit of its transaction). */
  readonly decidedAt: Date;
}
