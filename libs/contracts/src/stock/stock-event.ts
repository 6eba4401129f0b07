// The event catalog-service consumes from topic "example-catalog-topic": the course's OrderDto,
// camelCase, plain JSON (no Connect envelope), written in the course's key order
// {productId, qty, unitPrice, totalPrice, orderId, userId}. catalog-service decreases the product's
// stock by qty, once per orderId.

export interface StockEvent {
  readonly orderId: string;
  readonly userId: string;
  readonly productId: string;
  readonly qty: number;
  readonly unitPrice: number;
  readonly totalPrice: number;
}

/** The order in which the course's Jackson producer writes the keys. */
export const STOCK_EVENT_KEY_ORDER = ['productId', 'qty', 'unitPrice', 'totalPrice', 'orderId', 'userId'] as const;
