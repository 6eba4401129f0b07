import { ORDER_STATUS_SCHEMA, ORDER_STATUS_TOPIC, orderStatusMessage, parseEnvelope, type OrderDecision } from '../src';

const REJECTED: OrderDecision = {
  orderId: 'ORD-0002',
  status: 'REJECTED',
  statusReason: 'not enough stock: 97 left, 10000 ordered',
  decidedAt: new Date('2024-05-01T12:34:57.001Z'), // 1714566897001 ms
};

// Written by hand in JsonConverter's layout (as the orders record's golden test): only the
// decision's columns, so the sink's upsert of it leaves the order's fields alone.
const EXPECTED_VALUE =
  '{"schema":{"type":"struct","fields":[' +
  '{"type":"string","optional":true,"field":"order_id"},' +
  '{"type":"string","optional":true,"field":"status"},' +
  '{"type":"string","optional":true,"field":"status_reason"},' +
  '{"type":"int64","optional":true,"name":"org.apache.kafka.connect.data.Timestamp","version":1,"field":"decided_at"}' +
  '],"optional":false,"name":"order_status"},' +
  '"payload":{"order_id":"ORD-0002","status":"REJECTED","status_reason":"not enough stock: 97 left, 10000 ordered","decided_at":1714566897001}}';

describe('order-status record', () => {
  it('is keyed by order id and carries the decision as a JsonConverter envelope, byte for byte', () => {
    expect(ORDER_STATUS_TOPIC).toBe('order-status');
    expect(orderStatusMessage(REJECTED)).toEqual({ key: 'ORD-0002', value: EXPECTED_VALUE });
  });

  it('a confirmation has a null reason, and reads back through the strict parser', () => {
    const { value } = orderStatusMessage({ ...REJECTED, status: 'CONFIRMED', statusReason: null });
    const parsed = parseEnvelope(value);
    expect(parsed.schema).toEqual(ORDER_STATUS_SCHEMA);
    expect(parsed.value).toEqual({ order_id: 'ORD-0002', status: 'CONFIRMED', status_reason: null, decided_at: REJECTED.decidedAt });
  });
});
