import { http, waitFor, type HttpResult } from '@kafka-sync/testing';
import type { Target } from './target';

/** The catalog's seed products (CATALOG-001..003, stock 100/110/120 on a fresh database). */
export const PRODUCTS = ['CATALOG-001', 'CATALOG-002', 'CATALOG-003'] as const;
export type Product = (typeof PRODUCTS)[number];

export interface OrderView {
  orderId: string;
  userId: string;
  productId: string;
  qty: number;
  unitPrice: number;
  totalPrice: number;
  createdAt: string;
  instanceId: string;
  /** catalog-service's decision, as the shared table holds it (PENDING until it arrives). */
  status?: 'PENDING' | 'CONFIRMED' | 'REJECTED';
  statusReason?: string | null;
  decidedAt?: string | null;
}

/** productId → {stock, unitPrice}, from GET /catalogs on `base` (the catalog, or the gateway). */
export async function catalogs(base: string): Promise<Record<string, { stock: number; unitPrice: number }>> {
  const res = await http('GET', `${base}/catalogs`);
  if (res.status !== 200) throw new Error(`GET ${base}/catalogs answered ${res.status}: ${res.text}`);
  return Object.fromEntries(
    (res.body as Array<{ productId: string; stock: number; unitPrice: number }>).map((c) => [
      c.productId,
      { stock: c.stock, unitPrice: c.unitPrice },
    ]),
  );
}

export async function stocks(target: Target): Promise<Record<string, number>> {
  const all = await catalogs(target.catalog);
  return Object.fromEntries(PRODUCTS.map((p) => [p, all[p]?.stock ?? NaN]));
}

/** Waits until every product's stock is `before − taken` (taken: productId → quantity). */
export async function waitForStock(
  target: Target,
  before: Record<string, number>,
  taken: Record<string, number>,
  what: string,
): Promise<void> {
  const expected = Object.fromEntries(PRODUCTS.map((p) => [p, before[p] - (taken[p] ?? 0)]));
  let last: Record<string, number> = {};
  await waitFor(
    `the stock to be ${JSON.stringify(expected)} (${what})`,
    async () => {
      last = await stocks(target);
      return PRODUCTS.every((p) => last[p] === expected[p]);
    },
    60_000,
    250,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; it is ${JSON.stringify(last)}`);
  });
}

/**
 * Makes sure each product has at least `need[p]` in stock, topping it up in the catalog table
 * when not (a running stack may have been ordered empty by earlier runs). The stock consumer
 * decrements with `stock = stock - ?`, so an increment beside it loses nothing.
 */
export async function ensureStock(target: Target, need: Partial<Record<Product, number>>): Promise<void> {
  const now = await stocks(target);
  for (const [product, wanted] of Object.entries(need) as Array<[Product, number]>) {
    if (now[product] >= wanted) continue;
    const add = wanted - now[product];
    await target.catalogDb.query('UPDATE catalogs SET stock = stock + ? WHERE product_id = ?', [add, product]);
    process.stdout.write(`[orders-sync] topped up ${product} by ${add} (had ${now[product]}, this scenario needs ${wanted})\n`);
  }
}

/**
 * POST /orders on `base`. With an Idempotency-Key, a 503 (Kafka did not acknowledge in time: the
 * order was not taken) is retried with the same key, as the README tells clients to: the retry
 * yields the same order id, so the count of orders stays exact.
 */
export async function placeOrder(base: string, body: Record<string, unknown>, key?: string): Promise<HttpResult> {
  for (let attempt = 1; ; attempt++) {
    const res = await http('POST', `${base}/orders`, body, key ? { 'Idempotency-Key': key } : {});
    if (res.status !== 503 || !key || attempt === 5) return res;
    await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
  }
}

/** Every order of `userId` in `base`'s GET /orders view, all pages (newest first; duplicates kept, to be asserted on). */
export async function ordersView(base: string, userId: string): Promise<{ total: number; items: OrderView[] }> {
  const items: OrderView[] = [];
  let total = 0;
  for (let page = 1; ; page++) {
    const res = await http('GET', `${base}/orders?userId=${encodeURIComponent(userId)}&page=${page}&pageSize=100`);
    if (res.status !== 200) throw new Error(`GET ${base}/orders answered ${res.status}: ${res.text}`);
    total = res.body.total;
    items.push(...(res.body.items as OrderView[]));
    if (res.body.items.length === 0 || page * 100 >= total) break;
  }
  return { total, items };
}

/** Waits until `base`'s view of `userId` holds exactly `count` orders. */
export async function waitForView(base: string, userId: string, count: number): Promise<OrderView[]> {
  let last = -1;
  return waitFor(
    `${base} to list ${count} orders of ${userId}`,
    async () => {
      const view = await ordersView(base, userId);
      last = view.total;
      return view.total === count ? view.items : false;
    },
    60_000,
    250,
  ).catch((error: Error) => {
    throw new Error(`${error.message} (it lists ${last})`);
  });
}

/** order id → number of rows in the orders table, for one user. */
export async function tableCounts(target: Target, userId: string): Promise<Map<string, number>> {
  const rows = await target.ordersDb.query<Array<{ order_id: string; n: number }>>(
    'SELECT order_id, COUNT(*) AS n FROM orders WHERE user_id = ? GROUP BY order_id',
    [userId],
  );
  return new Map(rows.map((r) => [r.order_id, Number(r.n)]));
}

/** Tallies quantities per product. */
export function sumByProduct(orders: Array<{ productId: string; qty: number }>): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const o of orders) sums[o.productId] = (sums[o.productId] ?? 0) + o.qty;
  return sums;
}

/** Values that occur more than once. */
export function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => (seen.has(v) ? true : (seen.add(v), false)));
}
