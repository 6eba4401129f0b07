import 'reflect-metadata';
import { runMain } from '@kafka-sync/service-kit';
import { createOrdersApp } from './app';
import { loadOrdersConfig } from './config/orders-config';

runMain('orders-service', async () => {
  const config = loadOrdersConfig();
  const app = await createOrdersApp(config);
  await app.listen(config.port, '0.0.0.0');
});
