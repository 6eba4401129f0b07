import { All, Controller, NotFoundException, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RouteTable } from '../routing/route-table';
import { Forwarder } from './forwarder';

/** Every path that is not the gateway's own goes through the route table: forwarded, or 404. */
@Controller()
export class ProxyController {
  constructor(
    private readonly routes: RouteTable,
    private readonly forwarder: Forwarder,
  ) {}

  @All('{*path}')
  async proxy(@Req() req: Request, @Res() res: Response): Promise<void> {
    const route = this.routes.match(req.path);
    if (!route) throw new NotFoundException(`no route for ${req.method} ${req.path}`);
    await this.forwarder.forward(route, req, res);
  }
}
