import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A product of the catalog (see the create-catalogs migration). */
@Entity('catalogs')
export class CatalogEntity {
  @PrimaryColumn({ name: 'product_id', type: 'varchar', length: 120 })
  productId!: string;

  @Column({ name: 'product_name', type: 'varchar', length: 255 })
  productName!: string;

  @Column({ type: 'int' })
  stock!: number;

  @Column({ name: 'unit_price', type: 'int' })
  unitPrice!: number;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}
