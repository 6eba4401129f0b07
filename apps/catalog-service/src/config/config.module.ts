import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { CatalogConfig } from './catalog-config';

export const CATALOG_CONFIG = Symbol('CATALOG_CONFIG');

/** Makes the validated configuration injectable everywhere as CATALOG_CONFIG. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: CatalogConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: CATALOG_CONFIG, useValue: config }], exports: [CATALOG_CONFIG] };
  }
}
