import { CATALOG_TOPIC } from '@kafka-sync/contracts';
import { TEST_DATABASE_URL, waitFor } from '@kafka-sync/testing';
import { Kafka, logLevel } from 'kafkajs';
import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { StockEventsServer } from '../src/stock/stock-events.server';
import { startCatalogFixture, type CatalogFixture } from './support/catalog-fixture';
import { stockEvent } from './support/stock-events';

describe('catalog-service shutdown', () => {
  let fixture: CatalogFixture;

  beforeAll(async () => {
    fixture = await startCatalogFixture('catalog-stop');
  });

  afterAll(() => fixture?.stop());

  it('app.close() lets the batch in flight commit its transaction and its offset, stops the consumer, and only then closes the database pool', async () => {
    const { app } = fixture.instance!;
    const steps: string[] = [];
    const server = app.get(StockEventsServer);
    const stopConsumer = server.close.bind(server);
    jest.spyOn(server, 'close').mockImplementation(async () => {
      steps.push('consumer stopping');
      await stopConsumer();
      steps.push('consumer stopped');
    });
    const dataSource = app.get(DataSource);
    const closePool = dataSource.destroy.bind(dataSource);
    jest.spyOn(dataSource, 'destroy').mockImplementation(async () => {
      steps.push('pool closing');
      await closePool();
    });

    // Another session holds CATALOG-001's row, so the service's transaction for the event waits in its UPDATE.
    const blocker = await createConnection({ uri: TEST_DATABASE_URL, database: fixture.db.name });
    await blocker.query('START TRANSACTION');
    await blocker.query("SELECT stock FROM catalogs WHERE product_id = 'CATALOG-001' FOR UPDATE");
    const event = stockEvent('CATALOG-001', 5);
    await fixture.producer.send(event);
    await waitFor('the service to wait for the row', async () => {
      const [rows] = await blocker.query(
        "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = ? AND INFO LIKE 'UPDATE catalogs%'",
        [fixture.db.name],
      );
      return Number((rows as Array<{ n: number }>)[0].n) > 0;
    });

    const closing = app.close();
    fixture.instance = undefined;
    await waitFor('Nest to stop the consumer', () => steps.length > 0);
    expect(steps).toEqual(['consumer stopping']); // and it keeps waiting for the batch, which waits for the row
    await blocker.query('COMMIT');
    await blocker.end();
    await closing;

    expect(steps).toEqual(['consumer stopping', 'consumer stopped', 'pool closing']);
    expect((await fixture.stock())['CATALOG-001']).toBe(95);
    expect(await fixture.db.query('SELECT outcome FROM processed_orders WHERE order_id = ?', [event.orderId])).toEqual([
      { outcome: 'applied' },
    ]);
    const admin = new Kafka({ brokers: [fixture.broker.bootstrap], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const written = (await admin.fetchTopicOffsets(CATALOG_TOPIC)).find((p) => p.high === '1');
      const [committed] = await admin.fetchOffsets({ groupId: fixture.env.CATALOG_GROUP_ID, topics: [CATALOG_TOPIC] });
      expect(committed.partitions.find((p) => p.partition === written!.partition)?.offset).toBe('1');
    } finally {
      await admin.disconnect();
    }
  });
});
