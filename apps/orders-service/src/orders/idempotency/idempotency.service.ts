import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Order } from '@kafka-sync/contracts';
import { DataSource } from 'typeorm';
import { IdempotencyKeyEntity } from './idempotency-key.entity';

/** After this long, a 'pending' key whose instance never finished is taken over by a retry. */
const STALE_PENDING_MS = 30_000;

export type Claim =
  /** Publish this order (a new one, or the same order again after a failed or abandoned attempt). */
  | { kind: 'publish'; order: Order }
  /** Already published: answer with it and publish nothing. */
  | { kind: 'replay'; order: Order }
  | { kind: 'conflict' }
  | { kind: 'in-flight' };

function toJson(order: Order): string {
  return JSON.stringify(order);
}

function fromJson(json: string): Order {
  const order = JSON.parse(json) as Order & { createdAt: string };
  return { ...order, createdAt: new Date(order.createdAt) };
}

/**
 * Idempotency-Key handling shared through MariaDB, so a retry reaching either instance gets the
 * same order. Re-publishing the SAME order (same order id) is harmless downstream: the sink upserts
 * on order_id and the catalog records processed order ids; so a failed or abandoned attempt is
 * simply published again, and a key never produces a second order.
 */
@Injectable()
export class IdempotencyService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async claim(key: string, requestHash: string, freshOrder: Order): Promise<Claim> {
    const inserted: { affectedRows: number } = await this.dataSource.query(
      'INSERT IGNORE INTO idempotency_keys (idempotency_key, request_hash, order_id, state, order_json, updated_at) VALUES (?, ?, ?, ?, ?, NOW(3))',
      [key, requestHash, freshOrder.orderId, 'pending', toJson(freshOrder)],
    );
    if (inserted.affectedRows === 1) return { kind: 'publish', order: freshOrder };

    const existing = await this.dataSource.getRepository(IdempotencyKeyEntity).findOneBy({ key });
    if (!existing) return this.claim(key, requestHash, freshOrder); // deleted between the two statements
    if (existing.requestHash !== requestHash) return { kind: 'conflict' };
    const order = fromJson(existing.orderJson);
    if (existing.state === 'completed') return { kind: 'replay', order };
    const takenOver: { affectedRows: number } = await this.dataSource.query(
      `UPDATE idempotency_keys SET state = 'pending', updated_at = NOW(3)
        WHERE idempotency_key = ? AND (state = 'failed' OR (state = 'pending' AND updated_at < NOW(3) - INTERVAL ? MICROSECOND))`,
      [key, STALE_PENDING_MS * 1000],
    );
    return takenOver.affectedRows === 1 ? { kind: 'publish', order } : { kind: 'in-flight' };
  }

  async settle(key: string, state: 'completed' | 'failed'): Promise<void> {
    await this.dataSource.query('UPDATE idempotency_keys SET state = ?, updated_at = NOW(3) WHERE idempotency_key = ?', [state, key]);
  }
}
