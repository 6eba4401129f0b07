import { Column, Entity, PrimaryColumn } from 'typeorm';

export type Outcome = 'applied' | 'rejected';

/** An order id the stock consumer has handled, and what it did with it (see the migration). */
@Entity('processed_orders')
export class ProcessedOrderEntity {
  @PrimaryColumn({ name: 'order_id', type: 'varchar', length: 120 })
  orderId!: string;

  @Column({ name: 'product_id', type: 'varchar', length: 120 })
  productId!: string;

  @Column({ type: 'int' })
  qty!: number;

  @Column({ type: 'enum', enum: ['applied', 'rejected'] })
  outcome!: Outcome;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason!: string | null;

  @Column({ name: 'processed_at', type: 'datetime', precision: 3 })
  processedAt!: Date;
}
