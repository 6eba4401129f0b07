import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The catalog: one row per product. `stock` can never go below zero, twice over: the consumer
 * decrements with a conditional UPDATE (… WHERE stock >= qty), and the CHECK refuses anything else.
 */
export class CreateCatalogs1733000000000 implements MigrationInterface {
  name = 'CreateCatalogs1733000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS \`catalogs\` (
        \`product_id\` VARCHAR(120) NOT NULL,
        \`product_name\` VARCHAR(255) NOT NULL,
        \`stock\` INT NOT NULL,
        \`unit_price\` INT NOT NULL,
        \`created_at\` DATETIME(3) NOT NULL,
        PRIMARY KEY (\`product_id\`),
        CONSTRAINT \`chk_catalogs_stock_not_negative\` CHECK (\`stock\` >= 0)
      ) ENGINE=InnoDB`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `catalogs`');
  }
}
