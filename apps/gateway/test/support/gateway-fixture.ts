import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createGatewayApp } from '../../src/app';
import type { GatewayConfig } from '../../src/config/gateway-config';

export interface RunningGateway {
  url: string;
  app: NestExpressApplication;
  close: () => Promise<void>;
}

/** The gateway in-process on a free port, in front of the given upstreams. */
export async function startGateway(
  config: Partial<GatewayConfig> & Pick<GatewayConfig, 'ordersUrls' | 'catalogUrls'>,
): Promise<RunningGateway> {
  const app = await createGatewayApp(
    { port: 0, host: '127.0.0.1', upstreamTimeoutMs: 10_000, downMs: 2000, healthTimeoutMs: 2000, ...config },
    ['error', 'fatal'],
  );
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, app, close: () => app.close() };
}
