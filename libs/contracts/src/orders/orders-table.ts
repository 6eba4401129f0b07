// The shared orders table: the other half of the orders contract. The JDBC sink writes each record
// of topic "orders" to it as one row (orders-sink.json: insert.mode=upsert, pk.mode=record_value,
// pk.fields=ORDERS_TABLE_KEY), and every orders-service instance reads it back. The table is not the
// sink's auto.create: Confluent's MySQL dialect maps STRING to TEXT and cannot make order_id a
// primary key (kafka-connect-jdbc #996).
//
// Columns are ORDERS_SCHEMA's fields then ORDER_STATUS_SCHEMA's (order_id is both records' key), same names: string → VARCHAR, int32 → INT, Timestamp →
// DATETIME(3). Data columns are nullable because every field of the schema is optional; the key
// column is NOT NULL, as the sink makes a key column of an optional field. orders-service's first
// migration runs ORDERS_TABLE_DDL; its test orders-table.spec.ts compares the migrated table, the
// schema and the TypeORM entity column by column. A later change to the table is a new
// orders-service migration plus the same change here, with the old text copied into the first one
// (a migration that ran never changes).

import { ORDERS_TOPIC } from '../topics';

/** The sink's table.name.format defaults to the topic name, so the table is called after the topic. */
export const ORDERS_TABLE = ORDERS_TOPIC;

/** The primary key, and the sink's pk.fields: one row per order id, so a replayed record rewrites its row. */
export const ORDERS_TABLE_KEY = 'order_id';

/** CREATE TABLE IF NOT EXISTS for the orders table (MariaDB/MySQL, InnoDB), with the decision's columns. */
export const ORDERS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS \`${ORDERS_TABLE}\` (
  \`order_id\` VARCHAR(36) NOT NULL,
  \`user_id\` VARCHAR(120) NULL,
  \`product_id\` VARCHAR(120) NULL,
  \`qty\` INT NULL,
  \`unit_price\` INT NULL,
  \`total_price\` INT NULL,
  \`created_at\` DATETIME(3) NULL,
  \`instance_id\` VARCHAR(255) NULL,
  \`status\` VARCHAR(16) NOT NULL DEFAULT 'PENDING',
  \`status_reason\` VARCHAR(500) NULL,
  \`decided_at\` DATETIME(3) NULL,
  PRIMARY KEY (\`${ORDERS_TABLE_KEY}\`),
  INDEX \`idx_orders_user_id_created_at\` (\`user_id\`, \`created_at\`),
  INDEX \`idx_orders_created_at\` (\`created_at\`),
  INDEX \`idx_orders_status_created_at\` (\`status\`, \`created_at\`)
) ENGINE=InnoDB`;

/**
 * The decision's columns, added to a table made by the first migration (orders-service's second
 * one): ORDER_STATUS_SCHEMA's fields. The status is owned by the table's default, PENDING, so a
 * row the sink inserts from an order has it, and a row inserted from a decision that arrived first
 * has the decision (its order's fields stay NULL until the order arrives; readers skip such rows).
 */
export const ORDERS_STATUS_COLUMNS_DDL = `ALTER TABLE \`${ORDERS_TABLE}\`
  ADD COLUMN IF NOT EXISTS \`status\` VARCHAR(16) NOT NULL DEFAULT 'PENDING',
  ADD COLUMN IF NOT EXISTS \`status_reason\` VARCHAR(500) NULL,
  ADD COLUMN IF NOT EXISTS \`decided_at\` DATETIME(3) NULL,
  ADD INDEX IF NOT EXISTS \`idx_orders_status_created_at\` (\`status\`, \`created_at\`)`;
