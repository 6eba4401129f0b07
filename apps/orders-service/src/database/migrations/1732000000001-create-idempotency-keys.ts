import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency-Key bookkeeping shared by every orders-service instance: which order a key made,
 * a hash of the request it came with, and whether its publication completed.
 */
export class CreateIdempotencyKeys1732000000001 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1732000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS \`idempotency_keys\` (
        \`idempotency_key\` VARCHAR(255) NOT NULL,
        \`request_hash\` CHAR(64) NOT NULL,
        \`order_id\` VARCHAR(36) NOT NULL,
        \`state\` VARCHAR(16) NOT NULL,
        \`order_json\` TEXT NOT NULL,
        \`updated_at\` DATETIME(3) NOT NULL,
        PRIMARY KEY (\`idempotency_key\`)
      ) ENGINE=InnoDB`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `idempotency_keys`');
  }
}
