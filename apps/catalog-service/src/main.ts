import 'reflect-metadata';
import { runMain } from '@kafka-sync/service-kit';
import { createCatalogApp, startCatalogApp } from './app';
import { loadCatalogConfig } from './config/catalog-config';

runMain('catalog-service', async () => {
  const config = loadCatalogConfig();
  await startCatalogApp(await createCatalogApp(config), config.port, '0.0.0.0');
});
