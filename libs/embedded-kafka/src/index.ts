export { EmbeddedKafka, type EmbeddedKafkaOptions } from './server/embedded-kafka';
// The types EmbeddedKafkaOptions is made of: the broker settings and the logger it may be given.
export type { BrokerConfig } from './config';
export type { Logger, LogLevel } from './logger';
