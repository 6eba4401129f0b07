import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The shared orders table, owned by this service rather than the sink's auto.create: Confluent's
 * MySQL dialect maps STRING to TEXT and cannot make order_id a primary key (kafka-connect-jdbc #996).
 * Columns are the course's snake_case record fields; the sink upserts on order_id. Data columns are
 * nullable because every field of the orders record schema is optional.
 */
export class CreateOrders1732000000000 implements MigrationInterface {
  name = 'CreateOrders1732000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS \`orders\` (
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
