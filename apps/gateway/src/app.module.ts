import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from './config/config.module';
import type { GatewayConfig } from './config/gateway-config';
import { HealthController } from './health/health.controller';
import { UpstreamProbe } from './health/upstream-probe';
import { Forwarder } from './proxy/forwarder';
import { ProxyController } from './proxy/proxy.controller';
import { UpstreamAgent } from './proxy/upstream-agent';
import { RouteTable } from './routing/route-table';

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config)],
      // HealthController first: Express matches in registration order and the proxy takes every path.
      controllers: [HealthController, ProxyController],
      providers: [RouteTable, UpstreamAgent, Forwarder, UpstreamProbe],
    };
  }
}
