import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ORDERS_CONFIG } from '../config/config.module';
import type { OrdersConfig } from '../config/orders-config';
import { IdempotencyKeyEntity } from '../orders/idempotency/idempotency-key.entity';
import { OrderEntity } from '../orders/order.entity';
import { connectionOptions, ensureDatabase } from '@kafka-sync/service-kit';
import { CreateOrders1732000000000 } from './migrations/1732000000000-create-orders';
import { CreateIdempotencyKeys1732000000001 } from './migrations/1732000000001-create-idempotency-keys';
import { AddOrderStatus1732000000002 } from './migrations/1732000000002-add-order-status';

/** The tables this service maps, and the migrations that make them, in order (orders-table.spec.ts runs them too). */
export const ORDERS_ENTITIES = [OrderEntity, IdempotencyKeyEntity];
export const ORDERS_MIGRATIONS = [CreateOrders1732000000000, CreateIdempotencyKeys1732000000001, AddOrderStatus1732000000002];

/** TypeORM on the orders database: created if missing, migrated at start, UTC throughout. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ORDERS_CONFIG],
      useFactory: async (config: OrdersConfig) => {
        await ensureDatabase(config.databaseUrl, config.ordersDb);
        return {
          type: 'mysql' as const,
          ...connectionOptions(config.databaseUrl),
          database: config.ordersDb,
          entities: ORDERS_ENTITIES,
          migrations: ORDERS_MIGRATIONS,
          migrationsRun: true,
          synchronize: false,
          // The sink writes Timestamps as UTC (db.timezone=UTC); read them back the same way.
          timezone: 'Z',
          retryAttempts: 3,
          retryDelay: 1000,
          extra: { connectionLimit: 20 },
        };
      },
    }),
  ],
})
export class DatabaseModule {}
