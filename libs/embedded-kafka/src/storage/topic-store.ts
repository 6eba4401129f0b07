import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../logger';
import { ErrorCode } from '../protocol/error-codes';
import { PartitionLog } from './partition-log';

export interface TopicDefaults {
  partitions: number;
  retentionMs: number;
  retentionBytes: number;
  segmentBytes: number;
  maxMessageBytes: number;
  indexIntervalBytes: number;
}

export interface Topic {
  name: string;
  partitions: PartitionLog[];
  /** Topic-level configs as given at creation; the ones in TOPIC_LIMITS are enforced. */
  configs: Record<string, string>;
  /** The broker defaults with this topic's overrides applied. */
  limits: TopicDefaults;
}

/** Topic configs this broker enforces, mapped to the default they override. */
const TOPIC_LIMITS = {
  'retention.ms': 'retentionMs',
  'retention.bytes': 'retentionBytes',
  'segment.bytes': 'segmentBytes',
  'max.message.bytes': 'maxMessageBytes',
} as const satisfies Record<string, keyof TopicDefaults>;

const LEGAL_TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

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

export function configProblem(configs: Record<string, string>): string | null {
  for (const key of Object.keys(TOPIC_LIMITS)) {
    const value = configs[key];
    if (value !== undefined && !/^-?\d+$/.test(value)) return `config ${key}=${value} is not an integer`;
  }
  if (configs['segment.bytes'] !== undefined && Number(configs['segment.bytes']) < 1024) return 'segment.bytes must be at least 1024';
  return null;
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
      const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as { name: string; partitions: number; configs: Record<string, string> };
      this.topics.set(meta.name, this.openTopic(meta.name, meta.partitions, meta.configs));
    }
  }

  private openTopic(name: string, partitionCount: number, configs: Record<string, string>): Topic {
    const limits = this.limitsFor(configs);
    const partitions = Array.from({ length: partitionCount }, (_, p) =>
      PartitionLog.open(
        join(this.root, name, String(p)),
        { segmentBytes: limits.segmentBytes, indexIntervalBytes: limits.indexIntervalBytes },
        this.logger,
      ),
    );
    return { name, partitions, configs, limits };
  }

  private limitsFor(configs: Record<string, string>): TopicDefaults {
    const limits = { ...this.defaults };
    for (const [key, field] of Object.entries(TOPIC_LIMITS)) {
      if (configs[key] !== undefined) limits[field] = Number(configs[key]);
    }
    return limits;
  }

  get(name: string): Topic | undefined {
    return this.topics.get(name);
  }

  partition(topic: string, partition: number): PartitionLog | undefined {
    return this.topics.get(topic)?.partitions[partition];
  }

  list(): Topic[] {
    return [...this.topics.values()];
  }

  create(name: string, partitions: number, configs: Record<string, string> = {}): Topic {
    const nameProblem = topicNameProblem(name);
    if (nameProblem) throw new TopicError(ErrorCode.INVALID_TOPIC_EXCEPTION, nameProblem);
    if (this.topics.has(name)) throw new TopicError(ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${name}' already exists.`);
    if (!Number.isInteger(partitions) || partitions < 1 || partitions > 10_000) {
      throw new TopicError(ErrorCode.INVALID_PARTITIONS, `Number of partitions must be between 1 and 10000, got ${partitions}.`);
    }
    const problem = configProblem(configs);
    if (problem) throw new TopicError(ErrorCode.INVALID_CONFIG, problem);
    const dir = join(this.root, name);
    rmSync(dir, { recursive: true, force: true });
    const topic = this.openTopic(name, partitions, configs);
    const tmp = join(dir, 'topic.json.tmp');
    writeFileSync(tmp, JSON.stringify({ name, partitions, configs }));
    renameSync(tmp, join(dir, 'topic.json'));
    this.topics.set(name, topic);
    this.logger.info(`created topic ${name} with ${partitions} partition(s)`);
    return topic;
  }

  delete(name: string): void {
    const topic = this.topics.get(name);
    if (!topic) throw new TopicError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `Topic '${name}' does not exist.`);
    this.topics.delete(name);
    for (const partition of topic.partitions) partition.close();
    // topic.json goes first: a crash mid-delete leaves a directory that the next start discards.
    const dir = join(this.root, name);
    unlinkSync(join(dir, 'topic.json'));
    rmSync(dir, { recursive: true, force: true });
    this.logger.info(`deleted topic ${name}`);
  }

  applyRetention(now = Date.now()): number {
    let deleted = 0;
    for (const { partitions, limits } of this.topics.values()) {
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
