import { Inject, Injectable } from '@nestjs/common';
import type { StockEvent } from '@kafka-sync/contracts';
import { DataSource, type QueryRunner } from 'typeorm';
import type { Outcome } from '../catalogs/processed-order.entity';

/** An order's row in processed_orders: the one decision ever taken about it. */
export interface StoredDecision {
  /** The event's order id (the row's may be spelt differently: the column's collation ignores case and trailing spaces). */
  orderId: string;
  outcome: Outcome;
  /** Why it was rejected; null when applied. */
  reason: string | null;
  /** As stored: DATETIME(3) in UTC. */
  processedAt: Date;
}

/**
 * What applying one event did (`duplicate`: nothing, its order had been processed before), and
 * what processed_orders holds for its order as the transaction commits: the decision just taken,
 * or for a duplicate the earlier one.
 */
export interface ApplyOutcome {
  kind: 'applied' | 'rejected' | 'duplicate';
  stored: StoredDecision;
}

interface WriteResult {
  affectedRows: number;
}

interface ProcessedRow {
  outcome: Outcome;
  reason: string | null;
  processed_at: Date;
}

/**
 * The only writer of stock. For each event, inside the caller's transaction:
 *  1. INSERT IGNORE the order id into processed_orders: no row inserted means the order was
 *     handled before (a redelivery, or the same event sent twice) and nothing else happens;
 *  2. decrement with a conditional UPDATE that cannot take stock below zero;
 *  3. if that UPDATE matched no row, mark the order as rejected with the reason (unknown product,
 *     or not enough stock) and leave stock untouched;
 *  4. read the order's row back, so that what is published about the order is exactly what is
 *     stored: processed_at to the millisecond, and for a duplicate the decision taken back then.
 * The processed order id and the stock change commit or roll back together.
 */
@Injectable()
export class StockLedger {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** A dedicated connection for a run of transactions (release it when done). */
  connection(): QueryRunner {
    return this.dataSource.createQueryRunner('master');
  }

  /** Applies `events` in ONE transaction on `runner`; on any error the transaction is rolled back and the error thrown. */
  async applyInTransaction(runner: QueryRunner, events: readonly StockEvent[]): Promise<ApplyOutcome[]> {
    await runner.startTransaction();
    try {
      const outcomes: ApplyOutcome[] = [];
      for (const event of events) {
        const kind = await this.applyOne(runner, event);
        outcomes.push({ kind, stored: await this.readStored(runner, event.orderId) });
      }
      await runner.commitTransaction();
      return outcomes;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    }
  }

  private async applyOne(runner: QueryRunner, event: StockEvent): Promise<ApplyOutcome['kind']> {
    const claimed = (await runner.query(
      "INSERT IGNORE INTO processed_orders (order_id, product_id, qty, outcome, reason, processed_at) VALUES (?, ?, ?, 'applied', NULL, UTC_TIMESTAMP(3))",
      [event.orderId, event.productId, event.qty],
    )) as WriteResult;
    if (claimed.affectedRows === 0) return 'duplicate';
    const updated = (await runner.query('UPDATE catalogs SET stock = stock - ? WHERE product_id = ? AND stock >= ?', [
      event.qty,
      event.productId,
      event.qty,
    ])) as WriteResult;
    if (updated.affectedRows === 1) return 'applied';
    const [row] = (await runner.query('SELECT stock FROM catalogs WHERE product_id = ?', [event.productId])) as Array<{ stock: number }>;
    const reason = row ? `not enough stock: ${row.stock} left, ${event.qty} ordered` : `unknown product ${event.productId}`;
    await runner.query("UPDATE processed_orders SET outcome = 'rejected', reason = ? WHERE order_id = ?", [reason, event.orderId]);
    return 'rejected';
  }

  /**
   * The order's processed_orders row, matched by the database (its collation decides which ids
   * are the same, as it did for the INSERT IGNORE). A locking read: it sees the latest committed
   * row, whereas a plain read would see the transaction's snapshot, which an earlier read of this
   * transaction may have taken before the commit that a duplicate's INSERT IGNORE waited for. The
   * row is locked already (inserted by this transaction, or share-locked by the duplicate's
   * INSERT IGNORE), so this waits for nobody.
   */
  private async readStored(runner: QueryRunner, orderId: string): Promise<StoredDecision> {
    const [row] = (await runner.query('SELECT outcome, reason, processed_at FROM processed_orders WHERE order_id = ? LOCK IN SHARE MODE', [
      orderId,
    ])) as ProcessedRow[];
    if (!row) throw new Error(`processed_orders has no row for order ${orderId} inside its own transaction`);
    return { orderId, outcome: row.outcome, reason: row.reason, processedAt: row.processed_at };
  }
}
