import { ORDERS_TABLE, PENDING, type OrderStatus } from '@kafka-sync/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A row of the shared orders table, as the JDBC sink writes it (ORDERS_TABLE_DDL; orders-table.spec.ts keeps the two alike). */
@Entity(ORDERS_TABLE)
export class OrderEntity {
  @PrimaryColumn({ name: 'order_id', type: 'varchar', length: 36 })
  orderId!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 120, nullable: true })
  userId!: string | null;

  @Column({ name: 'product_id', type: 'varchar', length: 120, nullable: true })
  productId!: string | null;

  @Column({ type: 'int', nullable: true })
  qty!: number | null;

  @Column({ name: 'unit_price', type: 'int', nullable: true })
  unitPrice!: number | null;

  @Column({ name: 'total_price', type: 'int', nullable: true })
  totalPrice!: number | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3, nullable: true })
  createdAt!: Date | null;

  @Column({ name: 'instance_id', type: 'varchar', length: 255, nullable: true })
  instanceId!: string | null;

  /** catalog-service's decision, written by the sink from topic order-status; the table's default until then. */
  @Column({ type: 'varchar', length: 16, default: PENDING })
  status!: OrderStatus;

  /** Why it was rejected; null unless REJECTED. */
  @Column({ name: 'status_reason', type: 'varchar', length: 500, nullable: true })
  statusReason!: string | null;

  /** When catalog-service decided; null while PENDING. */
  @Column({ name: 'decided_at', type: 'datetime', precision: 3, nullable: true })
  decidedAt!: Date | null;
}
