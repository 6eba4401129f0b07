import { ApiProperty } from '@nestjs/swagger';
import { ORDER_STATUSES, type Order, type OrderStatus } from '@kafka-sync/contracts';
import type { OrderEntity } from './order.entity';

// Classes rather than interfaces only so that the OpenAPI document can describe the responses; the
// handlers build plain objects of these shapes.

/** What the API returns for an order as accepted (POST): its fields, no decision yet. */
export class OrderView {
  @ApiProperty({ format: 'uuid' })
  orderId!: string;
  @ApiProperty({ type: String, nullable: true })
  userId!: string | null;
  @ApiProperty({ type: String, nullable: true })
  productId!: string | null;
  @ApiProperty({ type: Number, nullable: true })
  qty!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  unitPrice!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  totalPrice!: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  createdAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The orders-service instance that accepted it' })
  instanceId!: string | null;
}

/** An order read back from the shared table: its fields and catalog-service's decision. */
export class OrderWithStatusView extends OrderView {
  @ApiProperty({ enum: ORDER_STATUSES, description: 'PENDING until catalog-service decided: CONFIRMED (stock taken) or REJECTED' })
  status!: OrderStatus;
  @ApiProperty({ type: String, nullable: true, description: 'Why it was rejected; null unless REJECTED' })
  statusReason!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When catalog-service decided; null while PENDING' })
  decidedAt!: string | null;
}

export class OrderPageView {
  @ApiProperty({ type: [OrderWithStatusView] })
  items!: OrderWithStatusView[];
  @ApiProperty()
  page!: number;
  @ApiProperty()
  pageSize!: number;
  @ApiProperty({ description: 'How many orders match, over all pages' })
  total!: number;
}

export function viewOfOrder(order: Order): OrderView {
  return { ...order, createdAt: order.createdAt.toISOString() };
}

export function viewOfRow(row: OrderEntity): OrderWithStatusView {
  return {
    orderId: row.orderId,
    userId: row.userId,
    productId: row.productId,
    qty: row.qty,
    unitPrice: row.unitPrice,
    totalPrice: row.totalPrice,
    createdAt: row.createdAt ? row.createdAt.toISOString() : null,
    instanceId: row.instanceId,
    status: row.status,
    statusReason: row.statusReason,
    decidedAt: row.decidedAt ? row.decidedAt.toISOString() : null,
  };
}

/**
 * The course's ResponseOrder: {productId, qty, unitPrice, totalPrice, createdAt, orderId}, nulls
 * omitted. It picks its fields, so the decision's never reach the course's routes.
 */
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
