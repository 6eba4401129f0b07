import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { runMain } from '@kafka-sync/service-kit';
import { createGatewayApp } from './app';
import { loadGatewayConfig } from './config/gateway-config';

runMain('gateway', async () => {
  const config = loadGatewayConfig();
  const app = await createGatewayApp(config);
  await app.listen(config.port, config.host);
  // The real port (PORT=0 picks a free one): a parent process reads it back from this line.
  const { port } = app.getHttpServer().address() as AddressInfo;
  new Logger('gateway').log(
    `listening on ${config.host}:${port} (orders-service: ${config.ordersUrls.join(', ')}; catalog-service: ${config.catalogUrls.join(', ')})`,
  );
});
