// The value schema of topic "order-status": only the decision's own columns of the orders table,
// so that the sink's upsert of a decision never touches the order's fields and the upsert of an
// order (which carries no status) never touches the decision, whichever arrives first.

import { field, schema } from '../connect/schema-builders';

export const ORDER_STATUS_SCHEMA_NAME = 'order_status';

export const ORDER_STATUS_SCHEMA = schema.struct(
  [
    field.string('order_id', { optional: true }),
    /** CONFIRMED or REJECTED. */
    field.string('status', { optional: true }),
    field.string('status_reason', { optional: true }),
    field.timestamp('decided_at', { optional: true }),
  ],
  { name: ORDER_STATUS_SCHEMA_NAME },
);
