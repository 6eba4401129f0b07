import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { ConnectorPlugin } from '../connect-api/connector-plugin';
import type { WorkerConfig } from './worker-config';

export const WORKER_CONFIG = Symbol('WORKER_CONFIG');
/** The connector plugins this worker hosts (plugins/registry.ts by default; tests may add their own). */
export const CONNECTOR_PLUGINS = Symbol('CONNECTOR_PLUGINS');

/** Makes the validated configuration and the plugin list injectable everywhere. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: WorkerConfig, plugins: readonly ConnectorPlugin[]): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: WORKER_CONFIG, useValue: config },
        { provide: CONNECTOR_PLUGINS, useValue: plugins },
      ],
      exports: [WORKER_CONFIG, CONNECTOR_PLUGINS],
    };
  }
}
