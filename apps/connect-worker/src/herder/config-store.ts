import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { ConnectorConfig } from '../connect-api/connector-plugin';
import { WORKER_CONFIG } from '../config/config.module';
import type { WorkerConfig } from '../config/worker-config';
import { KafkaClients } from '../worker/kafka-clients';

export type TargetState = 'STARTED' | 'PAUSED' | 'STOPPED';

export interface StoredConnector {
  config: ConnectorConfig;
  targetState: TargetState;
}

/** Header telling the two record kinds apart on the config topic. */
const KIND_HEADER = 'connect-record';
const KIND_CONFIG = 'connector-config';
const KIND_TARGET_STATE = 'target-state';

/**
 * Durable connector configs, like distributed mode's config topic: `connect-configs`, one
 * partition, key = connector name, value = the JSON config map (header connect-record=
 * connector-config); a connector's target state (paused/stopped) is a second record with the same
 * key, header connect-record=target-state and value {"state":"PAUSED"}. Deleting writes a
 * tombstone for both. At start the topic is read from the beginning and the latest record wins.
 *
 * `connect-offsets` and `connect-status` are only created (for the walkthrough's listing): sink
 * offsets live in the consumer groups `connect-<name>`, and statuses are this worker's memory.
 */
@Injectable()
export class ConfigStore {
  private readonly logger = new Logger(ConfigStore.name);

  constructor(
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    private readonly clients: KafkaClients,
  ) {}

  async ensureTopics(): Promise<void> {
    await this.clients.ensureTopics([
      { topic: this.config.configTopic, numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
      { topic: this.config.offsetsTopic, numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
      { topic: this.config.statusTopic, numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
    ]);
  }

  /** Every connector in the config topic (read to its end), in the order first written. */
  async readAll(): Promise<Map<string, StoredConnector>> {
    const admin = await this.clients.getAdmin();
    const offsets = await admin.fetchTopicOffsets(this.config.configTopic);
    const ends = new Map(offsets.map((p) => [p.partition, BigInt(p.high)]));
    const result = new Map<string, StoredConnector>();
    const states = new Map<string, TargetState>();
    const pending = new Set(offsets.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => p.partition));
    if (pending.size === 0) return result;

    // A throwaway group: it only reads, never commits, and is deleted afterwards.
    const groupId = `connect-worker-config-reader-${randomUUID()}`;
    const consumer = this.clients.kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: this.config.configTopic, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          const name = message.key?.toString('utf8');
          const kind = message.headers?.[KIND_HEADER]?.toString() ?? KIND_CONFIG;
          if (name !== undefined) {
            if (kind === KIND_TARGET_STATE) {
              if (message.value === null) states.delete(name);
              else states.set(name, (JSON.parse(message.value.toString('utf8')) as { state: TargetState }).state);
            } else if (message.value === null) {
              result.delete(name);
            } else {
              try {
                const config = JSON.parse(message.value.toString('utf8')) as ConnectorConfig;
                result.delete(name);
                result.set(name, { config, targetState: 'STARTED' });
              } catch (error) {
                this.logger.error(`skipping unreadable config record for ${name} at offset ${message.offset}: ${(error as Error).message}`);
              }
            }
          }
          if (BigInt(message.offset) + 1n >= (ends.get(partition) ?? 0n)) {
            pending.delete(partition);
            if (pending.size === 0) finished();
          }
        },
      });
      await done;
    } finally {
      await consumer.disconnect();
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }
    for (const [name, stored] of result) stored.targetState = states.get(name) ?? 'STARTED';
    return result;
  }

  async putConfig(name: string, config: ConnectorConfig): Promise<void> {
    await this.write(name, KIND_CONFIG, JSON.stringify(config));
  }

  async putTargetState(name: string, state: TargetState): Promise<void> {
    await this.write(name, KIND_TARGET_STATE, JSON.stringify({ state }));
  }

  async remove(name: string): Promise<void> {
    await this.write(name, KIND_TARGET_STATE, null);
    await this.write(name, KIND_CONFIG, null);
  }

  private async write(name: string, kind: string, value: string | null): Promise<void> {
    const producer = await this.clients.getProducer();
    await producer.send({ topic: this.config.configTopic, acks: -1, messages: [{ key: name, value, headers: { [KIND_HEADER]: kind } }] });
  }
}
