import 'reflect-metadata';
import { createConnectApp } from './app';
import { ConfigError, loadWorkerConfig } from './config/worker-config';

async function main(): Promise<void> {
  const config = loadWorkerConfig();
  const app = await createConnectApp(config);
  await app.listen(config.port, config.host);
}

main().catch((error: Error) => {
  const reason = error instanceof ConfigError ? `invalid configuration: ${error.message}` : error.message;
  process.stderr.write(`connect-worker: ${reason.split('\n')[0]}\n`);
  process.exit(1);
});
