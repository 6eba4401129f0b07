import { ConsoleLogger, ValidationPipe, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import type { CatalogConfig } from './config/catalog-config';
import { StockEventsServer } from './stock/stock-events.server';
import { bodyParserErrors } from '@kafka-sync/service-kit';

/**
 * Builds the catalog-service application, HTTP plus the stock events' transport as a connected
 * microservice, neither started yet: used by main.ts and the tests alike, which start it with
 * startCatalogApp. app.close() stops the consumer before the database pool closes: Nest closes
 * connected microservices before it runs the onApplicationShutdown hooks (DatabaseModule's).
 */
export async function createCatalogApp(
  config: CatalogConfig,
  logger: LoggerService = new ConsoleLogger({ json: true, logLevels: ['log', 'warn', 'error', 'fatal'], context: 'catalog-service' }),
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger,
    abortOnError: false,
  });
  app.useBodyParser('json', { limit: '16kb' });
  app.use(bodyParserErrors);
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.enableShutdownHooks();
  app.connectMicroservice({ strategy: app.get(StockEventsServer) });
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('catalog-service')
      .setDescription('The catalog; stock follows every order from example-catalog-topic exactly once')
      .setVersion('1')
      .build(),
  );
  SwaggerModule.setup('docs', app, document);
  return app;
}

/** Starts consuming the stock events, then serves HTTP on `port`. */
export async function startCatalogApp(app: NestExpressApplication, port: number, host: string): Promise<void> {
  await app.startAllMicroservices();
  await app.listen(port, host);
}
