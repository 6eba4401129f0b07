import { http, waitFor } from '@kafka-sync/testing';
import { sumByProduct, waitForStock } from './system';
import type { Target } from './target';

interface TableRow {
  order_id: string;
  product_id: string;
  qty: number;
  status: string;
  status_reason: string | null;
  decided_at: Date | null;
}

interface Processed {
  order_id: string;
  outcome: 'applied' | 'rejected';
  reason: string | null;
  processed_at: Date;
}

const STATUS_OF_OUTCOME = { applied: 'CONFIRMED', rejected: 'REJECTED' } as const;

/**
 * Issue 15's invariant for the orders of `userId`, once the system is idle: none is PENDING; on
 * every instance in `views` each shows the status the shared table holds; CONFIRMED ⇔ catalog-service
 * applied it, REJECTED ⇔ it rejected it, with the same reason and the time it decided; and the
 * stock is `before` − the quantities of the CONFIRMED orders. Returns the table's rows.
 */
export async function expectDecisionsAgree(
  target: Target,
  userId: string,
  count: number,
  before: Record<string, number>,
  views: string[],
): Promise<TableRow[]> {
  const tally = async () =>
    (
      await target.ordersDb.query<Array<{ n: number; pending: number | null }>>(
        "SELECT COUNT(*) AS n, SUM(status = 'PENDING') AS pending FROM orders WHERE user_id = ?",
        [userId],
      )
    )[0];
  let last = { n: -1, pending: -1 as number | null };
  await waitFor(
    `all ${count} orders of ${userId} in the table and decided`,
    async () => {
      last = await tally();
      return Number(last.n) === count && Number(last.pending) === 0;
    },
    120_000,
    250,
  ).catch((error: Error) => {
    throw new Error(`${error.message} (${last.n} in the table, ${last.pending} of them PENDING)`);
  });
  const rows = await target.ordersDb.query<TableRow[]>(
    'SELECT order_id, product_id, qty, status, status_reason, decided_at FROM orders WHERE user_id = ? ORDER BY order_id',
    [userId],
  );
  const processed = await target.catalogDb.query<Processed[]>(
    'SELECT order_id, outcome, reason, processed_at FROM processed_orders WHERE order_id IN (?) ORDER BY order_id',
    [rows.map((r) => r.order_id)],
  );
  // What catalog-service decided, as the orders side must show it.
  expect(rows.map((r) => [r.order_id, r.status, r.status_reason, r.decided_at?.toISOString()])).toEqual(
    processed.map((p) => [p.order_id, STATUS_OF_OUTCOME[p.outcome], p.reason, p.processed_at.toISOString()]),
  );
  // Every instance shows the table's decision.
  const expected = Object.fromEntries(rows.map((r) => [r.order_id, { status: r.status, statusReason: r.status_reason }]));
  for (const base of views) {
    const shown: Record<string, { status: string; statusReason: string | null }> = {};
    for (let page = 1; ; page++) {
      const res = await http('GET', `${base}/orders?userId=${encodeURIComponent(userId)}&page=${page}&pageSize=100`);
      if (res.status !== 200) throw new Error(`GET ${base}/orders answered ${res.status}: ${res.text}`);
      for (const item of res.body.items as Array<{ orderId: string; status: string; statusReason: string | null }>)
        shown[item.orderId] = { status: item.status, statusReason: item.statusReason };
      if (res.body.items.length === 0 || page * 100 >= res.body.total) break;
    }
    expect({ base, shown }).toEqual({ base, shown: expected });
  }
  const confirmed = rows.filter((r) => r.status === 'CONFIRMED').map((r) => ({ productId: r.product_id, qty: r.qty }));
  await waitForStock(target, before, sumByProduct(confirmed), `${userId}: the CONFIRMED orders`);
  return rows;
}
