import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { UpstreamProbe, type UpstreamStates } from './upstream-probe';

/**
 * The gateway's own health, not routed: ready only when every upstream is, so the stack does not
 * report healthy while an instance is down. Served on /health and /health/ready alike.
 */
@Controller('health')
export class HealthController {
  constructor(private readonly probe: UpstreamProbe) {}

  @Get(['', 'ready'])
  async health(@Res({ passthrough: true }) res: Response): Promise<{ status: 'ok' | 'error'; upstreams: UpstreamStates }> {
    const { allUp, upstreams } = await this.probe.check();
    res.status(allUp ? 200 : 503);
    return { status: allUp ? 'ok' : 'error', upstreams };
  }
}
