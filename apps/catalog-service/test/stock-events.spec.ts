import { CATALOG_TOPIC, DEAD_LETTER_HEADERS, deadLetterTopicFor, type StockEvent } from '@kafka-sync/contracts';
import { http, readTopic, waitFor } from '@kafka-sync/testing';
import { startCatalogFixture, type CatalogFixture } from './support/catalog-fixture';
import type { RecordingLogger } from './support/recording-logger';
import { stockEvent } from './support/stock-events';

describe('catalog-service applies stock events exactly once', () => {
  let fixture: CatalogFixture;
  let url: string;
  let logs: RecordingLogger;

  beforeAll(async () => {
    fixture = await startCatalogFixture('catalog-test');
    ({ url, logs } = fixture.instance!);
  });

  afterAll(() => fixture?.stop());

  const processed = async (orderId: string) =>
    fixture.db.query<Array<{ order_id: string; outcome: string; reason: string | null; qty: number }>>(
      'SELECT * FROM processed_orders WHERE order_id = ?',
      [orderId],
    );
  const waitProcessed = (orderId: string, timeoutMs?: number) =>
    waitFor(`order ${orderId} to be processed`, async () => (await processed(orderId)).length === 1, timeoutMs);

  it('serves the seed rows on /catalogs, one product, a 404 with a message, and the course route', async () => {
    const list = await http('GET', `${url}/catalogs`);
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      {
        productId: 'CATALOG-001',
        productName: 'Berlin',
        stock: 100,
        unitPrice: 1500,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      },
      { productId: 'CATALOG-002', productName: 'Tokyo', stock: 110, unitPrice: 1000, createdAt: expect.any(String) },
      { productId: 'CATALOG-003', productName: 'Stockholm', stock: 120, unitPrice: 2000, createdAt: expect.any(String) },
    ]);
    expect(Math.abs(Date.parse(list.body[0].createdAt) - Date.now())).toBeLessThan(5 * 60_000);

    const one = await http('GET', `${url}/catalogs/CATALOG-002`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(list.body[1]);

    const missing = await http('GET', `${url}/catalogs/NO-SUCH-PRODUCT`);
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('Product NO-SUCH-PRODUCT is not in the catalog');

    const course = await http('GET', `${url}/catalog-service/catalogs`);
    expect(course.status).toBe(200);
    expect(course.body).toEqual(list.body);

    const rejections = await http('GET', `${url}/catalogs/rejections`);
    expect(rejections.status).toBe(200);
    expect(rejections.body).toEqual([]);
    expect((await http('GET', `${url}/catalogs/rejections?limit=0`)).status).toBe(400);
  });

  it('decrements once for the same event delivered three times', async () => {
    const event = stockEvent('CATALOG-001', 7);
    await fixture.producer.send(event);
    await fixture.producer.send(event, event);
    const after = stockEvent('CATALOG-001', 1);
    await fixture.producer.send(after);
    await waitProcessed(after.orderId);
    expect((await fixture.stock())['CATALOG-001']).toBe(100 - 7 - 1);
    expect(await processed(event.orderId)).toEqual([expect.objectContaining({ outcome: 'applied', qty: 7, reason: null })]);
    expect((await http('GET', `${url}/catalogs/CATALOG-001`)).body.stock).toBe(92);
  });

  it('takes stock exactly to zero, then rejects what does not fit and leaves stock untouched; rejections are visible over HTTP, newest first', async () => {
    const tooMuch = stockEvent('CATALOG-002', 111);
    const exact = stockEvent('CATALOG-002', 110);
    const oneMore = stockEvent('CATALOG-002', 1);
    await fixture.producer.send(tooMuch);
    await waitProcessed(tooMuch.orderId);
    expect((await fixture.stock())['CATALOG-002']).toBe(110);
    await fixture.producer.send(exact, oneMore);
    await waitProcessed(oneMore.orderId);
    expect((await fixture.stock())['CATALOG-002']).toBe(0);
    expect((await processed(exact.orderId))[0].outcome).toBe('applied');

    const unknown = stockEvent('NO-SUCH-PRODUCT', 2);
    await fixture.producer.send(unknown);
    await waitProcessed(unknown.orderId);
    expect(await fixture.db.query('SELECT * FROM catalogs WHERE product_id = ?', ['NO-SUCH-PRODUCT'])).toEqual([]);

    const res = await http('GET', `${url}/catalogs/rejections`);
    expect(res.status).toBe(200);
    expect(res.body.map((r: { orderId: string }) => r.orderId)).toEqual([unknown.orderId, oneMore.orderId, tooMuch.orderId]);
    expect(res.body[0]).toEqual({
      orderId: unknown.orderId,
      productId: 'NO-SUCH-PRODUCT',
      qty: 2,
      reason: 'unknown product NO-SUCH-PRODUCT',
      processedAt: expect.stringMatching(/Z$/),
    });
    expect(res.body[1]).toMatchObject({ productId: 'CATALOG-002', qty: 1, reason: 'not enough stock: 0 left, 1 ordered' });
    expect(res.body[2]).toMatchObject({ productId: 'CATALOG-002', qty: 111, reason: 'not enough stock: 110 left, 111 ordered' });
    expect((await http('GET', `${url}/catalogs/rejections?limit=1`)).body).toEqual([res.body[0]]);
    expect((await http('GET', `${url}/catalogs/CATALOG-002`)).body.stock).toBe(0);
  });

  it('sends unreadable and half-valid records to the dead-letter topic with the reason, and goes on', async () => {
    const half = { orderId: 'half-1', userId: 'u', productId: 'CATALOG-003', qty: '5', unitPrice: 10, totalPrice: 50 };
    const bad: Array<{ key: string | null; value: Buffer | null; reason: RegExp }> = [
      { key: 'CATALOG-003', value: Buffer.from('not json at all'), reason: /^Invalid stock event: the value is not valid JSON/ },
      { key: 'CATALOG-003', value: Buffer.from(JSON.stringify(half)), reason: /qty must be a whole number, but is a string \("5"\)/ },
      { key: 'CATALOG-003', value: Buffer.from('{"orderId":"half-2"}'), reason: /userId is missing; productId is missing/ },
      {
        key: 'CATALOG-003',
        value: Buffer.from(JSON.stringify({ ...stockEvent('CATALOG-003', 2, 'half-3'), totalPrice: 999 })),
        reason: /totalPrice must equal qty × unitPrice/,
      },
      { key: 'CATALOG-003', value: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), reason: /not valid UTF-8/ },
      { key: null, value: null, reason: /tombstone/ },
    ];
    await fixture.producer.sendRaw(bad.map(({ key, value }) => ({ key, value, headers: { 'x-origin': 'test' } })));
    const valid = stockEvent('CATALOG-003', 4);
    await fixture.producer.send(valid);
    await waitProcessed(valid.orderId);
    expect((await fixture.stock())['CATALOG-003']).toBe(116);
    expect(await fixture.db.query("SELECT * FROM processed_orders WHERE order_id LIKE 'half-%'")).toEqual([]);

    const source = await readTopic(fixture.broker.bootstrap, CATALOG_TOPIC, 1);
    const dead = await readTopic(fixture.broker.bootstrap, deadLetterTopicFor(CATALOG_TOPIC), bad.length);
    expect(dead).toHaveLength(bad.length);
    dead.forEach((record, i) => {
      const original = source.find((r) => r.offset === record.headers[DEAD_LETTER_HEADERS.sourceOffset]);
      expect(original).toBeDefined();
      expect(record.key).toBe(bad[i].key);
      expect(record.value).toEqual(bad[i].value);
      expect(original!.value).toEqual(bad[i].value);
      expect(record.headers[DEAD_LETTER_HEADERS.reason]).toMatch(bad[i].reason);
      expect(record.headers[DEAD_LETTER_HEADERS.sourceTopic]).toBe(CATALOG_TOPIC);
      expect(record.headers[DEAD_LETTER_HEADERS.sourcePartition]).toBe(String(original!.partition));
      expect(new Date(record.headers[DEAD_LETTER_HEADERS.failedAt]).toISOString()).toBe(record.headers[DEAD_LETTER_HEADERS.failedAt]);
      expect(record.headers['x-origin']).toBe('test');
    });
  });

  it('applies concurrent streams for several products exactly, duplicates included, and never oversells', async () => {
    await fixture.db.query(
      "INSERT INTO catalogs (product_id, product_name, stock, unit_price, created_at) VALUES ('P-A','A',1000,1,UTC_TIMESTAMP(3)),('P-B','B',1000,1,UTC_TIMESTAMP(3)),('P-C','C',1000,1,UTC_TIMESTAMP(3)),('P-D','D',50,1,UTC_TIMESTAMP(3))",
    );
    const streams = ['P-A', 'P-B', 'P-C'].map((product, p) =>
      Array.from({ length: 150 }, (_, i) => stockEvent(product, 1 + ((i * 7 + p) % 5))),
    );
    const scarce = Array.from({ length: 40 }, () => stockEvent('P-D', 2));
    const all = [...streams.flat(), ...scarce];
    const sends = [...streams, scarce].map(async (events) => {
      for (let i = 0; i < events.length; i += 10) {
        const chunk = events.slice(i, i + 10);
        await fixture.producer.send(...chunk, ...chunk.slice(0, 2)); // two of every ten sent twice
      }
    });
    await Promise.all(sends);
    const ids = all.map((e) => e.orderId);
    await waitFor(
      'every order to be processed',
      async () =>
        (await fixture.db.query<Array<{ n: number }>>('SELECT COUNT(*) AS n FROM processed_orders WHERE order_id IN (?)', [ids]))[0].n ===
        ids.length,
    );

    const stock = await fixture.stock();
    ['P-A', 'P-B', 'P-C'].forEach((product, p) => expect(stock[product]).toBe(1000 - streams[p].reduce((sum, e) => sum + e.qty, 0)));
    expect(stock['P-D']).toBe(0);
    const outcomes = await fixture.db.query<Array<{ outcome: string; n: number }>>(
      "SELECT outcome, COUNT(*) AS n FROM processed_orders WHERE product_id = 'P-D' GROUP BY outcome ORDER BY outcome",
    );
    expect(outcomes.map((o) => [o.outcome, Number(o.n)])).toEqual([
      ['applied', 25],
      ['rejected', 15],
    ]);
  });

  // StockApplier logs every failed database attempt; kafkajs logs a batch whose handler failed, before it redelivers it.
  const failedAttempts = (orderId: string) => logs.matching(new RegExp(`applying order ${orderId} failed \\(attempt \\d/5\\)`));
  const REDELIVERY = /Error when calling eachBatch/;
  /** Sends `event` while the catalogs table is away, waits for `what` to show in the logs, then brings the table back. */
  const sendDuringOutage = async (event: StockEvent, what: string, shown: () => boolean) => {
    logs.clear();
    await fixture.db.query('RENAME TABLE catalogs TO catalogs_away');
    try {
      await fixture.producer.send(event);
      await waitFor(what, shown, 15_000);
      expect(await processed(event.orderId)).toEqual([]);
    } finally {
      await fixture.db.query('RENAME TABLE catalogs_away TO catalogs');
    }
  };

  it('retries a transient database error itself, with backoff, and applies the event once without a redelivery', async () => {
    const before = (await fixture.stock())['CATALOG-003'];
    const event = stockEvent('CATALOG-003', 3);
    await sendDuringOutage(event, 'the first attempt to fail', () => failedAttempts(event.orderId).length > 0);
    await waitProcessed(event.orderId);
    expect((await fixture.stock())['CATALOG-003']).toBe(before - 3);
    expect((await processed(event.orderId))[0].outcome).toBe('applied');
    const failed = failedAttempts(event.orderId);
    expect(failed[0]).toMatch(/\(attempt 1\/5\): .*catalogs' doesn't exist; retrying in 200 ms$/);
    expect(failed.filter((line) => !/; retrying in \d+ ms$/.test(line))).toEqual([]);
    expect(logs.matching(REDELIVERY)).toEqual([]);
  });

  it('outlasting the retry budget, a database outage is not skipped: the batch fails uncommitted, is redelivered and applied once, and consumption goes on', async () => {
    const before = (await fixture.stock())['CATALOG-003'];
    const stuck = stockEvent('CATALOG-003', 2);
    await sendDuringOutage(stuck, 'the service to give up on the batch', () =>
      failedAttempts(stuck.orderId).some((line) => /\(attempt 5\/5\).*giving up on this batch/.test(line)),
    );
    const next = stockEvent('CATALOG-003', 1);
    await fixture.producer.send(next);
    await waitProcessed(next.orderId, 40_000);
    expect((await processed(stuck.orderId))[0].outcome).toBe('applied');
    expect((await fixture.stock())['CATALOG-003']).toBe(before - 3);
    // kafkajs saw the batch fail with the database's own error (not Nest's "Internal server error"), then redelivered it.
    const redeliveries = logs.matching(REDELIVERY);
    expect(redeliveries.length).toBeGreaterThan(0);
    expect(redeliveries[0]).toMatch(/catalogs' doesn't exist/);
  });

  it('reports live and ready (database and Kafka) and serves its OpenAPI description at /docs', async () => {
    expect((await http('GET', `${url}/health`)).status).toBe(200);
    const ready = await http('GET', `${url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(ready.body.info).toMatchObject({ database: { status: 'up' }, kafka: { status: 'up', consumer: 'joined' } });
    const spec = await http('GET', `${url}/docs-json`);
    expect(spec.status).toBe(200);
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining(['/catalogs', '/catalogs/rejections', '/catalogs/{productId}', '/catalog-service/catalogs', '/health/ready']),
    );
    expect(spec.body.components.schemas.CatalogView.required).toEqual(
      expect.arrayContaining(['productId', 'productName', 'stock', 'unitPrice', 'createdAt']),
    );
    expect((await http('GET', `${url}/docs`)).text).toMatch(/swagger/i);
  });
});
