import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateOrderDto } from '@kafka-sync/contracts';
import type { Response } from 'express';
import { clientGone } from '../http/client-gone';
import { GetOrderQuery } from './dto/get-order.query';
import { ListOrdersQuery } from './dto/list-orders.query';
import { IdempotencyKey } from './idempotency/idempotency-key.header';
import { OrderPageView, OrderView, OrderWithStatusView, viewOfOrder, viewOfRow } from './order-views';
import { OrdersService } from './orders.service';
import { OrderDecisionWatcher } from './waiting/order-decision-watcher';
import { PreferWaitHeader, type PreferWait } from './waiting/prefer-wait.header';
import { MAX_WAIT_MS } from './waiting/wait-duration';

@ApiTags('orders')
@Controller('orders')
export class OrdersController {
  constructor(
    private readonly orders: OrdersService,
    private readonly watcher: OrderDecisionWatcher,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Place an order: answered 201 once Kafka acknowledged it, 503 if it was not taken' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key, same body: same order, published once' })
  @ApiCreatedResponse({ type: OrderView, description: 'Taken: PENDING until catalog-service decides (GET it, with ?wait= to be told)' })
  async create(
    @Body() body: CreateOrderDto,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrderView> {
    const { order, replayed } = await this.orders.create(body, key);
    res.setHeader('Location', `/orders/${order.orderId}`);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    return viewOfOrder(order);
  }

  @Get()
  @ApiOperation({ summary: 'Orders from the shared table, newest first, each with its status' })
  @ApiOkResponse({ type: OrderPageView })
  async list(@Query() query: ListOrdersQuery): Promise<OrderPageView> {
    const { items, total } = await this.orders.findPage({ userId: query.userId, status: query.status }, query.page, query.pageSize);
    return { items: items.map(viewOfRow), page: query.page, pageSize: query.pageSize, total };
  }

  @Get(':orderId')
  @ApiOperation({
    summary: 'One order and its status; 404 until the sink has written it. ?wait= or Prefer: wait= answers once it is decided',
  })
  @ApiHeader({
    name: 'Prefer',
    required: false,
    description: `wait=N (RFC 7240): like ?wait=N, in whole seconds, capped at ${MAX_WAIT_MS / 1000}; answered with Preference-Applied`,
  })
  @ApiOkResponse({ type: OrderWithStatusView, description: 'Decided, or still PENDING when the wait ran out' })
  @ApiNotFoundResponse({ description: 'Not in the table (still, after the wait)' })
  async get(
    @Param('orderId') orderId: string,
    @Query() query: GetOrderQuery,
    @PreferWaitHeader() prefer: PreferWait | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrderWithStatusView> {
    // The query parameter, being explicit, wins over the header; only a wait taken from the header is "applied".
    const waitMs = query.wait ?? prefer?.ms ?? 0;
    if (query.wait === undefined && prefer) res.setHeader('Preference-Applied', prefer.applied);
    const gone = clientGone(res);
    // Null as well when the client went away mid-wait: the 404 then goes nowhere.
    const row = await this.watcher.awaitDecision(orderId, waitMs, gone.signal).finally(gone.release);
    if (!row)
      throw new NotFoundException(`Order ${orderId} is not in the orders table (yet: the sink writes it shortly after it is accepted)`);
    return viewOfRow(row);
  }
}
