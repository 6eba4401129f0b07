import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { createCatalogApp, startCatalogApp } from '../../src/app';
import { loadCatalogConfig } from '../../src/config/catalog-config';
import { TEST_DATABASE_URL } from '@kafka-sync/testing';
import { RecordingLogger } from './recording-logger';

export interface CatalogInstance {
  app: NestExpressApplication;
  url: string;
  /** Everything the instance logged. */
  logs: RecordingLogger;
}

/** One catalog-service instance on a free port, configured the way main.ts configures it (from env) and started the same way. */
export async function startCatalogInstance(env: Record<string, string>): Promise<CatalogInstance> {
  const config = loadCatalogConfig({ DATABASE_URL: TEST_DATABASE_URL, PORT: '0', ...env });
  const logs = new RecordingLogger();
  const app = await createCatalogApp(config, logs);
  await startCatalogApp(app, 0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}`, logs };
}
