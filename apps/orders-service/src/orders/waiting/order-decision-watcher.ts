import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { PENDING } from '@kafka-sync/contracts';
import type { OrderEntity } from '../order.entity';
import { OrdersService } from '../orders.service';

/** How often the one watcher query runs while anyone waits: a decision is seen within this much. */
export const WATCH_INTERVAL_MS = 50;

/** How a wait ends: with the decided row, by reading the order as it is now (time up, shutdown), or without reading (client gone). */
type Ending = { decided: OrderEntity } | 'read' | 'abort';

interface Waiter {
  orderId: string;
  end: (ending: Ending) => void;
}

/**
 * Waits for catalog-service's decisions without a database connection per waiting request: the
 * waiters of this instance share ONE query, every WATCH_INTERVAL_MS and only while someone waits,
 * for all the ids they wait for (`WHERE order_id IN (…) AND status <> 'PENDING'`); a found row ends
 * its waiters' waits. The next query is scheduled after the previous one answered, so at most one is
 * in flight. Each wait also ends when its time is up or its client goes away; before the application
 * closes the database (TypeORM closes it in onApplicationShutdown), every wait ends and its last read
 * completes, so a shutdown answers the waiting requests with what the table holds instead of cutting
 * them off.
 */
@Injectable()
export class OrderDecisionWatcher implements BeforeApplicationShutdown {
  private readonly logger = new Logger(OrderDecisionWatcher.name);
  private readonly waiters = new Map<string, Set<Waiter>>();
  private timer: NodeJS.Timeout | null = null;
  private query: Promise<void> | null = null;
  /** Reads at the end of waits that found no decision; shutdown lets them finish. */
  private readonly lastReads = new Set<Promise<void>>();
  private closing = false;
  private queries = 0;
  private lastBatch = 0;
  private failing = false;

  constructor(private readonly orders: OrdersService) {}

  /**
   * The order once it is decided, or as it is when `waitMs` ran out (PENDING, or null when it is
   * still not in the table). Resolves with null, reading nothing, once `signal` aborts.
   */
  async awaitDecision(orderId: string, waitMs: number, signal: AbortSignal): Promise<OrderEntity | null> {
    const now = await this.orders.findOne(orderId);
    if ((now && now.status !== PENDING) || waitMs <= 0 || this.closing || signal.aborted) return now;
    return new Promise<OrderEntity | null>((resolve) => {
      const waiter: Waiter = {
        orderId,
        end: (ending) => {
          clearTimeout(timeout);
          signal.removeEventListener('abort', onAbort);
          this.remove(waiter);
          if (ending === 'abort') resolve(null);
          else if (ending === 'read') resolve(this.lastRead(orderId));
          else resolve(ending.decided);
        },
      };
      const timeout = setTimeout(() => waiter.end('read'), waitMs);
      const onAbort = () => waiter.end('abort');
      signal.addEventListener('abort', onAbort, { once: true });
      this.add(waiter);
    });
  }

  /** The read that ends a wait without a decision, tracked so that shutdown lets it finish. */
  private lastRead(orderId: string): Promise<OrderEntity | null> {
    const read = this.orders.findOne(orderId);
    // Its failure is the request's (a 500 there), not an unhandled rejection here.
    const tracked: Promise<void> = read.then(
      () => void this.lastReads.delete(tracked),
      () => void this.lastReads.delete(tracked),
    );
    this.lastReads.add(tracked);
    return read;
  }

  /** For tests and diagnostics: waits in progress, watcher queries run so far, ids in the last one. */
  stats(): { waiting: number; queries: number; lastBatch: number } {
    let waiting = 0;
    for (const set of this.waiters.values()) waiting += set.size;
    return { waiting, queries: this.queries, lastBatch: this.lastBatch };
  }

  private add(waiter: Waiter): void {
    let set = this.waiters.get(waiter.orderId);
    if (!set) this.waiters.set(waiter.orderId, (set = new Set()));
    set.add(waiter);
    this.schedule();
  }

  private remove(waiter: Waiter): void {
    const set = this.waiters.get(waiter.orderId);
    if (!set) return;
    set.delete(waiter);
    if (set.size === 0) this.waiters.delete(waiter.orderId);
  }

  private schedule(): void {
    if (this.timer || this.query || this.closing || this.waiters.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.query = this.tick().finally(() => {
        this.query = null;
        this.schedule();
      });
    }, WATCH_INTERVAL_MS);
  }

  private async tick(): Promise<void> {
    const ids = [...this.waiters.keys()];
    if (ids.length === 0) return;
    this.queries++;
    this.lastBatch = ids.length;
    let decided: OrderEntity[];
    try {
      decided = await this.orders.findDecided(ids);
    } catch (error) {
      // The waits go on (each ends by its own time); say so once per outage, not every tick.
      if (!this.failing) this.logger.warn(`watching ${ids.length} order(s) for a decision failed: ${(error as Error).message}`);
      this.failing = true;
      return;
    }
    this.failing = false;
    for (const row of decided) for (const waiter of [...(this.waiters.get(row.orderId) ?? [])]) waiter.end({ decided: row });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.query;
    for (const set of [...this.waiters.values()]) for (const waiter of [...set]) waiter.end('read');
    await Promise.allSettled([...this.lastReads]);
  }
}
