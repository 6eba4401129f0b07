import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The shared orders table, owned by this service rather than the sink's auto.create (libs/contracts,
 * orders-table.ts: why the sink cannot create it). This is ORDERS_TABLE_DDL as it was when this
 * migration first ran, copied literally: a migration that ran never changes, so later changes to the
 * contract's table are later migrations (1732000000002 adds the decision's columns).
 */
export class CreateOrders1732000000000 implements MigrationInterface {
  name = 'CreateOrders1732000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE IF NOT EXISTS \`orders\` (
  \`order_id\` VARCHAR(36) NOT NULL,
  \`user_id\` VARCHAR(120) NULL,
  \`product_id\` VARCHAR(120) NULL,
  \`qty\` INT NULL,
  \`unit_price\` INT NULL,
  \`total_price\` INT NULL,
  \`created_at\` DATETIME(3) NULL,
  \`instance_id\` VARCHAR(255) NULL,
  PRIMARY KEY (\`order_id\`),
  INDEX \`idx_orders_user_id_created_at\` (\`user_id\`, \`created_at\`),
  INDEX \`idx_orders_created_at\` (\`created_at\`)
) ENGINE=InnoDB`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `orders`');
  }
}
