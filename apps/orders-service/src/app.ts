import { ConsoleLogger, ValidationPipe, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import type { OrdersConfig } from './config/orders-config';
import { bodyParserErrors } from '@kafka-sync/service-kit';
import { instanceIdHeader } from './http/instance-id.middleware';

/** JSON bodies above this are refused with 413: an order is a few dozen bytes. */
const BODY_LIMIT = '16kb';

/** Builds the orders-service application (not listening yet): used by main.ts and the tests alike. */
export async function createOrdersApp(
  config: OrdersConfig,
  logLevels: LogLevel[] = ['log', 'warn', 'error', 'fatal'],
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger: new ConsoleLogger({ json: true, logLevels, context: config.instanceId }),
    abortOnError: false,
  });
  app.use(instanceIdHeader(config.instanceId));
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.use(bodyParserErrors);
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  // On SIGTERM/SIGINT (and app.close()): beforeApplicationShutdown first (the decision watcher ends
  // its waits and their last reads), then the HTTP server closes once the responses in flight are
  // sent, then onApplicationShutdown (the producer disconnects, TypeORM closes the database).
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('orders-service')
      .setDescription('Orders published to Kafka; reads from the shared orders table')
      .setVersion('1')
      .build(),
  );
  SwaggerModule.setup('docs', app, document);
  return app;
}
