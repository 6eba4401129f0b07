// The value schema of topic "orders": the course's six fields, in the course's order and all
// optional as the course declares them, then two optional additions (older readers and the course's
// own records simply lack them). The JDBC sink maps it to the orders table: string → TEXT/VARCHAR,
// int32 → INT, Timestamp → DATETIME(3).

import { field, schema } from '../connect/schema-builders';

export const ORDERS_SCHEMA_NAME = 'orders';

export const ORDERS_SCHEMA = schema.struct(
  [
    field.string('order_id', { optional: true }),
    field.string('user_id', { optional: true }),
    field.string('product_id', { optional: true }),
    field.int32('qty', { optional: true }),
    field.int32('unit_price', { optional: true }),
    field.int32('total_price', { optional: true }),
    /** When the accepting instance took the order. */
    field.timestamp('created_at', { optional: true }),
    /** Which orders-service instance accepted it (INSTANCE_ID), to show the round robin at work. */
    field.string('instance_id', { optional: true }),
  ],
  { name: ORDERS_SCHEMA_NAME },
);
