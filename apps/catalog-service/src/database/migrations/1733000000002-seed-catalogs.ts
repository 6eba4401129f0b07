import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The course's three products, inserted only when the catalog is empty. */
export const SEED_CATALOGS = [
  { productId: 'CATALOG-001', productName: 'Berlin', stock: 100, unitPrice: 1500 },
  { productId: 'CATALOG-002', productName: 'Tokyo', stock: 110, unitPrice: 1000 },
  { productId: 'CATALOG-003', productName: 'Stockholm', stock: 120, unitPrice: 2000 },
] as const;

export class SeedCatalogs1733000000002 implements MigrationInterface {
  name = 'SeedCatalogs1733000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    const [{ count }] = (await queryRunner.query('SELECT COUNT(*) AS count FROM `catalogs`')) as Array<{ count: number | string }>;
    if (Number(count) > 0) return;
    for (const row of SEED_CATALOGS) {
      await queryRunner.query(
        'INSERT INTO `catalogs` (product_id, product_name, stock, unit_price, created_at) VALUES (?, ?, ?, ?, UTC_TIMESTAMP(3))',
        [row.productId, row.productName, row.stock, row.unitPrice],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DELETE FROM `catalogs` WHERE product_id IN (?)', [SEED_CATALOGS.map((r) => r.productId)]);
  }
}
