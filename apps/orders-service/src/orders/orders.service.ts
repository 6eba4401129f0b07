import { ConflictException, Inject, Injectable, ServiceUnavailableException, UnprocessableEntityException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { PENDING, type Order, type OrderStatus } from '@kafka-sync/contracts';
import { createHash, randomUUID } from 'node:crypto';
import { In, IsNull, Not, Repository, type FindOptionsWhere } from 'typeorm';
import { ORDERS_CONFIG } from '../config/config.module';
import type { OrdersConfig } from '../config/orders-config';
import { OrderPublisher } from '../publishing/order-publisher';
import { PublishUnavailableError } from '../publishing/publish-unavailable.error';
import { IdempotencyService } from './idempotency/idempotency.service';
import { OrderEntity } from './order.entity';

export interface OrderRequest {
  userId: string;
  productId: string;
  qty: number;
  unitPrice: number;
}

export interface CreatedOrder {
  order: Order;
  /** True when an Idempotency-Key matched an earlier request and nothing new was published. */
  replayed: boolean;
}

export interface OrderFilter {
  userId?: string;
  status?: OrderStatus;
}

export interface OrderPage {
  items: OrderEntity[];
  total: number;
}

@Injectable()
export class OrdersService {
  constructor(
    @Inject(ORDERS_CONFIG) private readonly config: OrdersConfig,
    private readonly publisher: OrderPublisher,
    private readonly idempotency: IdempotencyService,
    @InjectRepository(OrderEntity) private readonly orders: Repository<OrderEntity>,
  ) {}

  /**
   * Accepts an order: it is taken (and the caller may answer 201) once the broker acknowledged
   * both of its records. With an Idempotency-Key, the same request always yields the same order.
   */
  async create(request: OrderRequest, idempotencyKey?: string): Promise<CreatedOrder> {
    const fresh: Order = {
      orderId: randomUUID(),
      userId: request.userId,
      productId: request.productId,
      qty: request.qty,
      unitPrice: request.unitPrice,
      totalPrice: request.qty * request.unitPrice,
      createdAt: new Date(),
      instanceId: this.config.instanceId,
    };
    if (idempotencyKey === undefined) {
      await this.publish(fresh);
      return { order: fresh, replayed: false };
    }
    const claim = await this.idempotency.claim(idempotencyKey, requestHash(request), fresh);
    switch (claim.kind) {
      case 'replay':
        return { order: claim.order, replayed: true };
      case 'conflict':
        throw new UnprocessableEntityException(
          'This Idempotency-Key was already used with a different request body; use a new key for a new order.',
        );
      case 'in-flight':
        throw new ConflictException('A request with this Idempotency-Key is still being processed; retry in a moment.');
      case 'publish':
        try {
          await this.publish(claim.order);
        } catch (error) {
          await this.idempotency.settle(idempotencyKey, 'failed');
          throw error;
        }
        await this.idempotency.settle(idempotencyKey, 'completed');
        return { order: claim.order, replayed: false };
    }
  }

  private async publish(order: Order): Promise<void> {
    try {
      await this.publisher.publish(order);
    } catch (error) {
      if (error instanceof PublishUnavailableError) {
        throw new ServiceUnavailableException(
          `${error.message}; the order was not taken. Retry later (with the same Idempotency-Key to be safe).`,
        );
      }
      throw error;
    }
  }

  findOne(orderId: string): Promise<OrderEntity | null> {
    return this.orders.findOneBy({ orderId, ...arrived() });
  }

  /**
   * Those of `orderIds` that are in the table and decided: ONE query however many ids (the decision
   * watcher's, every tick), by primary key.
   */
  findDecided(orderIds: string[]): Promise<OrderEntity[]> {
    return this.orders.findBy({ orderId: In(orderIds), status: Not(PENDING), ...arrived() });
  }

  /** Newest first; `userId` narrows to one user's orders, `status` to one status. */
  async findPage(filter: OrderFilter, page: number, pageSize: number): Promise<OrderPage> {
    const [items, total] = await this.orders.findAndCount({
      where: {
        ...arrived(),
        ...(filter.userId === undefined ? {} : { userId: filter.userId }),
        ...(filter.status === undefined ? {} : { status: filter.status }),
      },
      order: { createdAt: 'DESC', orderId: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items, total };
  }

  findAllOfUser(userId: string): Promise<OrderEntity[]> {
    return this.orders.find({ where: { userId, ...arrived() }, order: { createdAt: 'DESC', orderId: 'ASC' } });
  }
}

/**
 * A row is an order once the sink wrote the order's record. Before that the table may hold a row of
 * the decision alone (catalog-service's can arrive first: two topics, one upsert each), with the
 * order's fields NULL; readers treat it as not there yet.
 */
function arrived(): FindOptionsWhere<OrderEntity> {
  return { productId: Not(IsNull()), createdAt: Not(IsNull()) };
}

/** What makes two requests "the same" for an Idempotency-Key: the order's fields, not formatting. */
function requestHash(request: OrderRequest): string {
  return createHash('sha256')
    .update(JSON.stringify([request.userId, request.productId, request.qty, request.unitPrice]))
    .digest('hex');
}
