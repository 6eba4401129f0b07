import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PublishingModule } from '../publishing/publishing.module';
import { CourseOrdersController } from './course-orders.controller';
import { IdempotencyService } from './idempotency/idempotency.service';
import { OrderEntity } from './order.entity';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';
import { OrderDecisionWatcher } from './waiting/order-decision-watcher';

@Module({
  imports: [TypeOrmModule.forFeature([OrderEntity]), PublishingModule],
  controllers: [OrdersController, CourseOrdersController],
  providers: [OrdersService, IdempotencyService, OrderDecisionWatcher],
})
export class OrdersModule {}
