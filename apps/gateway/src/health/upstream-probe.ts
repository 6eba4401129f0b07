import { Inject, Injectable } from '@nestjs/common';
import { GATEWAY_CONFIG } from '../config/config.module';
import type { GatewayConfig } from '../config/gateway-config';
import { UpstreamAgent } from '../proxy/upstream-agent';
import { RouteTable } from '../routing/route-table';
import { errorCode } from '../proxy/upstream-errors';

export interface UpstreamState {
  status: 'up' | 'down';
  /** The readiness answer's status code, when there was one. */
  statusCode?: number;
  /** Why the probe failed without an answer (ECONNREFUSED, TimeoutError, …). */
  error?: string;
}

/** service → upstream origin → state, e.g. `{"orders-service": {"http://127.0.0.1:8081": {"status": "up"}}}`. */
export type UpstreamStates = Record<string, Record<string, UpstreamState>>;

/** Asks every upstream's GET /health/ready, all at once, each within the health timeout. */
@Injectable()
export class UpstreamProbe {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly routes: RouteTable,
    private readonly agent: UpstreamAgent,
  ) {}

  async check(): Promise<{ allUp: boolean; upstreams: UpstreamStates }> {
    const groups = this.routes.routes.map((route) => route.upstreams);
    const results = await Promise.all(
      groups.map(
        async ({ service, origins }) =>
          [service, Object.fromEntries(await Promise.all(origins.map(async (origin) => [origin, await this.probe(origin)])))] as const,
      ),
    );
    const upstreams: UpstreamStates = Object.fromEntries(results);
    const allUp = Object.values(upstreams).every((states) => Object.values(states).every((state) => state.status === 'up'));
    return { allUp, upstreams };
  }

  private async probe(origin: string): Promise<UpstreamState> {
    try {
      // The signal bounds the whole probe, connect included (a blackholed host would hang it).
      const { statusCode, body } = await this.agent.request({
        origin,
        path: '/health/ready',
        method: 'GET',
        signal: AbortSignal.timeout(this.config.healthTimeoutMs),
      });
      await body.dump();
      return statusCode === 200 ? { status: 'up' } : { status: 'down', statusCode };
    } catch (error) {
      return { status: 'down', error: errorCode(error) };
    }
  }
}
