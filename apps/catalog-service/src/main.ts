import 'reflect-metadata';
import { runMain } from '@kafka-sync/service-kit';
import { createCatalogApp } from './app';
import { loadCatalogConfig } from './config/catalog-config';

runMain('catalog-service', async () => {
  const config = loadCatalogConfig();
  const app = await createCatalogApp(config);
  await app.listen(config.port, '0.0.0.0');
});
