import { Inject, Injectable, Logger } from '@nestjs/common';
import { parseJson, stringifyJson } from '@kafka-sync/contracts';
import { WORKER_CONFIG } from '../config/config.module';
import type { WorkerConfig } from '../config/worker-config';
import type { OffsetStorageReader } from '../connect-api/connector-plugin';
import type { OffsetMap } from '../connect-api/source-record';
import { KafkaClients } from './kafka-clients';
import { readTopicToEnd } from './read-to-end';

/**
 * The key Kafka's OffsetStorageWriter writes for a source partition: the internal JsonConverter
 * (schemas.enable=false) of the list [connector name, partition map], e.g.
 * `["file-source",{"filename":"/tmp/input.txt"}]`.
 */
export function offsetKey(connector: string, partition: OffsetMap): string {
  return stringifyJson([connector, partition]);
}

/** Parses an offsets-topic key; null when it is not Kafka's [name, map] shape (Kafka logs and skips those). */
function parseOffsetKey(key: string): { connector: string; partition: OffsetMap } | null {
  try {
    const parsed: unknown = parseJson(key);
    if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[0] !== 'string') return null;
    const partition: unknown = parsed[1];
    if (typeof partition !== 'object' || partition === null || Array.isArray(partition)) return null;
    return { connector: parsed[0], partition: partition as OffsetMap };
  } catch {
    return null;
  }
}

/** A canonical form of a partition map (keys sorted), so a lookup does not depend on key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null)
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return stringifyJson(value);
}

/**
 * Kafka's KafkaOffsetBackingStore for source tasks: the `connect-offsets` topic (compacted, made by
 * the ConfigStore at start), key = offsetKey(connector, partition), value = the offset map as JSON
 * (`{"position":42}`; an int64 beyond 2^53 is a bigint, read and written exactly), a tombstone
 * for a reset offset. Read to the end when a source task starts (its OffsetStorageReader), written
 * with acks=all when a task commits.
 */
@Injectable()
export class OffsetStore {
  private readonly logger = new Logger(OffsetStore.name);

  constructor(
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    private readonly clients: KafkaClients,
  ) {}

  /** The latest committed offset of every source partition of `connector` (the topic read to its end). */
  async readConnector(connector: string): Promise<Map<string, OffsetMap | null>> {
    const entries = await this.readEntries(connector);
    return new Map([...entries].map(([id, { offset }]) => [id, offset]));
  }

  /** GET /connectors/{name}/offsets of a source connector: each source partition with its offset (a reset one left out). */
  async connectorOffsets(connector: string): Promise<Array<{ partition: OffsetMap; offset: OffsetMap }>> {
    const entries = await this.readEntries(connector);
    return [...entries.values()].filter((e): e is { partition: OffsetMap; offset: OffsetMap } => e.offset !== null);
  }

  private async readEntries(connector: string): Promise<Map<string, { partition: OffsetMap; offset: OffsetMap | null }>> {
    const records = await readTopicToEnd(this.clients, this.config.offsetsTopic, 'connect-worker-offsets-reader');
    const offsets = new Map<string, { partition: OffsetMap; offset: OffsetMap | null }>();
    for (const record of records) {
      const key = parseOffsetKey(record.key);
      if (!key) {
        this.logger.warn(`Ignoring offset record at offset ${record.offset} with an invalid key: ${record.key}`);
        continue;
      }
      if (key.connector !== connector) continue;
      if (record.value === null) {
        offsets.set(canonical(key.partition), { partition: key.partition, offset: null });
        continue;
      }
      try {
        const value: unknown = parseJson(record.value.toString('utf8'));
        const offset = typeof value === 'object' && value !== null ? (value as OffsetMap) : null;
        offsets.set(canonical(key.partition), { partition: key.partition, offset });
      } catch {
        this.logger.warn(`Ignoring offset record at offset ${record.offset} with an invalid value`);
      }
    }
    return offsets;
  }

  /** An OffsetStorageReader over the offsets read at task start (Kafka's OffsetStorageReaderImpl). */
  async reader(connector: string): Promise<OffsetStorageReader> {
    const offsets = await this.readConnector(connector);
    const lookup = (partition: OffsetMap) => offsets.get(canonical(partition)) ?? null;
    return {
      offset: async (partition) => lookup(partition),
      offsets: async (partitions) => new Map(partitions.map((p) => [p, lookup(p)])),
    };
  }

  /** Writes offsets (OffsetStorageWriter.doFlush): one record per source partition, acks=all. */
  async write(connector: string, offsets: ReadonlyArray<{ partition: OffsetMap; offset: OffsetMap | null }>): Promise<void> {
    if (offsets.length === 0) return;
    const producer = await this.clients.getProducer();
    await producer.send({
      topic: this.config.offsetsTopic,
      acks: -1,
      messages: offsets.map(({ partition, offset }) => ({
        key: offsetKey(connector, partition),
        value: offset === null ? null : stringifyJson(offset),
      })),
    });
  }

  /** The canonical key a task's committable offsets are grouped by. */
  static partitionId(partition: OffsetMap): string {
    return canonical(partition);
  }
}
