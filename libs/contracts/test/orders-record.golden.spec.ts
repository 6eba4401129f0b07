import {
  ConnectDataError,
  field,
  InvalidOrdersRecordError,
  ORDERS_SCHEMA,
  ordersMessage,
  ordersRecordKey,
  ordersRecordValue,
  parseEnvelope,
  parseOrdersRecord,
  schema,
  serializeEnvelope,
  type Order,
} from '../src';

const ORDER: Order = {
  orderId: 'ORD-0001',
  userId: 'user-1',
  productId: 'CATALOG-001',
  qty: 3,
  unitPrice: 1500,
  totalPrice: 4500,
  createdAt: new Date('2024-05-01T12:34:56.789Z'), // 1714566896789 ms
  instanceId: '127.0.0.1:8081',
};

// Written by hand from the course's record (course-material §C: envelope {"schema","payload"};
// schema {"type":"struct","fields":[…],"optional":false,"name":"orders"}; fields {"type","optional","field"};
// payload keys in field order), plus the two added optional fields. created_at's logical-type keys
// follow JsonConverter.asJsonSchema: type, optional, name, version (then doc, parameters, default), field last.
const EXPECTED_ORDERS_VALUE =
  '{"schema":{"type":"struct","fields":[' +
  '{"type":"string","optional":true,"field":"order_id"},' +
  '{"type":"string","optional":true,"field":"user_id"},' +
  '{"type":"string","optional":true,"field":"product_id"},' +
  '{"type":"int32","optional":true,"field":"qty"},' +
  '{"type":"int32","optional":true,"field":"unit_price"},' +
  '{"type":"int32","optional":true,"field":"total_price"},' +
  '{"type":"int64","optional":true,"name":"org.apache.kafka.connect.data.Timestamp","version":1,"field":"created_at"},' +
  '{"type":"string","optional":true,"field":"instance_id"}' +
  '],"optional":false,"name":"orders"},' +
  '"payload":{"order_id":"ORD-0001","user_id":"user-1","product_id":"CATALOG-001","qty":3,"unit_price":1500,' +
  '"total_price":4500,"created_at":1714566896789,"instance_id":"127.0.0.1:8081"}}';

// The course's six fields without our two additions: what the course's Java producer sent.
const COURSE_ORDERS_VALUE =
  '{"schema":{"type":"struct","fields":[' +
  '{"type":"string","optional":true,"field":"order_id"},' +
  '{"type":"string","optional":true,"field":"user_id"},' +
  '{"type":"string","optional":true,"field":"product_id"},' +
  '{"type":"int32","optional":true,"field":"qty"},' +
  '{"type":"int32","optional":true,"field":"unit_price"},' +
  '{"type":"int32","optional":true,"field":"total_price"}' +
  '],"optional":false,"name":"orders"},' +
  '"payload":{"order_id":"ORD-0001","user_id":"user-1","product_id":"CATALOG-001","qty":3,"unit_price":1500,"total_price":4500}}';

describe('orders record (golden)', () => {
  it('serializes an order byte for byte as the course-compatible envelope plus created_at and instance_id', () => {
    expect(ordersRecordValue(ORDER)).toBe(EXPECTED_ORDERS_VALUE);
  });

  it('builds the course six-field schema with the builders exactly as the course producer wrote it', () => {
    const courseSchema = schema.struct(
      [
        field.string('order_id', { optional: true }),
        field.string('user_id', { optional: true }),
        field.string('product_id', { optional: true }),
        field.int32('qty', { optional: true }),
        field.int32('unit_price', { optional: true }),
        field.int32('total_price', { optional: true }),
      ],
      { name: 'orders' },
    );
    const payload = { order_id: 'ORD-0001', user_id: 'user-1', product_id: 'CATALOG-001', qty: 3, unit_price: 1500, total_price: 4500 };
    expect(serializeEnvelope(courseSchema, payload)).toBe(COURSE_ORDERS_VALUE);
  });

  it("reproduces the course's JDBC source record for table users (required int32 id) byte for byte", () => {
    const usersSchema = schema.struct(
      [field.int32('id'), field.string('user_id', { optional: true }), field.string('name', { optional: true })],
      { name: 'users' },
    );
    expect(serializeEnvelope(usersSchema, { id: 1, user_id: 'test1', name: 'TEST USER' })).toBe(
      '{"schema":{"type":"struct","fields":[{"type":"int32","optional":false,"field":"id"},' +
        '{"type":"string","optional":true,"field":"user_id"},{"type":"string","optional":true,"field":"name"}],' +
        '"optional":false,"name":"users"},"payload":{"id":1,"user_id":"test1","name":"TEST USER"}}',
    );
  });

  it('writes a missing instance id and creation time as JSON null (the fields are optional)', () => {
    const value = JSON.parse(serializeEnvelope(ORDERS_SCHEMA, { order_id: 'ORD-2', qty: 1 }));
    expect(value.payload).toEqual({
      order_id: 'ORD-2',
      user_id: null,
      product_id: null,
      qty: 1,
      unit_price: null,
      total_price: null,
      created_at: null,
      instance_id: null,
    });
    expect(Object.keys(value.payload)).toEqual(ORDERS_SCHEMA.fields.map((f) => f.field));
  });

  it('keys the record by order id', () => {
    expect(ordersRecordKey(ORDER)).toBe('ORD-0001');
    expect(ordersMessage(ORDER)).toEqual({ key: 'ORD-0001', value: EXPECTED_ORDERS_VALUE });
  });

  it('refuses to build a record whose quantity does not fit the int32 column', () => {
    expect(() => ordersRecordValue({ ...ORDER, qty: 2_147_483_648 })).toThrow(
      new ConnectDataError(
        'Invalid INT32 value at payload.qty: expected an integer from -2147483648 to 2147483647 but found number 2147483648',
      ),
    );
  });

  it('refuses an invalid Date as created_at', () => {
    expect(() => ordersRecordValue({ ...ORDER, createdAt: new Date('nonsense') })).toThrow(
      'Invalid Timestamp value at payload.created_at: expected a valid Date but found Date',
    );
  });
});

describe('parseOrdersRecord', () => {
  it('reads the golden record back into the same order, from a string or from bytes', () => {
    expect(parseOrdersRecord(EXPECTED_ORDERS_VALUE)).toEqual(ORDER);
    expect(parseOrdersRecord(Buffer.from(EXPECTED_ORDERS_VALUE))).toEqual(ORDER);
  });

  it('round-trips any order through the record value', () => {
    const order: Order = {
      ...ORDER,
      orderId: 'ö-ü-"quoted"-\\',
      createdAt: new Date(0),
      qty: 2_147_483_647,
      unitPrice: 1,
      totalPrice: 2_147_483_647,
    };
    expect(parseOrdersRecord(ordersRecordValue(order))).toEqual(order);
  });

  it('gives the schema back as ORDERS_SCHEMA', () => {
    expect(parseEnvelope(EXPECTED_ORDERS_VALUE).schema).toEqual(ORDERS_SCHEMA);
  });

  it('names the missing field of a course-era record without created_at', () => {
    expect(() => parseOrdersRecord(COURSE_ORDERS_VALUE)).toThrow(new InvalidOrdersRecordError('orders record is missing created_at'));
  });

  it.each(['order_id', 'user_id', 'product_id', 'qty', 'unit_price', 'total_price', 'created_at', 'instance_id'])(
    'names %s when it is null',
    (name) => {
      const record = JSON.parse(EXPECTED_ORDERS_VALUE);
      record.payload[name] = null;
      expect(() => parseOrdersRecord(JSON.stringify(record))).toThrow(new InvalidOrdersRecordError(`orders record is missing ${name}`));
    },
  );

  it('refuses a record whose own schema gives a field another type', () => {
    const record = JSON.parse(EXPECTED_ORDERS_VALUE);
    record.schema.fields[3] = { type: 'string', optional: true, field: 'qty' };
    record.payload.qty = '3';
    expect(() => parseOrdersRecord(JSON.stringify(record))).toThrow(
      new InvalidOrdersRecordError('orders record field qty must be an integer'),
    );
  });

  it('refuses created_at sent as a plain int64 without the Timestamp logical type', () => {
    const record = JSON.parse(EXPECTED_ORDERS_VALUE);
    record.schema.fields[6] = { type: 'int64', optional: true, field: 'created_at' };
    expect(() => parseOrdersRecord(JSON.stringify(record))).toThrow(
      new InvalidOrdersRecordError('orders record field created_at must be a Timestamp'),
    );
  });

  it('refuses tombstones and schemaless values with InvalidOrdersRecordError', () => {
    expect(() => parseOrdersRecord(null)).toThrow(InvalidOrdersRecordError);
    expect(() => parseOrdersRecord('{"schema":null,"payload":{"order_id":"x"}}')).toThrow(
      'orders record value must be a struct, but its schema is missing (schemaless JSON)',
    );
  });

  it('lets converter errors through as ConnectDataError', () => {
    expect(() => parseOrdersRecord('{"order_id":"x"}')).toThrow(ConnectDataError);
  });
});
