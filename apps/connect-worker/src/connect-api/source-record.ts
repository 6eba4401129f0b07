import type { SchemaAndValue } from './sink-record';

/** A source partition or offset map (Connect's Map<String, ?>): JSON-serializable values only. */
export type OffsetMap = Record<string, unknown>;

/**
 * One record as a source task produces it (Kafka Connect's SourceRecord): where it came from
 * (`sourcePartition`, e.g. {"filename": …}) and how far (`sourceOffset`, e.g. {"position": 42}),
 * the topic (and partition, null: the producer's partitioner) it goes to, and its key and value
 * as Connect data, converted to bytes by the worker's key/value converters.
 */
export interface SourceRecord {
  sourcePartition: OffsetMap | null;
  sourceOffset: OffsetMap | null;
  topic: string;
  kafkaPartition: number | null;
  key: SchemaAndValue;
  value: SchemaAndValue;
  /** Milliseconds since the epoch; null: the producer's time. */
  timestamp: number | null;
  headers?: Record<string, Buffer | null>;
}
