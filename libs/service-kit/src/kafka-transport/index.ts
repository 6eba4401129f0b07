// A Nest custom transport for Kafka consumers that handle records in chunks and commit after them.
export { type ConsumerState } from './consumer-readiness';
export { KafkaBatchContext } from './kafka-batch-context';
export { KafkaBatchErrorFilter } from './kafka-batch-error-filter';
export { KafkaBatchServer, type KafkaBatchServerOptions } from './kafka-batch-server';
