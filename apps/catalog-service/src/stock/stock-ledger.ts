import { Inject, Injectable } from '@nestjs/common';
import type { StockEvent } from '@kafka-sync/contracts';
import { DataSource, type QueryRunner } from 'typeorm';

export type ApplyOutcome = { kind: 'applied' } | { kind: 'rejected'; reason: string } | { kind: 'duplicate' };

interface WriteResult {
  affectedRows: number;
}

/**
 * The only writer of stock. For each event, inside the caller's transaction:
 *  1. INSERT IGNORE the order id into processed_orders: no row inserted means the order was
 *     handled before (a redelivery, or the same event sent twice) and nothing else happens;
 *  2. decrement with a conditional UPDATE that cannot take stock below zero;
 *  3. if that UPDATE matched no row, mark the order as rejected with the reason (unknown product,
 *     or not enough stock) and leave stock untouched.
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
      for (const event of events) outcomes.push(await this.applyOne(runner, event));
      await runner.commitTransaction();
      return outcomes;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    }
  }

  private async applyOne(runner: QueryRunner, event: StockEvent): Promise<ApplyOutcome> {
    const claimed = (await runner.query(
      "INSERT IGNORE INTO processed_orders (order_id, product_id, qty, outcome, reason, processed_at) VALUES (?, ?, ?, 'applied', NULL, UTC_TIMESTAMP(3))",
      [event.orderId, event.productId, event.qty],
    )) as WriteResult;
    if (claimed.affectedRows === 0) return { kind: 'duplicate' };
    const updated = (await runner.query('UPDATE catalogs SET stock = stock - ? WHERE product_id = ? AND stock >= ?', [
      event.qty,
      event.productId,
      event.qty,
    ])) as WriteResult;
    if (updated.affectedRows === 1) return { kind: 'applied' };
    const [row] = (await runner.query('SELECT stock FROM catalogs WHERE product_id = ?', [event.productId])) as Array<{ stock: number }>;
    const reason = row ? `not enough stock: ${row.stock} left, ${event.qty} ordered` : `unknown product ${event.productId}`;
    await runner.query("UPDATE processed_orders SET outcome = 'rejected', reason = ? WHERE order_id = ?", [reason, event.orderId]);
    return { kind: 'rejected', reason };
  }
}
