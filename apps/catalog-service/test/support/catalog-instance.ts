import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { createCatalogApp } from '../../src/app';
import { loadCatalogConfig } from '../../src/config/catalog-config';
import { TEST_DATABASE_URL } from '@kafka-sync/testing';

export interface CatalogInstance {
  app: NestExpressApplication;
  url: string;
}

/** One catalog-service instance on a free port, configured the way main.ts configures it (from env). */
export async function startCatalogInstance(env: Record<string, string>): Promise<CatalogInstance> {
  const config = loadCatalogConfig({ DATABASE_URL: TEST_DATABASE_URL, PORT: '0', ...env });
  const app = await createCatalogApp(config, ['fatal']);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}` };
}
