import 'reflect-metadata';
import { createCatalogApp } from './app';
import { ConfigError, loadCatalogConfig } from './config/catalog-config';

async function main(): Promise<void> {
  const config = loadCatalogConfig();
  const app = await createCatalogApp(config);
  await app.listen(config.port, '0.0.0.0');
}

main().catch((error: Error) => {
  const reason = error instanceof ConfigError ? `invalid configuration: ${error.message}` : error.message;
  process.stderr.write(`catalog-service: ${reason}\n`);
  process.exit(1);
});
