import { Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CatalogEntity } from '../catalogs/catalog.entity';
import { ProcessedOrderEntity } from '../catalogs/processed-order.entity';
import { CATALOG_CONFIG } from '../config/config.module';
import type { CatalogConfig } from '../config/catalog-config';
import { connectionOptions, ensureDatabase } from '@kafka-sync/service-kit';
import { CreateCatalogs1733000000000 } from './migrations/1733000000000-create-catalogs';
import { CreateProcessedOrders1733000000001 } from './migrations/1733000000001-create-processed-orders';
import { SeedCatalogs1733000000002 } from './migrations/1733000000002-seed-catalogs';

/**
 * Closes the connection pool as the very last step of shutdown (app.close() runs the
 * onApplicationShutdown hooks after it closed the connected microservices, the stock events'
 * consumer among them), and says so in the log.
 */
@Injectable()
class DatabaseShutdown implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (!this.dataSource.isInitialized) return;
    await this.dataSource.destroy();
    this.logger.log('database connection pool closed');
  }
}

/** TypeORM on the catalog database: created if missing, migrated (and seeded) at start, UTC throughout. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [CATALOG_CONFIG],
      useFactory: async (config: CatalogConfig) => {
        await ensureDatabase(config.databaseUrl, config.catalogDb);
        return {
          type: 'mysql' as const,
          ...connectionOptions(config.databaseUrl),
          database: config.catalogDb,
          entities: [CatalogEntity, ProcessedOrderEntity],
          migrations: [CreateCatalogs1733000000000, CreateProcessedOrders1733000000001, SeedCatalogs1733000000002],
          migrationsRun: true,
          synchronize: false,
          timezone: 'Z',
          retryAttempts: 3,
          retryDelay: 1000,
          extra: { connectionLimit: 10 },
        };
      },
    }),
  ],
  providers: [DatabaseShutdown],
})
export class DatabaseModule {}
