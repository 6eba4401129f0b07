import { CATALOG_TOPIC, ORDER_STATUS_TOPIC, parseStockEvent } from '@kafka-sync/contracts';
import { readTopic, waitFor } from '@kafka-sync/testing';
import type { Consumer, Kafka, Producer, ProducerRecord } from 'kafkajs';
import { StockEventsServer } from '../src/stock/stock-events.server';
import { StockLedger } from '../src/stock/stock-ledger';
import { startCatalogFixture, type CatalogFixture } from './support/catalog-fixture';
import { startCatalogInstance } from './support/catalog-instance';
import { byOrder, DecisionCollector, readDecisions, storedDecisions, type PublishedDecision } from './support/order-decisions';
import { GroupOffsets } from './support/offsets';
import { stockEvent } from './support/stock-events';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A promise the test resolves when it wants to let the service go on. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('catalog-service publishes each order decision on order-status', () => {
  let fixture: CatalogFixture;
  let collector: DecisionCollector;
  let offsets: GroupOffsets;

  beforeAll(async () => {
    fixture = await startCatalogFixture('catalog-status');
    collector = new DecisionCollector(fixture.broker.bootstrap);
    await collector.start();
    offsets = new GroupOffsets(fixture.broker.bootstrap);
    await offsets.connect();
  });

  afterAll(async () => {
    await collector?.stop();
    await offsets?.disconnect();
    await fixture?.stop();
  });

  const group = () => fixture.env.CATALOG_GROUP_ID;
  const caughtUp = () => waitFor('the consumer to commit every stock event', () => offsets.caughtUp(group(), CATALOG_TOPIC));
  const processed = (orderId: string) => fixture.db.query<unknown[]>('SELECT order_id FROM processed_orders WHERE order_id = ?', [orderId]);
  /** What each order's order-status record must say: its processed_orders row, keyed by the order id. */
  const expectedRecords = async (orderIds: string[]) => {
    const stored = await storedDecisions(fixture.db, orderIds);
    return new Map(orderIds.map((id) => [id, { key: id, ...stored.get(id)!, partition: expect.any(Number), offset: expect.any(String) }]));
  };
  const serviceProducer = () => fixture.instance!.app.get(StockEventsServer).unwrap<[Kafka, Consumer, Producer]>()[2];

  it('publishes one decision per event, keyed by the order id: CONFIRMED without a reason, REJECTED with it ("unknown product X", "not enough stock: N left, M ordered"), decided_at = processed_at to the millisecond, UTC', async () => {
    const confirmed = stockEvent('CATALOG-001', 5);
    const unknown = stockEvent('NO-SUCH-PRODUCT', 2);
    const tooMuch = stockEvent('CATALOG-002', 111);
    const exact = stockEvent('CATALOG-002', 110);
    const events = [confirmed, unknown, tooMuch, exact];
    const ids = events.map((e) => e.orderId);
    await fixture.producer.send(...events);
    const published = await collector.waitFor(ids);

    const expected = await expectedRecords(ids);
    expect(expected.get(confirmed.orderId)).toMatchObject({ status: 'CONFIRMED', statusReason: null });
    expect(expected.get(unknown.orderId)).toMatchObject({ status: 'REJECTED', statusReason: 'unknown product NO-SUCH-PRODUCT' });
    expect(expected.get(tooMuch.orderId)).toMatchObject({ status: 'REJECTED', statusReason: 'not enough stock: 110 left, 111 ordered' });
    expect(expected.get(exact.orderId)).toMatchObject({ status: 'CONFIRMED', statusReason: null });
    for (const id of ids) expect(published.get(id)).toEqual([expected.get(id)]);
    for (const { decidedAt } of expected.values()) {
      expect(decidedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      // processed_at is UTC: read as UTC it is now, not some hours away.
      expect(Math.abs(Date.parse(decidedAt) - Date.now())).toBeLessThan(60_000);
    }
    expect(await fixture.stock()).toMatchObject({ 'CATALOG-001': 95, 'CATALOG-002': 0 });

    // Read by a fresh group once everything is committed: still exactly one record per event.
    await caughtUp();
    const all = byOrder(await readDecisions(fixture.broker.bootstrap, 0));
    for (const id of ids) expect(all.get(id)).toEqual([expected.get(id)]);
  });

  it('commits the transaction, then waits for order-status to acknowledge the decision, and only then commits the offset', async () => {
    await caughtUp();
    const [before] = await offsets.of(group(), CATALOG_TOPIC);
    const event = stockEvent('CATALOG-001', 3);
    const commitGate = gate();
    const ackGate = gate();
    const steps: string[] = [];

    // The transaction stops at its commit until commitGate opens; the decision's send waits for ackGate.
    const ledger = fixture.instance!.app.get(StockLedger);
    const connection = ledger.connection.bind(ledger);
    const connectionSpy = jest.spyOn(ledger, 'connection').mockImplementation(() => {
      const runner = connection();
      const commit = runner.commitTransaction.bind(runner);
      runner.commitTransaction = async () => {
        steps.push('commit');
        await commitGate.opened;
        await commit();
        steps.push('committed');
      };
      return runner;
    });
    const producer = serviceProducer();
    const send = producer.send.bind(producer);
    const sendSpy = jest.spyOn(producer, 'send').mockImplementation(async (record: ProducerRecord) => {
      if (record.topic !== ORDER_STATUS_TOPIC) return send(record);
      steps.push(`publish ${record.messages.map((m) => m.key).join(',')}`);
      await ackGate.opened;
      const metadata = await send(record);
      steps.push('acknowledged');
      return metadata;
    });
    try {
      await fixture.producer.send(event);
      await waitFor('the transaction to reach its commit', () => steps.includes('commit'));
      await sleep(300);
      expect(steps).toEqual(['commit']);
      expect(await processed(event.orderId)).toEqual([]);

      commitGate.open();
      await waitFor('the decision to be sent', () => steps.includes(`publish ${event.orderId}`));
      expect(await processed(event.orderId)).toHaveLength(1);
      await sleep(300);
      expect(collector.of(event.orderId)).toEqual([]);
      expect((await offsets.of(group(), CATALOG_TOPIC))[0].committed).toBe(before.end);

      ackGate.open();
      const published = await collector.waitFor([event.orderId]);
      await waitFor('the offset to be committed', async () => (await offsets.of(group(), CATALOG_TOPIC))[0].committed === before.end + 1);
      expect(steps).toEqual(['commit', 'committed', `publish ${event.orderId}`, 'acknowledged']);
      expect(published.get(event.orderId)).toEqual([(await expectedRecords([event.orderId])).get(event.orderId)]);
    } finally {
      commitGate.open();
      ackGate.open();
      connectionSpy.mockRestore();
      sendSpy.mockRestore();
    }
  });

  it('a failed publication fails the batch uncommitted; the redelivered event, a duplicate by then, publishes its stored decision; stock is taken once', async () => {
    await caughtUp();
    const before = (await fixture.stock())['CATALOG-003'];
    const event = stockEvent('CATALOG-003', 2);
    const logs = fixture.instance!.logs;
    logs.clear();
    const producer = serviceProducer();
    const send = producer.send.bind(producer);
    let failed = 0;
    const sendSpy = jest.spyOn(producer, 'send').mockImplementation(async (record: ProducerRecord) => {
      if (failed === 0 && record.topic === ORDER_STATUS_TOPIC && record.messages.some((m) => m.key === event.orderId)) {
        failed++;
        throw new Error('the broker is away (test)');
      }
      return send(record);
    });
    try {
      await fixture.producer.send(event);
      const published = await collector.waitFor([event.orderId], 1, 30_000);
      await caughtUp();
      expect(failed).toBe(1);
      expect(published.get(event.orderId)).toEqual([(await expectedRecords([event.orderId])).get(event.orderId)]);
      expect((await fixture.stock())['CATALOG-003']).toBe(before - 2);
      expect(logs.matching(/publishing the decision on order .* to order-status failed: the broker is away \(test\)/)).toHaveLength(1);
      // kafkajs saw the batch fail with that error and redelivered it.
      expect(logs.matching(/Error when calling eachBatch/)[0]).toMatch(/the broker is away \(test\)/);
      expect(logs.matching(new RegExp(`order ${event.orderId} was already processed \\(applied\\)`))).toHaveLength(1);
    } finally {
      sendSpy.mockRestore();
    }
  });

  it('the same events sent again publish their stored decisions again, not new ones: same status, reason and decided_at; stock unchanged', async () => {
    const rejected = stockEvent('CATALOG-003', 500);
    const confirmed = stockEvent('CATALOG-003', 4);
    const ids = [rejected.orderId, confirmed.orderId];
    await fixture.producer.send(rejected, confirmed);
    const first = await collector.waitFor(ids);
    const stock = (await fixture.stock())['CATALOG-003'];
    expect(first.get(rejected.orderId)![0]).toMatchObject({
      status: 'REJECTED',
      statusReason: `not enough stock: ${stock + 4} left, 500 ordered`,
    });

    // Enough stock now for the rejected order, and time moved on: a second decision would differ in both.
    await fixture.db.query("UPDATE catalogs SET stock = 10000 WHERE product_id = 'CATALOG-003'");
    await sleep(50);
    await fixture.producer.send(rejected, confirmed);
    const again = await collector.waitFor(ids, 2);
    const expected = await expectedRecords(ids);
    for (const id of ids) expect(again.get(id)).toEqual([expected.get(id), expected.get(id)]);
    expect(again.get(rejected.orderId)![1]).toMatchObject({ status: 'REJECTED', decidedAt: first.get(rejected.orderId)![0].decidedAt });
    expect((await fixture.stock())['CATALOG-003']).toBe(10000);
  });

  it('a new consumer group reading the whole topic again (50 events per transaction) re-publishes every stored decision once per record, and changes nothing', async () => {
    await caughtUp();
    const stockBefore = await fixture.stock();
    const rowsBefore = await fixture.db.query('SELECT * FROM processed_orders ORDER BY order_id');
    const source = await readTopic(fixture.broker.bootstrap, CATALOG_TOPIC, 1);
    const deliveries = new Map<string, number>();
    for (const record of source) {
      const parsed = parseStockEvent(record.value);
      if (!parsed.ok) throw new Error(parsed.reason);
      deliveries.set(parsed.event.orderId, (deliveries.get(parsed.event.orderId) ?? 0) + 1);
    }
    const ids = [...deliveries.keys()];

    const again = await startCatalogInstance({
      ...fixture.env,
      CATALOG_GROUP_ID: `${group()}-again`,
      CATALOG_EVENTS_PER_TRANSACTION: '50',
    });
    try {
      await waitFor('the new group to commit every stock event', () => offsets.caughtUp(`${group()}-again`, CATALOG_TOPIC));
    } finally {
      await again.app.close();
    }

    // Every record of the stock topic got one decision from each group, all of an order's the same: the stored one.
    const published = byOrder(await readDecisions(fixture.broker.bootstrap, 2 * source.length));
    const expected = await expectedRecords(ids);
    for (const id of ids) {
      const decisions: PublishedDecision[] = published.get(id) ?? [];
      expect(decisions).toEqual(Array.from({ length: 2 * deliveries.get(id)! }, () => expected.get(id)));
    }
    expect([...published.keys()].sort()).toEqual([...ids].sort());
    expect(await fixture.stock()).toEqual(stockBefore);
    expect(await fixture.db.query('SELECT * FROM processed_orders ORDER BY order_id')).toEqual(rowsBefore);
  });
});
