import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import type { ConnectorPlugin } from './connect-api/connector-plugin';
import { ConfigModule } from './config/config.module';
import type { WorkerConfig } from './config/worker-config';
import { HealthController } from './health/health.controller';
import { ConfigStore } from './herder/config-store';
import { Herder } from './herder/herder';
import { WorkerIdentity } from './herder/worker-identity';
import { ConnectExceptionFilter } from './rest/connect-exception.filter';
import { ConnectorPluginsController } from './rest/connector-plugins.controller';
import { ConnectorsController } from './rest/connectors.controller';
import { RootController } from './rest/root.controller';
import { KafkaClients } from './worker/kafka-clients';
import { OffsetStore } from './worker/offset-store';

@Module({})
export class AppModule {
  static forRoot(config: WorkerConfig, plugins: readonly ConnectorPlugin[]): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config, plugins), TerminusModule.forRoot({ logger: false })],
      controllers: [RootController, ConnectorsController, ConnectorPluginsController, HealthController],
      providers: [
        KafkaClients,
        ConfigStore,
        OffsetStore,
        WorkerIdentity,
        Herder,
        { provide: APP_FILTER, useClass: ConnectExceptionFilter },
      ],
    };
  }
}
