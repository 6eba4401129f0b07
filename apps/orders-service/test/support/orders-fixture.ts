import { EmbeddedKafka } from '@kafka-sync/embedded-kafka';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOrdersInstance, type OrdersInstance } from './orders-instance';
import { throwawayDatabase } from '@kafka-sync/testing';

export interface OrdersFixture {
  /** Replaceable: a test may stop it and start another on the same data dir and port. */
  broker: EmbeddedKafka;
  dataDir: string;
  db: ReturnType<typeof throwawayDatabase>;
  instances: OrdersInstance[];
  stop: () => Promise<void>;
}

/**
 * An embedded broker in a temp dir, a throwaway orders database, and one orders-service instance
 * per entry of `instanceEnvs` (extra environment each), all sharing that broker and database.
 */
export async function startOrdersFixture(prefix: string, instanceEnvs: Array<Record<string, string>>): Promise<OrdersFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), `${prefix}-kafka-`));
  const db = throwawayDatabase(prefix.replace(/-/g, '_'));
  const broker = await EmbeddedKafka.start({ dataDir, port: 0, logLevel: 'warn' });
  const instances: OrdersInstance[] = [];
  const fixture: OrdersFixture = {
    broker,
    dataDir,
    db,
    instances,
    stop: async () => {
      await Promise.all(instances.map((instance) => instance.app.close()));
      await fixture.broker.stop();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  for (const env of instanceEnvs)
    instances.push(await startOrdersInstance({ KAFKA_BROKERS: broker.bootstrap, ORDERS_DB: db.name, ...env }));
  return fixture;
}
