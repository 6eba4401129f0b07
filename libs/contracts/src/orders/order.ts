// An accepted order as the services handle it (camelCase); ORDERS_SCHEMA is its snake_case record.

export interface Order {
  readonly orderId: string;
  readonly userId: string;
  readonly productId: string;
  readonly qty: number;
  readonly unitPrice: number;
  /** qty × unitPrice, at most INT32_MAX (the total_price column is a 32-bit integer). */
  readonly totalPrice: number;
  readonly createdAt: Date;
  /** The orders-service instance that accepted the order. */
  readonly instanceId: string;
}
