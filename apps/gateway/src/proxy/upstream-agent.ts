import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Agent } from 'undici';
import { GATEWAY_CONFIG } from '../config/config.module';
import type { GatewayConfig } from '../config/gateway-config';

/**
 * The keep-alive connection pools to the upstreams (undici), shared by the proxy and the health
 * probes, and closed when the gateway shuts down.
 */
@Injectable()
export class UpstreamAgent extends Agent implements OnApplicationShutdown {
  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    super({
      headersTimeout: config.upstreamTimeoutMs,
      bodyTimeout: config.upstreamTimeoutMs,
      // A connect that hangs (a host gone from the network) is failed over like a refused one.
      connect: { timeout: Math.min(config.upstreamTimeoutMs, 5000) },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
