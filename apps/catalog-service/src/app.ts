import { ConsoleLogger, ValidationPipe, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import type { CatalogConfig } from './config/catalog-config';
import { bodyParserErrors } from '@kafka-sync/service-kit';

/**
 * Builds the catalog-service application (HTTP + the stock consumer, not listening yet): used by
 * main.ts and the tests alike. The consumer starts in the bootstrap phase (app.init / listen).
 */
export async function createCatalogApp(
  config: CatalogConfig,
  logLevels: LogLevel[] = ['log', 'warn', 'error', 'fatal'],
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger: new ConsoleLogger({ json: true, logLevels, context: 'catalog-service' }),
    abortOnError: false,
  });
  app.useBodyParser('json', { limit: '16kb' });
  app.use(bodyParserErrors);
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.enableShutdownHooks();
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
