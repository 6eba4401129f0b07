import { Module, type DynamicModule } from '@nestjs/common';
import { CatalogsModule } from './catalogs/catalogs.module';
import type { CatalogConfig } from './config/catalog-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { StockModule } from './stock/stock.module';

@Module({})
export class AppModule {
  static forRoot(config: CatalogConfig): DynamicModule {
    return { module: AppModule, imports: [ConfigModule.forRoot(config), DatabaseModule, CatalogsModule, StockModule, HealthModule] };
  }
}
