import { ORDERS_STATUS_COLUMNS_DDL } from '@kafka-sync/contracts';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * catalog-service's decision in the shared orders table (status, status_reason, decided_at and the
 * (status, created_at) index): the contract's ALTER TABLE, so the table the migrations make is the one
 * ORDERS_TABLE_DDL describes (orders-table.spec.ts checks that). Rows already there become PENDING,
 * the column's default. Its IF NOT EXISTS clauses also let it run on a table that already has them.
 */
export class AddOrderStatus1732000000002 implements MigrationInterface {
  name = 'AddOrderStatus1732000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(ORDERS_STATUS_COLUMNS_DDL);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`orders\`
  DROP INDEX IF EXISTS \`idx_orders_status_created_at\`,
  DROP COLUMN IF EXISTS \`decided_at\`,
  DROP COLUMN IF EXISTS \`status_reason\`,
  DROP COLUMN IF EXISTS \`status\``);
  }
}
