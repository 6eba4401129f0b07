import {
  InvalidStockEventError,
  parseStockEvent,
  STOCK_EVENT_KEY_ORDER,
  stockEventKey,
  stockEventMessage,
  stockEventValue,
  type Order,
  type StockEvent,
} from '../src';

const EVENT: StockEvent = { orderId: 'ORD-0001', userId: 'user-1', productId: 'CATALOG-001', qty: 3, unitPrice: 1500, totalPrice: 4500 };

// Hand-written in the course's key order (course-material §C): productId, qty, unitPrice, totalPrice, orderId, userId.
const EXPECTED_STOCK_VALUE =
  '{"productId":"CATALOG-001","qty":3,"unitPrice":1500,"totalPrice":4500,"orderId":"ORD-0001","userId":"user-1"}';

describe('stock event (golden)', () => {
  it("serializes in the course's key order, byte for byte", () => {
    expect(stockEventValue(EVENT)).toBe(EXPECTED_STOCK_VALUE);
  });

  it('writes only the six event fields when given a whole order, whatever its key order', () => {
    const order: Order = {
      instanceId: 'i-1',
      createdAt: new Date(0),
      totalPrice: 4500,
      unitPrice: 1500,
      qty: 3,
      productId: 'CATALOG-001',
      userId: 'user-1',
      orderId: 'ORD-0001',
    };
    expect(stockEventValue(order)).toBe(EXPECTED_STOCK_VALUE);
  });

  it('documents the key order it writes', () => {
    expect(Object.keys(JSON.parse(stockEventValue(EVENT)))).toEqual([...STOCK_EVENT_KEY_ORDER]);
  });

  it('keys the record by product id', () => {
    expect(stockEventKey(EVENT)).toBe('CATALOG-001');
    expect(stockEventMessage(EVENT)).toEqual({ key: 'CATALOG-001', value: EXPECTED_STOCK_VALUE });
  });

  it('refuses to send an event that consumers would dead-letter', () => {
    expect(() => stockEventValue({ ...EVENT, totalPrice: 1 })).toThrow(
      new InvalidStockEventError('Invalid stock event: totalPrice must equal qty × unitPrice (3 × 1500 = 4500), but is 1.'),
    );
  });
});

describe('parseStockEvent', () => {
  it('reads the golden value back, from a string or from bytes', () => {
    expect(parseStockEvent(EXPECTED_STOCK_VALUE)).toEqual({ ok: true, event: EVENT });
    expect(parseStockEvent(Buffer.from(EXPECTED_STOCK_VALUE))).toEqual({ ok: true, event: EVENT });
  });

  it('round-trips an event at the int32 limit', () => {
    const event = { ...EVENT, qty: 1, unitPrice: 2_147_483_647, totalPrice: 2_147_483_647 };
    expect(parseStockEvent(stockEventValue(event))).toEqual({ ok: true, event });
  });

  it('ignores fields it does not know and returns only the six', () => {
    const result = parseStockEvent(JSON.stringify({ ...EVENT, createdAt: null, extra: { nested: true } }));
    expect(result).toEqual({ ok: true, event: EVENT });
  });

  const withField = (name: string, value: unknown): string => JSON.stringify({ ...EVENT, [name]: value });
  const without = (name: keyof StockEvent): string => {
    const copy: Partial<StockEvent> = { ...EVENT };
    delete copy[name];
    return JSON.stringify(copy);
  };

  it.each<[string, string | Buffer | null, string]>([
    ['a tombstone', null, 'Invalid stock event: the record has no value (a tombstone), but a stock event is a JSON object.'],
    ['an array', '[1,2]', 'Invalid stock event: it must be a JSON object, but is an array.'],
    ['JSON null', 'null', 'Invalid stock event: it must be a JSON object, but is null.'],
    ['a JSON string', '"hello"', 'Invalid stock event: it must be a JSON object, but is a string ("hello").'],
    ['a missing qty', without('qty'), 'Invalid stock event: qty is missing.'],
    ['a missing orderId', without('orderId'), 'Invalid stock event: orderId is missing.'],
    ['qty as a string', withField('qty', '3'), 'Invalid stock event: qty must be a whole number, but is a string ("3").'],
    ['a fractional qty', withField('qty', 1.5), 'Invalid stock event: qty must be a whole number, but is a number (1.5).'],
    ['qty 0', withField('qty', 0), 'Invalid stock event: qty must be at least 1, but is 0.'],
    ['a negative unitPrice', withField('unitPrice', -5), 'Invalid stock event: unitPrice must be at least 1, but is -5.'],
    [
      'a totalPrice beyond int32',
      withField('totalPrice', 2_147_483_648),
      'Invalid stock event: totalPrice must be at most 2147483647 (a 32-bit integer), but is 2147483648.',
    ],
    ['a null userId', withField('userId', null), 'Invalid stock event: userId must be a string, but is null.'],
    ['a numeric productId', withField('productId', 7), 'Invalid stock event: productId must be a string, but is a number (7).'],
    ['an empty productId', withField('productId', ''), 'Invalid stock event: productId must not be empty.'],
    [
      'a 121-character orderId',
      withField('orderId', 'x'.repeat(121)),
      'Invalid stock event: orderId must be at most 120 characters long, but has 121.',
    ],
    [
      'a wrong total',
      withField('totalPrice', 4501),
      'Invalid stock event: totalPrice must equal qty × unitPrice (3 × 1500 = 4500), but is 4501.',
    ],
    [
      'several problems at once',
      JSON.stringify({ productId: 'p', qty: 0 }),
      'Invalid stock event: orderId is missing; userId is missing; qty must be at least 1, but is 0; unitPrice is missing; totalPrice is missing.',
    ],
  ])('refuses %s with a readable reason', (_case, input, reason) => {
    expect(parseStockEvent(input)).toEqual({ ok: false, reason });
  });

  it('accepts a 120-character id', () => {
    const orderId = 'x'.repeat(120);
    expect(parseStockEvent(withField('orderId', orderId))).toEqual({ ok: true, event: { ...EVENT, orderId } });
  });

  it('reports invalid JSON and invalid UTF-8 without throwing', () => {
    const broken = parseStockEvent('{"productId":');
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.reason).toMatch(/^Invalid stock event: the value is not valid JSON \(.+\)\.$/);
    expect(parseStockEvent(Buffer.from([0x7b, 0xff, 0x7d]))).toEqual({
      ok: false,
      reason: 'Invalid stock event: the value is not valid JSON (the bytes are not valid UTF-8).',
    });
  });

  it('never throws, whatever the bytes', () => {
    const inputs = ['', ' ', '{', '}', '1e999', '{"__proto__":{"qty":1}}', 'true', Buffer.alloc(0), Buffer.from([0xc3]), undefined];
    for (const input of inputs) {
      const result = parseStockEvent(input);
      expect(result.ok).toBe(false);
    }
  });
});
