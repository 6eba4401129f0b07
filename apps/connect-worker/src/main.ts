import 'reflect-metadata';
import { runMain } from '@kafka-sync/service-kit';
import { createConnectApp } from './app';
import { loadWorkerConfig } from './config/worker-config';

runMain('connect-worker', async () => {
  const config = loadWorkerConfig();
  const app = await createConnectApp(config);
  await app.listen(config.port, config.host);
});
