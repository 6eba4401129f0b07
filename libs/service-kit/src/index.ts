// Plumbing shared by the NestJS services: start-up config checks, MariaDB bootstrap, HTTP body
// errors, health endpoints, kafkajs logging, a Kafka batch transport for Nest and free ports.
// Nothing here knows about orders or catalogs.
export { bodyParserErrors } from './body-parser-errors';
export { connectionOptions, ensureDatabase } from './database';
export { ConfigError, envDatabaseName, envDatabaseUrl, envInteger, envKafkaBrokers } from './env';
export { freePort } from './free-port';
export { ServiceHealthModule, type KafkaHealth } from './health';
export { kafkaLogBridge } from './kafka-log-bridge';
export {
  KafkaBatchContext,
  KafkaBatchErrorFilter,
  KafkaBatchServer,
  type ConsumerState,
  type KafkaBatchServerOptions,
} from './kafka-transport';
export { isKafkaReachable } from './kafka-reachable';
export { runMain } from './run-main';
