import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CourseCreateOrderDto } from '@kafka-sync/contracts';
import { UserIdParam } from './dto/user-id.param';
import { IdempotencyKey } from './idempotency/idempotency-key.header';
import { courseView, viewOfOrder, viewOfRow } from './order-views';
import { OrdersService } from './orders.service';

/** The course's routes, unchanged, so its gateway path (/order-service/**) works as it did. */
@ApiTags('course routes')
@Controller('order-service/:userId/orders')
export class CourseOrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: "The course's POST: {productId, qty, unitPrice} → ResponseOrder" })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key, same body: same order, published once' })
  async create(
    @Param() { userId }: UserIdParam,
    @Body() body: CourseCreateOrderDto,
    @IdempotencyKey() key: string | undefined,
  ): Promise<Record<string, string | number>> {
    const { order } = await this.orders.create({ ...body, userId }, key);
    return courseView(viewOfOrder(order));
  }

  @Get()
  @ApiOperation({ summary: "The course's GET: the user's orders as a JSON array" })
  async list(@Param() { userId }: UserIdParam): Promise<Array<Record<string, string | number>>> {
    return (await this.orders.findAllOfUser(userId)).map((row) => courseView(viewOfRow(row)));
  }
}
