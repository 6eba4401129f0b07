import type { ConnectSchema, ConnectValue } from '@kafka-sync/contracts';

/** A key or value after the converter: its Connect schema (null when schemaless or absent) and data. */
export interface SchemaAndValue {
  schema: ConnectSchema | null;
  value: ConnectValue;
}

/**
 * One record as a sink connector sees it (Kafka Connect's SinkRecord): converted key and value,
 * after the worker's transforms (so `topic` may have been rewritten by RegexRouter).
 */
export interface SinkRecord {
  topic: string;
  /** Where it came from, for offsets and dead-letter context; unaffected by transforms. */
  originalTopic: string;
  partition: number;
  offset: string;
  timestamp: number | null;
  key: SchemaAndValue;
  value: SchemaAndValue;
  headers: Record<string, Buffer | null>;
}
