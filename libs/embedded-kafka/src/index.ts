export { EmbeddedKafka, type EmbeddedKafkaOptions } from './server/embedded-kafka';
export { DEFAULT_CONFIG, type BrokerConfig } from './config';
export { createLogger, type Logger, type LogLevel } from './logger';
