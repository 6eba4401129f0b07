import { EmbeddedKafka } from '@kafka-sync/embedded-kafka';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCatalogInstance, type CatalogInstance } from './catalog-instance';
import { EventProducer } from './stock-events';
import { throwawayDatabase } from '@kafka-sync/testing';

export interface CatalogFixture {
  broker: EmbeddedKafka;
  db: ReturnType<typeof throwawayDatabase>;
  producer: EventProducer;
  /** Undefined when started with `withInstance: false` (the test runs the service itself). */
  instance?: CatalogInstance;
  env: Record<string, string>;
  /** Stock of every product, read from the database. */
  stock: () => Promise<Record<string, number>>;
  stop: () => Promise<void>;
}

/**
 * An embedded broker in a temp dir, a throwaway catalog database, a producer for stock events and
 * (unless told otherwise) one in-process catalog-service instance consuming with its own group.
 */
export async function startCatalogFixture(prefix: string, options: { withInstance?: boolean } = {}): Promise<CatalogFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), `${prefix}-kafka-`));
  const db = throwawayDatabase(prefix.replace(/-/g, '_'));
  const broker = await EmbeddedKafka.start({ dataDir, port: 0, logLevel: 'warn' });
  const producer = new EventProducer(broker.bootstrap);
  await producer.connect();
  const env = { KAFKA_BROKERS: broker.bootstrap, CATALOG_DB: db.name, CATALOG_GROUP_ID: `${prefix}-group` };
  const fixture: CatalogFixture = {
    broker,
    db,
    producer,
    env,
    stock: async () => {
      const rows = await db.query<Array<{ product_id: string; stock: number }>>('SELECT product_id, stock FROM catalogs');
      return Object.fromEntries(rows.map((r) => [r.product_id, r.stock]));
    },
    stop: async () => {
      await fixture.instance?.app.close();
      await producer.disconnect().catch(() => undefined);
      await broker.stop();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  if (options.withInstance !== false) fixture.instance = await startCatalogInstance(env);
  return fixture;
}
