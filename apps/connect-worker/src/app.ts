import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import type { ConnectorPlugin } from './connect-api/connector-plugin';
import type { WorkerConfig } from './config/worker-config';
import { CONNECTOR_PLUGINS } from './plugins/registry';
import { bodyParserErrors } from './rest/connect-exception.filter';

/** Connector configs are small; Connect's default limit is far above this anyway. */
const BODY_LIMIT = '1mb';

/**
 * Builds the connect-worker application (not listening yet; `app.init()`/`listen()` restores the
 * connectors from the config topic and starts them): used by main.ts and the tests alike.
 */
export async function createConnectApp(
  config: WorkerConfig,
  logLevels: LogLevel[] = ['log', 'warn', 'error', 'fatal'],
  plugins: readonly ConnectorPlugin[] = CONNECTOR_PLUGINS,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, plugins), {
    bodyParser: false,
    logger: new ConsoleLogger({ json: true, logLevels, context: 'connect-worker' }),
    abortOnError: false,
  });
  // curl users often omit Content-Type: every request body is read as JSON, like Connect expects.
  app.useBodyParser('json', { limit: BODY_LIMIT, type: () => true, strict: false });
  app.use(bodyParserErrors);
  app.enableShutdownHooks();
  return app;
}
