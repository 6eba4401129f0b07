import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../logger';
import { ErrorCode } from '../protocol/error-codes';
import { writeFileAtomic } from './atomic-file';
import { PartitionLog } from './partition-log';
import { TOPIC_CONFIG_NAMES, configNumber, splitList, topicConfigDef, topicConfigProblem, type ConfigType } from './topic-config';

/** The broker-wide settings a topic config can override. */
export interface TopicDefaults {
  partitions: number;
  retentionMs: number;
  retentionBytes: number;
  segmentBytes: number;
  maxMessageBytes: number;
  indexIntervalBytes: number;
}

/** Everything the broker enforces for one topic: the broker defaults with the topic's overrides applied. */
export interface TopicLimits extends TopicDefaults {
  /** cleanup.policy: delete (retention) and/or compact (the log cleaner). */
  cleanupPolicy: { delete: boolean; compact: boolean };
  segmentMs: number;
  deleteRetentionMs: number;
  minCleanableDirtyRatio: number;
  minCompactionLagMs: number;
}

export interface Topic {
  name: string;
  /** Kafka's topic id (16 bytes), new for every creation, so clients can tell a re-created topic from the old one. */
  id: Buffer;
  partitions: PartitionLog[];
  /** Topic-level configs set on this topic (validated against TOPIC_CONFIGS), as given. */
  configs: Record<string, string>;
  /** The broker defaults with this topic's overrides applied; updated in place by alterConfigs. */
  limits: TopicLimits;
}

export interface TopicConfigEntry {
  name: string;
  value: string | null;
  source: 'default' | 'topic';
  /** The value in force when the topic does not set it (the broker's setting or Kafka's default). */
  defaultValue: string | null;
  readOnly: boolean;
  isSensitive: false;
  documentation?: string;
  type: ConfigType;
}

export interface ConfigChange {
  name: string;
  op: 'set' | 'delete' | 'append' | 'subtract';
  value: string | null;
}

/** Topic configs backed by a broker setting: their default is the broker's, not Kafka's. */
const BROKER_BACKED = {
  'retention.ms': 'retentionMs',
  'retention.bytes': 'retentionBytes',
  'segment.bytes': 'segmentBytes',
  'max.message.bytes': 'maxMessageBytes',
  'index.interval.bytes': 'indexIntervalBytes',
} as const satisfies Record<string, keyof TopicDefaults>;

const LEGAL_TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;
const MAX_PARTITIONS = 10_000;

export class TopicError extends Error {
  constructor(
    readonly errorCode: number,
    message: string,
  ) {
    super(message);
  }
}

export function topicNameProblem(name: string): string | null {
  if (!LEGAL_TOPIC_NAME.test(name)) return `topic name "${name}" is illegal: use 1-249 of [a-zA-Z0-9._-]`;
  if (name === '.' || name === '..') return `topic name "${name}" is illegal`;
  return null;
}

/** The first problem with a set of topic configs (unknown name or bad value, as Kafka words it), or null. */
export function configProblem(configs: Record<string, string>): string | null {
  for (const [name, value] of Object.entries(configs)) {
    const problem = topicConfigProblem(name, value);
    if (problem) return problem;
  }
  return null;
}

interface TopicMeta {
  name: string;
  /** base64url, as Kafka prints topic ids. */
  id?: string;
  partitions: number;
  configs: Record<string, string>;
}

/** A random (version 4) UUID that is neither Kafka's zero nor its metadata-topic id. */
function newTopicId(): Buffer {
  return Buffer.from(randomUUID().replace(/-/g, ''), 'hex');
}

/** topic.json, written atomically (fsynced temp file, then rename). */
function writeTopicMeta(dir: string, meta: TopicMeta): void {
  writeFileAtomic(join(dir, 'topic.json'), JSON.stringify(meta));
}

/**
 * All topics of the broker. On disk: <dataDir>/topics/<topic>/topic.json plus one directory per
 * partition. topic.json is written last (atomically), so a half-created topic is discarded on start.
 */
export class TopicStore {
  private readonly topics = new Map<string, Topic>();
  private readonly root: string;

  constructor(
    dataDir: string,
    private readonly defaults: TopicDefaults,
    private readonly logger: Logger,
  ) {
    this.root = join(dataDir, 'topics');
    mkdirSync(this.root, { recursive: true });
    for (const entry of readdirSync(this.root)) {
      const dir = join(this.root, entry);
      const metaPath = join(dir, 'topic.json');
      if (!existsSync(metaPath)) {
        logger.warn(`removing incomplete or deleted topic directory ${dir}`);
        rmSync(dir, { recursive: true, force: true });
        continue;
      }
      const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as TopicMeta;
      // Data directories written before topic ids existed get one now.
      const id = meta.id ? Buffer.from(meta.id, 'base64url') : newTopicId();
      if (!meta.id) writeTopicMeta(dir, { ...meta, id: id.toString('base64url') });
      this.topics.set(meta.name, this.openTopic(meta.name, id, meta.partitions, meta.configs));
    }
  }

  private openTopic(name: string, id: Buffer, partitionCount: number, configs: Record<string, string>): Topic {
    const limits = this.limitsFor(configs);
    const partitions = Array.from({ length: partitionCount }, (_, p) => this.openPartition(name, p, limits));
    return { name, id, partitions, configs, limits };
  }

  private openPartition(topic: string, partition: number, limits: TopicLimits): PartitionLog {
    return PartitionLog.open(join(this.root, topic, String(partition)), partitionOptions(limits), this.logger);
  }

  private limitsFor(configs: Record<string, string>): TopicLimits {
    const value = (name: string): string => configs[name] ?? this.defaultValue(name) ?? '';
    const policy = splitList(value('cleanup.policy'));
    return {
      partitions: this.defaults.partitions,
      retentionMs: configNumber(value('retention.ms')),
      retentionBytes: configNumber(value('retention.bytes')),
      segmentBytes: configNumber(value('segment.bytes')),
      maxMessageBytes: configNumber(value('max.message.bytes')),
      indexIntervalBytes: configNumber(value('index.interval.bytes')),
      cleanupPolicy: { delete: policy.includes('delete'), compact: policy.includes('compact') },
      segmentMs: configNumber(value('segment.ms')),
      deleteRetentionMs: configNumber(value('delete.retention.ms')),
      minCleanableDirtyRatio: Number(value('min.cleanable.dirty.ratio')),
      minCompactionLagMs: configNumber(value('min.compaction.lag.ms')),
    };
  }

  /** The value a topic without an override has: the broker's setting where it has one, else Kafka's default. */
  private defaultValue(name: string): string | null {
    const field = (BROKER_BACKED as Record<string, keyof TopicDefaults>)[name];
    if (field) return String(this.defaults[field]);
    return topicConfigDef(name)?.default ?? null;
  }

  get(name: string): Topic | undefined {
    return this.topics.get(name);
  }

  byId(id: Buffer): Topic | undefined {
    for (const topic of this.topics.values()) if (topic.id.equals(id)) return topic;
    return undefined;
  }

  partition(topic: string, partition: number): PartitionLog | undefined {
    return this.topics.get(topic)?.partitions[partition];
  }

  list(): Topic[] {
    return [...this.topics.values()];
  }

  private existing(name: string): Topic {
    const topic = this.topics.get(name);
    if (!topic) throw new TopicError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `Topic '${name}' does not exist.`);
    return topic;
  }

  /** Creates a topic; configs are validated as Kafka's CreateTopics does (unknown names and bad values: INVALID_CONFIG). */
  create(name: string, partitions: number, configs: Record<string, string> = {}): Topic {
    this.validateCreate(name, partitions, configs);
    const dir = join(this.root, name);
    rmSync(dir, { recursive: true, force: true });
    const topic = this.openTopic(name, newTopicId(), partitions, { ...configs });
    writeTopicMeta(dir, { name, id: topic.id.toString('base64url'), partitions, configs: topic.configs });
    this.topics.set(name, topic);
    this.logger.info(`created topic ${name} with ${partitions} partition(s)`);
    return topic;
  }

  /** Throws the TopicError create() would, creating nothing (CreateTopics with validateOnly). */
  validateCreate(name: string, partitions: number, configs: Record<string, string> = {}): void {
    const nameProblem = topicNameProblem(name);
    if (nameProblem) throw new TopicError(ErrorCode.INVALID_TOPIC_EXCEPTION, nameProblem);
    if (this.topics.has(name)) throw new TopicError(ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${name}' already exists.`);
    if (!Number.isInteger(partitions) || partitions < 1 || partitions > MAX_PARTITIONS) {
      throw new TopicError(
        ErrorCode.INVALID_PARTITIONS,
        `Number of partitions must be between 1 and ${MAX_PARTITIONS}, got ${partitions}.`,
      );
    }
    const problem = configProblem(configs);
    if (problem) throw new TopicError(ErrorCode.INVALID_CONFIG, problem);
  }

  delete(name: string): void {
    const topic = this.existing(name);
    this.topics.delete(name);
    for (const partition of topic.partitions) partition.close();
    // topic.json goes first: a crash mid-delete leaves a directory that the next start discards.
    const dir = join(this.root, name);
    unlinkSync(join(dir, 'topic.json'));
    rmSync(dir, { recursive: true, force: true });
    this.logger.info(`deleted topic ${name}`);
  }

  /** Every topic config Kafka knows, sorted by name: the topic's own value where set, else the default in force. */
  describeConfigs(topic: string): TopicConfigEntry[] {
    const { configs } = this.existing(topic);
    return TOPIC_CONFIG_NAMES.map((name) => {
      const def = topicConfigDef(name)!;
      const own = Object.prototype.hasOwnProperty.call(configs, name);
      return {
        name,
        value: own ? configs[name] : this.defaultValue(name),
        source: own ? 'topic' : 'default',
        defaultValue: this.defaultValue(name),
        readOnly: false,
        isSensitive: false,
        documentation: def.documentation,
        type: def.type,
      };
    });
  }

  /**
   * IncrementalAlterConfigs: every change is validated before any is applied (all or none), then
   * the result is persisted and takes effect at once (retention, segment roll, max.message.bytes,
   * cleanup policy and the cleaner's settings are read from topic.limits).
   */
  alterConfigs(topic: string, changes: ConfigChange[], validateOnly: boolean): void {
    const existing = this.existing(topic);
    const next = { ...existing.configs };
    for (const { name, op, value } of changes) {
      const def = topicConfigDef(name);
      if (!def) throw new TopicError(ErrorCode.INVALID_CONFIG, `Unknown topic config name: ${name}`);
      if (op === 'delete') {
        delete next[name];
        continue;
      }
      if ((op === 'append' || op === 'subtract') && def.type !== 'LIST') {
        throw new TopicError(ErrorCode.INVALID_CONFIG, `Config value ${op} is not allowed for config key: ${name}`);
      }
      if (value === null) throw new TopicError(ErrorCode.INVALID_CONFIG, `Null value not supported for topic config ${name}`);
      if (op === 'set') {
        next[name] = value;
      } else if (op === 'append' || op === 'subtract') {
        const current = splitList(next[name] ?? this.defaultValue(name) ?? '');
        const items = splitList(value);
        const result =
          op === 'append'
            ? [...current, ...items.filter((item) => !current.includes(item))]
            : current.filter((item) => !items.includes(item));
        next[name] = result.join(',');
      } else {
        throw new TopicError(ErrorCode.INVALID_CONFIG, `Unknown config operation ${String(op)} for ${name}`);
      }
      const problem = topicConfigProblem(name, next[name]);
      if (problem) throw new TopicError(ErrorCode.INVALID_CONFIG, problem);
    }
    if (!validateOnly) this.applyConfigs(existing, next);
  }

  /** The legacy AlterConfigs: `configs` becomes the topic's whole set of overrides. */
  replaceConfigs(topic: string, configs: Record<string, string>, validateOnly: boolean): void {
    const existing = this.existing(topic);
    const problem = configProblem(configs);
    if (problem) throw new TopicError(ErrorCode.INVALID_CONFIG, problem);
    if (!validateOnly) this.applyConfigs(existing, { ...configs });
  }

  private applyConfigs(topic: Topic, configs: Record<string, string>): void {
    writeTopicMeta(join(this.root, topic.name), {
      name: topic.name,
      id: topic.id.toString('base64url'),
      partitions: topic.partitions.length,
      configs,
    });
    topic.configs = configs;
    Object.assign(topic.limits, this.limitsFor(configs));
    for (const partition of topic.partitions) partition.configure(partitionOptions(topic.limits));
    this.logger.info(`topic ${topic.name} configs now ${JSON.stringify(configs)}`);
  }

  /** CreatePartitions: grows the topic to `totalCount` partitions; existing ones are untouched. */
  addPartitions(topic: string, totalCount: number, validateOnly: boolean): void {
    const existing = this.existing(topic);
    const current = existing.partitions.length;
    if (!Number.isInteger(totalCount) || totalCount < current) {
      throw new TopicError(
        ErrorCode.INVALID_PARTITIONS,
        `Topic currently has ${current} partitions, which is higher than the requested ${totalCount}.`,
      );
    }
    if (totalCount === current) throw new TopicError(ErrorCode.INVALID_PARTITIONS, `Topic already has ${current} partitions.`);
    if (totalCount > MAX_PARTITIONS) {
      throw new TopicError(
        ErrorCode.INVALID_PARTITIONS,
        `Number of partitions must be between 1 and ${MAX_PARTITIONS}, got ${totalCount}.`,
      );
    }
    if (validateOnly) return;
    // The new partition directories exist before topic.json counts them: a crash in between leaves
    // directories the next start ignores (and a later attempt recreates empty).
    const added: PartitionLog[] = [];
    for (let p = current; p < totalCount; p++) {
      rmSync(join(this.root, topic, String(p)), { recursive: true, force: true });
      added.push(this.openPartition(topic, p, existing.limits));
    }
    writeTopicMeta(join(this.root, topic), {
      name: topic,
      id: existing.id.toString('base64url'),
      partitions: totalCount,
      configs: existing.configs,
    });
    existing.partitions.push(...added);
    this.logger.info(`topic ${topic} now has ${totalCount} partition(s)`);
  }

  /** Retention by time and size, for topics whose cleanup.policy includes delete (never compact-only ones). */
  applyRetention(now = Date.now()): number {
    let deleted = 0;
    for (const { partitions, limits } of this.topics.values()) {
      if (!limits.cleanupPolicy.delete) continue;
      for (const partition of partitions) deleted += partition.applyRetention(now, limits.retentionMs, limits.retentionBytes);
    }
    return deleted;
  }

  /** fdatasync of everything appended so far, off the event loop (the periodic flush). */
  async syncAll(): Promise<void> {
    await Promise.all(this.list().flatMap((topic) => topic.partitions.map((partition) => partition.sync())));
  }

  close(): void {
    for (const topic of this.topics.values()) for (const partition of topic.partitions) partition.close();
    this.topics.clear();
  }
}

function partitionOptions(limits: TopicLimits) {
  return { segmentBytes: limits.segmentBytes, indexIntervalBytes: limits.indexIntervalBytes, segmentMs: limits.segmentMs };
}
