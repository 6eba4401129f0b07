import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every order id the consumer has handled, written in the same transaction as the stock change:
 * the primary key is what makes a redelivered event a no-op. Rejected events (unknown product, not
 * enough stock) are kept here too, with their reason, and are listed by GET /catalogs/rejections.
 */
export class CreateProcessedOrders1733000000001 implements MigrationInterface {
  name = 'CreateProcessedOrders1733000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS \`processed_orders\` (
        \`order_id\` VARCHAR(120) NOT NULL,
        \`product_id\` VARCHAR(120) NOT NULL,
        \`qty\` INT NOT NULL,
        \`outcome\` ENUM('applied', 'rejected') NOT NULL,
        \`reason\` VARCHAR(500) NULL,
        \`processed_at\` DATETIME(3) NOT NULL,
        PRIMARY KEY (\`order_id\`),
        INDEX \`idx_processed_orders_outcome_processed_at\` (\`outcome\`, \`processed_at\`)
      ) ENGINE=InnoDB`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `processed_orders`');
  }
}
