import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { OrdersConfig } from './orders-config';

export const ORDERS_CONFIG = Symbol('ORDERS_CONFIG');

/** Makes the validated configuration injectable everywhere as ORDERS_CONFIG. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: OrdersConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: ORDERS_CONFIG, useValue: config }], exports: [ORDERS_CONFIG] };
  }
}
