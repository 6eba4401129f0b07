// @kafka-sync/contracts: the one place where the records are defined. Topic names, the Kafka
// Connect JsonConverter envelope (builder and strict parser), the orders record, the stock event
// and the HTTP request DTOs.

export { ID_MAX_LENGTH, INT32_MAX, INT32_MIN } from './limits';
export { CATALOG_TOPIC, DEAD_LETTER_HEADERS, deadLetterTopicFor, ORDER_STATUS_TOPIC, ORDERS_TOPIC } from './topics';
export type { JsonObject, JsonValue } from './json/json-value';
export type { JsonInput } from './json/read-json';
export { parseJson, stringifyJson } from './json/exact-json';

// Kafka Connect JsonConverter envelope
export type {
  ArraySchema,
  ConnectField,
  ConnectPrimitiveType,
  ConnectSchema,
  ConnectSchemaAttributes,
  ConnectType,
  MapSchema,
  PrimitiveSchema,
  StructSchema,
} from './connect/connect-schema';
export type { ConnectStruct, ConnectValue } from './connect/connect-value';
export { ConnectDataError } from './connect/connect-data-error';
export {
  DATE_LOGICAL_NAME,
  DECIMAL_LOGICAL_NAME,
  DECIMAL_SCALE_PARAMETER,
  LOGICAL_TYPE_VERSION,
  TIME_LOGICAL_NAME,
  TIMESTAMP_LOGICAL_NAME,
} from './connect/logical-types';
export { field, schema, type LogicalSchemaOptions, type SchemaOptions } from './connect/schema-builders';
export type { Nullable, StructValue, TypedSchema, ValueOfSchema } from './connect/typed-schema';
export { envelope, serializeEnvelope, type ConnectEnvelope } from './connect/envelope';
export { parseEnvelope, type ParsedEnvelope, type ParseEnvelopeOptions } from './connect/parse-envelope';

// Topic "orders"
export type { Order } from './orders/order';
export { ORDERS_SCHEMA, ORDERS_SCHEMA_NAME } from './orders/orders-schema';
export { ordersMessage, ordersRecordKey, ordersRecordValue } from './orders/orders-record';
export { parseOrdersRecord } from './orders/parse-orders-record';
export { ORDERS_STATUS_COLUMNS_DDL, ORDERS_TABLE, ORDERS_TABLE_DDL, ORDERS_TABLE_KEY } from './orders/orders-table';
export { InvalidOrdersRecordError } from './orders/invalid-orders-record-error';

// Topic "order-status"
export { ORDER_STATUSES, PENDING, type OrderDecision, type OrderStatus } from './orders/order-status';
export { ORDER_STATUS_SCHEMA, ORDER_STATUS_SCHEMA_NAME } from './orders/order-status-schema';
export { orderStatusMessage, orderStatusRecordValue } from './orders/order-status-record';

// Topic "example-catalog-topic"
export { STOCK_EVENT_KEY_ORDER, type StockEvent } from './stock/stock-event';
export { stockEventKey, stockEventMessage, stockEventValue } from './stock/stock-event-record';
export { parseStockEvent, type StockEventParseResult } from './stock/parse-stock-event';
export { InvalidStockEventError } from './stock/invalid-stock-event-error';

// HTTP request bodies
export { CourseCreateOrderDto } from './dto/course-create-order.dto';
export { CreateOrderDto } from './dto/create-order.dto';
export { IsEntityId } from './dto/is-entity-id.decorator';
export { IsPositiveInt32 } from './dto/is-positive-int32.decorator';
export { TOTAL_PRICE_TOO_LARGE_MESSAGE, TotalPriceFitsInt32, TotalPriceFitsInt32Constraint } from './dto/total-price-fits-int32.constraint';
