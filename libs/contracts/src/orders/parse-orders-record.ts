// Record value bytes from topic "orders" → Order. The schema's fields are all optional (the course
// made them so), but an Order needs every one: a missing value is an error naming the field rather
// than an Order with holes. The schema travels with each record, so types are checked as well:
// a producer with its own idea of the schema (qty as a string, created_at as a plain int64) is refused.

import { InvalidOrdersRecordError } from './invalid-orders-record-error';
import type { Order } from './order';
import type { ConnectStruct, ConnectValue } from '../connect/connect-value';
import { parseEnvelope } from '../connect/parse-envelope';
import type { JsonInput } from '../json/read-json';

/** Throws ConnectDataError when the bytes are not an envelope, InvalidOrdersRecordError when the envelope is not an order. */
export function parseOrdersRecord(value: JsonInput | null | undefined): Order {
  const parsed = parseEnvelope(value);
  if (parsed.value === null) throw new InvalidOrdersRecordError('orders record has no value (a tombstone or a null payload)');
  if (parsed.schema?.type !== 'struct') {
    throw new InvalidOrdersRecordError(
      `orders record value must be a struct, but its schema is ${parsed.schema?.type ?? 'missing (schemaless JSON)'}`,
    );
  }
  const struct = parsed.value as ConnectStruct;
  return {
    orderId: required(struct, 'order_id', isString, 'a string'),
    userId: required(struct, 'user_id', isString, 'a string'),
    productId: required(struct, 'product_id', isString, 'a string'),
    qty: required(struct, 'qty', isInteger, 'an integer'),
    unitPrice: required(struct, 'unit_price', isInteger, 'an integer'),
    totalPrice: required(struct, 'total_price', isInteger, 'an integer'),
    createdAt: required(struct, 'created_at', isDate, 'a Timestamp'),
    instanceId: required(struct, 'instance_id', isString, 'a string'),
  };
}

function required<T extends ConnectValue>(
  struct: ConnectStruct,
  field: string,
  isType: (value: unknown) => value is T,
  typeName: string,
): T {
  const value = Object.hasOwn(struct, field) ? struct[field] : null;
  if (value === null) throw new InvalidOrdersRecordError(`orders record is missing ${field}`);
  if (!isType(value)) throw new InvalidOrdersRecordError(`orders record field ${field} must be ${typeName}`);
  return value;
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function isInteger(value: unknown): value is number {
  return Number.isInteger(value);
}

function isDate(value: unknown): value is Date {
  return value instanceof Date;
}
