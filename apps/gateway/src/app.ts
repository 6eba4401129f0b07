import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import type { GatewayConfig } from './config/gateway-config';

/** Builds the gateway (not listening yet): used by main.ts and the tests alike. */
export async function createGatewayApp(
  config: GatewayConfig,
  logLevels: LogLevel[] = ['log', 'warn', 'error', 'fatal'],
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    // No body parser: the proxy reads bodies itself, byte for byte, whatever their type.
    bodyParser: false,
    logger: new ConsoleLogger({ json: true, logLevels, context: 'gateway' }),
    abortOnError: false,
  });
  // Responses carry the upstream's headers, not the gateway's framework.
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  return app;
}
