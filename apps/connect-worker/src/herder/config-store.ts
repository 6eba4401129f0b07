import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Message } from 'kafkajs';
import type { ConnectorConfig } from '../connect-api/connector-plugin';
import { WORKER_CONFIG } from '../config/config.module';
import type { WorkerConfig } from '../config/worker-config';
import { KafkaClients } from '../worker/kafka-clients';
import { readTopicToEnd, type KeyedRecord } from '../worker/read-to-end';

export type TargetState = 'STARTED' | 'PAUSED' | 'STOPPED';

export interface StoredConnector {
  config: ConnectorConfig;
  targetState: TargetState;
}

/** Kafka's KafkaConfigBackingStore keys (CONNECTOR_KEY, TARGET_STATE_KEY, TASK_KEY, COMMIT_TASKS_KEY…). */
export const CONNECTOR_PREFIX = 'connector-';
export const TARGET_STATE_PREFIX = 'target-state-';
/** Keys a Kafka Connect worker writes that this worker has no use for (task configs, commits, fencing, restarts, the session key, logger levels). */
const IGNORED_PREFIXES = ['task-', 'commit-', 'tasks-fencing-', 'restart-connector-', 'logger-cluster-'];
const SESSION_KEY_KEY = 'session-key';

/**
 * The record format this worker wrote before it followed Kafka's (up to 247ebdd): key = the
 * connector name, header connect-record=connector-config with the bare config map as value, or
 * connect-record=target-state with {"state":…}; null values were tombstones. Both kinds shared one
 * key, so compaction dropped a paused connector's config. Still read, and rewritten at start.
 */
const LEGACY_KIND_HEADER = 'connect-record';
const LEGACY_KIND_TARGET_STATE = 'target-state';
/** Marks the tombstone written for a legacy key once its connector was rewritten under Kafka's keys: the reader skips it. */
const LEGACY_KIND_MIGRATED = 'migrated';

const TARGET_STATES: readonly TargetState[] = ['STARTED', 'PAUSED', 'STOPPED'];

export const connectorKey = (name: string): string => `${CONNECTOR_PREFIX}${name}`;
export const targetStateKey = (name: string): string => `${TARGET_STATE_PREFIX}${name}`;

/** Kafka's CONNECTOR_CONFIGURATION_V0 through its internal JsonConverter (schemas.enable=false). */
export function connectorConfigValue(config: ConnectorConfig): string {
  return JSON.stringify({ properties: config });
}

/** Kafka's TARGET_STATE_V1: `state` is what workers before 3.5 understand (no STOPPED: PAUSED), `state.v2` the real one. */
export function targetStateValue(state: TargetState): string {
  return JSON.stringify({ state: state === 'STOPPED' ? 'PAUSED' : state, 'state.v2': state });
}

/**
 * Durable connector configs in the config topic (`connect-configs`, one partition, compacted), in
 * Kafka Connect's own format (KafkaConfigBackingStore), so a Kafka Connect worker can read this
 * topic and this worker can read one Kafka Connect wrote:
 *
 * - `connector-<name>`: `{"properties":{…the config…}}`; a tombstone when the connector is deleted;
 * - `target-state-<name>`: `{"state":"PAUSED","state.v2":"PAUSED"}` (STOPPED is
 *   `{"state":"PAUSED","state.v2":"STOPPED"}`); a tombstone when deleted. No record means STARTED.
 *
 * One key per kind, so compaction (newest record per key) keeps both a connector's config and its
 * state. Task configs (`task-<name>-<n>`, `commit-<name>`) are not written: tasks are derived from
 * the connector's config at each start, as a Kafka Connect leader does when it finds none; those
 * records, and the session key, restart requests and logger levels, are skipped when read.
 * Records in this worker's earlier format (see LEGACY_KIND_HEADER) are read too and, at start,
 * rewritten under Kafka's keys, their old key then tombstoned.
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

  /**
   * Every connector in the config topic (read to its end), in the order of their latest config
   * record. Connectors still stored in the earlier format are rewritten in Kafka's first.
   */
  async readAll(): Promise<Map<string, StoredConnector>> {
    const configs = new Map<string, ConnectorConfig>();
    const states = new Map<string, TargetState>();
    /** Legacy keys whose newest legacy record is not a tombstone: to be rewritten. */
    const legacyLive = new Set<string>();

    for (const record of await this.readTopic()) {
      const { key, value, headers, offset } = record;
      const legacyKind = headers?.[LEGACY_KIND_HEADER]?.toString();
      const at = `${key} at offset ${offset}`;
      if (legacyKind !== undefined) {
        if (legacyKind === LEGACY_KIND_MIGRATED) {
          legacyLive.delete(key);
          continue;
        }
        if (value === null) legacyLive.delete(key);
        else legacyLive.add(key);
        if (legacyKind === LEGACY_KIND_TARGET_STATE) {
          if (value === null) states.delete(key);
          else this.applyTargetState(states, key, value, at);
        } else if (value === null) {
          configs.delete(key);
        } else {
          const config = this.parseJson(value, at);
          if (isObject(config)) setLatest(configs, key, toConnectorConfig(config));
          else if (config !== undefined) this.logger.error(`skipping config record ${at}: not a JSON object`);
        }
      } else if (key.startsWith(TARGET_STATE_PREFIX)) {
        const name = key.slice(TARGET_STATE_PREFIX.length);
        if (value === null) states.delete(name);
        else this.applyTargetState(states, name, value, at);
      } else if (key.startsWith(CONNECTOR_PREFIX)) {
        const name = key.slice(CONNECTOR_PREFIX.length);
        if (value === null) {
          configs.delete(name);
        } else {
          const parsed = this.parseJson(value, at);
          if (parsed === undefined) continue;
          const properties = isObject(parsed) ? parsed.properties : undefined;
          if (isObject(properties)) setLatest(configs, name, toConnectorConfig(properties));
          else this.logger.error(`skipping config record ${at}: 'properties' should be a JSON object`);
        }
      } else if (key !== SESSION_KEY_KEY && !IGNORED_PREFIXES.some((prefix) => key.startsWith(prefix))) {
        this.logger.error(`discarding config record with invalid key ${at}`);
      }
    }

    const result = new Map<string, StoredConnector>();
    for (const [name, config] of configs) result.set(name, { config, targetState: states.get(name) ?? 'STARTED' });
    if (legacyLive.size > 0) await this.migrate(legacyLive, configs, states);
    return result;
  }

  async putConfig(name: string, config: ConnectorConfig): Promise<void> {
    await this.send([{ key: connectorKey(name), value: connectorConfigValue(config) }]);
  }

  async putTargetState(name: string, state: TargetState): Promise<void> {
    await this.send([{ key: targetStateKey(name), value: targetStateValue(state) }]);
  }

  /** Kafka's removeConnectorConfig: a tombstone for the config, then one for the target state. */
  async remove(name: string): Promise<void> {
    await this.send([
      { key: connectorKey(name), value: null },
      { key: targetStateKey(name), value: null },
    ]);
  }

  /** Rewrites legacy keys under Kafka's keys, then tombstones each legacy key (one batch per connector). */
  private async migrate(legacyKeys: Set<string>, configs: Map<string, ConnectorConfig>, states: Map<string, TargetState>): Promise<void> {
    for (const name of legacyKeys) {
      const messages: Message[] = [];
      const state = states.get(name);
      if (state !== undefined) messages.push({ key: targetStateKey(name), value: targetStateValue(state) });
      const config = configs.get(name);
      if (config !== undefined) messages.push({ key: connectorKey(name), value: connectorConfigValue(config) });
      messages.push({ key: name, value: null, headers: { [LEGACY_KIND_HEADER]: LEGACY_KIND_MIGRATED } });
      await this.send(messages);
      this.logger.log(`connector ${name}: records rewritten from the earlier format to Kafka Connect's keys in ${this.config.configTopic}`);
    }
  }

  private applyTargetState(states: Map<string, TargetState>, name: string, value: Buffer, at: string): void {
    const parsed = this.parseJson(value, at);
    if (parsed === undefined) return;
    // KafkaConfigBackingStore.processTargetStateRecord: state.v2 when it is a string, else state.
    const v2 = isObject(parsed) ? parsed['state.v2'] : undefined;
    const state = typeof v2 === 'string' ? v2 : isObject(parsed) ? parsed.state : undefined;
    if (typeof state === 'string' && (TARGET_STATES as readonly string[]).includes(state)) states.set(name, state as TargetState);
    else this.logger.error(`skipping target state record ${at}: invalid state ${JSON.stringify(state)}`);
  }

  private parseJson(value: Buffer, at: string): unknown {
    try {
      return JSON.parse(value.toString('utf8')) as unknown;
    } catch (error) {
      this.logger.error(`skipping unreadable config record ${at}: ${(error as Error).message}`);
      return undefined;
    }
  }

  private async send(messages: Message[]): Promise<void> {
    const producer = await this.clients.getProducer();
    await producer.send({ topic: this.config.configTopic, acks: -1, messages });
  }

  /** The config topic's keyed records from the beginning to the end it had when called. */
  private readTopic(): Promise<KeyedRecord[]> {
    const topic = this.config.configTopic;
    return readTopicToEnd(this.clients, topic, 'connect-worker-config-reader', (partitions) => {
      if (partitions > 1)
        // KafkaConfigBackingStore refuses the same: ordering across the topic is the point.
        throw new Error(
          `Topic '${topic}' supplied via CONNECT_CONFIG_TOPIC is required to have a single partition in order to guarantee consistency of connector configurations, but found ${partitions} partitions.`,
        );
    });
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Connect's configs are string maps (Kafka's schema allows null values: dropped here). */
function toConnectorConfig(map: Record<string, unknown>): ConnectorConfig {
  const config: ConnectorConfig = {};
  for (const [k, v] of Object.entries(map)) if (v !== null && v !== undefined) config[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return config;
}

/** Set and move to the end: the order is that of each connector's latest config record. */
function setLatest(configs: Map<string, ConnectorConfig>, name: string, config: ConnectorConfig): void {
  configs.delete(name);
  configs.set(name, config);
}
