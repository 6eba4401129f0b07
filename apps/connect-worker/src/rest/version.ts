/** The Kafka Connect release whose REST API and framework behaviour this worker follows. */
export const CONNECT_VERSION = '3.9.0';
/** Connect prints its git commit id here; ours names the implementation instead. */
export const CONNECT_COMMIT = 'kafka-sync-connect-worker';
