import { http, waitFor } from '@kafka-sync/testing';
import { duplicates, PRODUCTS, stocks, sumByProduct, tableCounts } from './system';
import type { Target } from './target';

/** What a fault scenario's stream was doing when a request started. */
export type Phase = 'before' | 'fault' | 'after';

export interface SentOrder {
  via: string;
  phase: Phase;
  status: number;
  orderId?: string;
  problem?: string;
}

/**
 * A steady stream of one-item orders from four concurrent clients, spread round robin over `vias`
 * and the three products, until `stop()` or `maxRequests`. Each request records the phase it
 * started in, so a scenario can tell what was sent before, during and after the fault it injects.
 */
export class OrderStream {
  readonly sent: SentOrder[] = [];
  phase: Phase = 'before';
  private stopped = false;
  private next = 0;
  private readonly running: Promise<void[]>;

  constructor(
    private readonly userId: string,
    private readonly vias: Array<[name: string, base: string]>,
    private readonly prices: Record<string, number>,
    readonly maxRequests: number,
  ) {
    this.running = Promise.all([1, 2, 3, 4].map(() => this.worker()));
  }

  get exhausted(): boolean {
    return this.next >= this.maxRequests;
  }

  accepted(): SentOrder[] {
    return this.sent.filter((s) => s.status === 201);
  }

  /** Requests started in `phase`, excluding those to the vias named in `except`. */
  inPhase(phase: Phase, except: string[] = []): SentOrder[] {
    return this.sent.filter((s) => s.phase === phase && !except.includes(s.via));
  }

  async waitForAccepted(count: number, what: string, timeoutMs = 60_000): Promise<void> {
    await waitFor(what, () => this.accepted().length >= count, timeoutMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async worker(): Promise<void> {
    while (!this.stopped && this.next < this.maxRequests) {
      const i = this.next++;
      const [via, base] = this.vias[i % this.vias.length];
      const productId = PRODUCTS[Math.floor(i / this.vias.length) % PRODUCTS.length];
      const startedIn = this.phase;
      try {
        const res = await http('POST', `${base}/orders`, { userId: this.userId, productId, qty: 1, unitPrice: this.prices[productId] });
        this.sent.push({
          via,
          phase: startedIn,
          status: res.status,
          orderId: res.status === 201 ? res.body.orderId : undefined,
          problem: res.status === 201 ? undefined : res.text.slice(0, 200),
        });
      } catch (error) {
        this.sent.push({ via, phase: startedIn, status: 0, problem: String((error as Error & { cause?: Error }).cause ?? error) });
      }
    }
  }
}

/**
 * Waits until every order of `stream` that got a 201 is in the shared table, and the stock fell by
 * exactly what the table holds for `userId` since `before` (an order in flight when a fault hit
 * may be in the table without its 201 having reached us); then checks each is there once.
 * Returns the table's rows for the user.
 */
export async function expectEveryAcceptedOrderOnce(
  target: Target,
  stream: OrderStream,
  userId: string,
  before: Record<string, number>,
): Promise<Array<{ order_id: string; product_id: string; qty: number }>> {
  const ids = stream.accepted().map((s) => s.orderId!);
  expect(duplicates(ids)).toEqual([]);
  let rows: Array<{ order_id: string; product_id: string; qty: number }> = [];
  let stockNow: Record<string, number> = {};
  await waitFor(
    'every accepted order in the table and the stock matching the table',
    async () => {
      rows = await target.ordersDb.query('SELECT order_id, product_id, qty FROM orders WHERE user_id = ?', [userId]);
      const inTable = new Set(rows.map((r) => r.order_id));
      if (!ids.every((id) => inTable.has(id))) return false;
      stockNow = await stocks(target);
      const taken = sumByProduct(rows.map((r) => ({ productId: r.product_id, qty: r.qty })));
      return PRODUCTS.every((p) => stockNow[p] === before[p] - (taken[p] ?? 0));
    },
    90_000,
    500,
  ).catch((error: Error) => {
    const inTable = new Set(rows.map((r) => r.order_id));
    throw new Error(
      `${error.message}: ${ids.filter((id) => !inTable.has(id)).length} accepted orders missing from the table; stock ${JSON.stringify(stockNow)}, before ${JSON.stringify(before)}`,
    );
  });
  const counts = await tableCounts(target, userId);
  expect(ids.filter((id) => counts.get(id) !== 1)).toEqual([]);
  expect(rows.length).toBeLessThanOrEqual(stream.sent.filter((s) => s.status !== 201).length + ids.length);
  return rows;
}
