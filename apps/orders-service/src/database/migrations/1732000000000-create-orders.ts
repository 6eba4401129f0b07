import { ORDERS_TABLE, ORDERS_TABLE_DDL } from '@kafka-sync/contracts';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The shared orders table, owned by this service rather than the sink's auto.create. Its DDL is part
 * of the orders contract (libs/contracts, orders-table.ts: why the sink cannot create it, and how a
 * later change to the table is made).
 */
export class CreateOrders1732000000000 implements MigrationInterface {
  name = 'CreateOrders1732000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(ORDERS_TABLE_DDL);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE \`${ORDERS_TABLE}\``);
  }
}
