import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { createOrdersApp } from '../../src/app';
import { loadOrdersConfig } from '../../src/config/orders-config';
import { TEST_DATABASE_URL } from '@kafka-sync/testing';

export interface OrdersInstance {
  app: NestExpressApplication;
  url: string;
  instanceId: string;
}

/** One orders-service instance on a free port, configured the way main.ts configures it (from env). */
export async function startOrdersInstance(env: Record<string, string>): Promise<OrdersInstance> {
  const config = loadOrdersConfig({ DATABASE_URL: TEST_DATABASE_URL, PORT: '0', ...env });
  const app = await createOrdersApp(config, ['fatal']);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}`, instanceId: config.instanceId };
}
