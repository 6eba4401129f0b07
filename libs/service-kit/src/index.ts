// Plumbing shared by the NestJS services: start-up config checks, MariaDB bootstrap, HTTP body
// errors, health endpoints and kafkajs logging. Nothing here knows about orders or catalogs.
export { bodyParserErrors } from './body-parser-errors';
export { connectionOptions, ensureDatabase } from './database';
export { ConfigError, envDatabaseName, envDatabaseUrl, envInteger, envKafkaBrokers } from './env';
export { ServiceHealthModule, type KafkaHealth } from './health';
export { kafkaLogBridge } from './kafka-log-bridge';
export { isKafkaReachable } from './kafka-reachable';
export { runMain } from './run-main';
