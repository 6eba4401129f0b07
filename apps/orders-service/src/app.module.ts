import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from './config/config.module';
import type { OrdersConfig } from './config/orders-config';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { OrdersModule } from './orders/orders.module';

@Module({})
export class AppModule {
  static forRoot(config: OrdersConfig): DynamicModule {
    return { module: AppModule, imports: [ConfigModule.forRoot(config), DatabaseModule, OrdersModule, HealthModule] };
  }
}
