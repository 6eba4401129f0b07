import { spawnSync } from 'node:child_process';
import { CATALOG_TOPIC } from '@kafka-sync/contracts';
import { startCatalogFixture, type CatalogFixture } from './support/catalog-fixture';
import { GroupOffsets } from './support/offsets';
import { byOrder, readDecisions, storedDecisions, type PublishedDecision } from './support/order-decisions';
import { MAIN, REPO_ROOT, startServiceProcess, type ServiceProcess } from './support/service-process';
import { waitFor } from '@kafka-sync/testing';
import { stockEvent } from './support/stock-events';

const PRODUCTS = ['CATALOG-001', 'CATALOG-002', 'CATALOG-003'];
const INITIAL_STOCK = 100_000;
const EVENTS = 3000;

describe('the catalog-service process', () => {
  let fixture: CatalogFixture;
  const children: ServiceProcess[] = [];

  beforeAll(async () => {
    fixture = await startCatalogFixture('catalog-proc', { withInstance: false });
  });

  afterAll(async () => {
    for (const { child } of children) child.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
    await fixture?.stop();
  });

  const processedCount = async () =>
    Number((await fixture.db.query<Array<{ n: number }>>('SELECT COUNT(*) AS n FROM processed_orders'))[0].n);

  it('killed with SIGKILL mid-stream and restarted: final stock = initial − the accepted quantities, exactly; every order processed once and its stored decision on order-status; then SIGTERM stops the consumer before the database', async () => {
    const first = await startServiceProcess(fixture.env);
    children.push(first);
    await fixture.db.query('UPDATE catalogs SET stock = ?', [INITIAL_STOCK]);

    const events = Array.from({ length: EVENTS }, (_, i) => stockEvent(PRODUCTS[i % 3], 1 + (i % 4)));
    let sent = 0;
    const streaming = (async () => {
      for (let i = 0; i < events.length; i += 50) {
        const chunk = events.slice(i, i + 50);
        await fixture.producer.send(...chunk, ...chunk.slice(0, 5)); // five of every fifty twice
        sent = i + chunk.length;
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
    })();

    await waitFor('the first events to be applied', async () => (await processedCount()) >= 400);
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const atKill = await processedCount();
    expect(atKill).toBeGreaterThanOrEqual(400);
    expect(atKill).toBeLessThan(EVENTS);

    const second = await startServiceProcess(fixture.env);
    children.push(second);
    await streaming;
    expect(sent).toBe(EVENTS);
    await waitFor('every order to be processed after the restart', async () => (await processedCount()) === EVENTS, 40_000);

    const stock = await fixture.stock();
    for (const product of PRODUCTS) {
      const accepted = events.filter((e) => e.productId === product).reduce((sum, e) => sum + e.qty, 0);
      expect(stock[product]).toBe(INITIAL_STOCK - accepted);
    }
    const rows = await fixture.db.query<Array<{ order_id: string; outcome: string; qty: number }>>(
      'SELECT order_id, outcome, qty FROM processed_orders',
    );
    expect(rows).toHaveLength(EVENTS);
    expect(new Set(rows.map((r) => r.order_id))).toEqual(new Set(events.map((e) => e.orderId)));
    expect(rows.every((r) => r.outcome === 'applied')).toBe(true);

    // Each record sent got a decision on order-status: the stored one. Events whose transaction the
    // killed process committed but whose decision or offset it did not get out were redelivered to
    // the second process, as duplicates: their decision is repeated, unchanged, never a new one.
    const offsets = new GroupOffsets(fixture.broker.bootstrap);
    await offsets.connect();
    await waitFor('the group to commit every stock event', () => offsets.caughtUp(fixture.env.CATALOG_GROUP_ID, CATALOG_TOPIC)).finally(
      () => offsets.disconnect(),
    );
    const sentTimes = (i: number) => (i % 50 < 5 ? 2 : 1);
    const published = byOrder(
      await readDecisions(
        fixture.broker.bootstrap,
        events.reduce((n, _e, i) => n + sentTimes(i), 0),
      ),
    );
    const stored = await storedDecisions(
      fixture.db,
      events.map((e) => e.orderId),
    );
    const wrong = events.filter((e, i) => {
      const decisions = published.get(e.orderId) ?? [];
      const { status, statusReason, decidedAt } = stored.get(e.orderId)!;
      const asStored = (d: PublishedDecision) =>
        d.orderId === e.orderId && d.status === status && d.statusReason === statusReason && d.decidedAt === decidedAt;
      return decisions.length < sentTimes(i) || !decisions.every(asStored);
    });
    expect(wrong.map((e) => e.orderId)).toEqual([]);
    expect(published.size).toBe(EVENTS);

    second.child.kill('SIGTERM');
    // Nest runs the shutdown hooks, then re-raises the signal, so the exit is "by SIGTERM".
    expect(await second.exited).toEqual({ code: null, signal: 'SIGTERM' });
    const log = second.output();
    const consumerStopped = log.indexOf('stopped consuming (group ');
    const databaseClosed = log.indexOf('database connection pool closed');
    expect(consumerStopped).toBeGreaterThan(-1);
    expect(databaseClosed).toBeGreaterThan(consumerStopped);
  });

  it('refuses a bad configuration at start with one readable line and a non-zero exit', () => {
    const result = spawnSync(process.execPath, ['-r', '@swc-node/register', MAIN], {
      cwd: REPO_ROOT,
      env: { ...process.env, CATALOG_DB: 'no-dashes', PORT: '0' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      'catalog-service: invalid configuration: CATALOG_DB must be 1-64 letters, digits or underscores, got "no-dashes"',
    );
  });
});
