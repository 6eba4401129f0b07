import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateOrderDto } from '@kafka-sync/contracts';
import type { Response } from 'express';
import { ListOrdersQuery } from './dto/list-orders.query';
import { IdempotencyKey } from './idempotency/idempotency-key.header';
import { viewOfOrder, viewOfRow, type OrderView } from './order-views';
import { OrdersService } from './orders.service';

@ApiTags('orders')
@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Place an order: answered 201 once Kafka acknowledged it, 503 if it was not taken' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key, same body: same order, published once' })
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
  @ApiOperation({ summary: 'Orders from the shared table, newest first' })
  async list(@Query() query: ListOrdersQuery): Promise<{ items: OrderView[]; page: number; pageSize: number; total: number }> {
    const { items, total } = await this.orders.findPage(query.userId, query.page, query.pageSize);
    return { items: items.map(viewOfRow), page: query.page, pageSize: query.pageSize, total };
  }

  @Get(':orderId')
  @ApiOperation({ summary: 'One order; 404 until the sink has written it to the shared table' })
  async get(@Param('orderId') orderId: string): Promise<OrderView> {
    const row = await this.orders.findOne(orderId);
    if (!row)
      throw new NotFoundException(`Order ${orderId} is not in the orders table (yet: the sink writes it shortly after it is accepted)`);
    return viewOfRow(row);
  }
}
