import 'reflect-metadata';
import { createOrdersApp } from './app';
import { ConfigError, loadOrdersConfig } from './config/orders-config';

async function main(): Promise<void> {
  const config = loadOrdersConfig();
  const app = await createOrdersApp(config);
  await app.listen(config.port, '0.0.0.0');
}

main().catch((error: Error) => {
  const reason = error instanceof ConfigError ? `invalid configuration: ${error.message}` : error.message;
  process.stderr.write(`orders-service: ${reason}\n`);
  process.exit(1);
});
