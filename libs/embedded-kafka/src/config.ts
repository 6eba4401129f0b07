import type { LogLevel } from './logger';

export interface BrokerConfig {
  /** Interface to bind; 127.0.0.1 by default so nothing is exposed beyond this machine. */
  host: string;
  /** 0 picks a free port; read it back from the started broker. */
  port: number;
  /** Host put in Metadata/FindCoordinator answers (clients reconnect to it); defaults to `host`. */
  advertisedHost?: string;
  /** Port put in those answers when clients reach the broker through a proxy or NAT; defaults to the bound port. */
  advertisedPort?: number;
  dataDir: string;
  /** Partitions of auto-created topics and of CreateTopics with -1 (Kafka's num.partitions). */
  defaultPartitions: number;
  autoCreateTopics: boolean;
  /** Largest request frame accepted (Kafka's socket.request.max.bytes); larger ones close the connection. */
  maxFrameBytes: number;
  /** Largest record batch accepted (Kafka's message.max.bytes); larger ones get MESSAGE_TOO_LARGE. */
  maxMessageBytes: number;
  segmentBytes: number;
  indexIntervalBytes: number;
  /** -1 keeps data forever. */
  retentionMs: number;
  /** Per partition; -1 means no size limit. */
  retentionBytes: number;
  retentionCheckIntervalMs: number;
  /** How often the log cleaner compacts topics with cleanup.policy=compact and rolls segments past segment.ms (Kafka's log.cleaner.backoff.ms). */
  logCleanerIntervalMs: number;
  /**
   * 0: every produce is fsynced before it is acknowledged. N > 0: acknowledged once written to the
   * OS (survives a killed broker process), fsynced every N ms (bounds what a power loss can take).
   */
  flushIntervalMs: number;
  minSessionTimeoutMs: number;
  maxSessionTimeoutMs: number;
  initialRebalanceDelayMs: number;
  logLevel: LogLevel;
}

export const DEFAULT_CONFIG: Omit<BrokerConfig, 'dataDir'> = {
  host: '127.0.0.1',
  port: 9092,
  defaultPartitions: 1,
  autoCreateTopics: true,
  maxFrameBytes: 100 * 1024 * 1024,
  maxMessageBytes: 1_048_588,
  segmentBytes: 1024 * 1024 * 1024,
  indexIntervalBytes: 4096,
  retentionMs: 168 * 60 * 60 * 1000,
  retentionBytes: -1,
  retentionCheckIntervalMs: 5 * 60 * 1000,
  logCleanerIntervalMs: 15_000,
  flushIntervalMs: 1000,
  minSessionTimeoutMs: 6000,
  maxSessionTimeoutMs: 30 * 60 * 1000,
  initialRebalanceDelayMs: 0,
  logLevel: 'info',
};

/** Fills defaults and rejects nonsensical values with a message naming the setting. */
export function resolveConfig(partial: Partial<BrokerConfig> & { dataDir: string }): BrokerConfig {
  const config: BrokerConfig = { ...DEFAULT_CONFIG, ...stripUndefined(partial), dataDir: partial.dataDir };
  const checks: Array<[boolean, string]> = [
    [Number.isInteger(config.port) && config.port >= 0 && config.port <= 65535, `port must be 0-65535, got ${config.port}`],
    [
      Number.isInteger(config.defaultPartitions) && config.defaultPartitions >= 1,
      `default partitions must be ≥ 1, got ${config.defaultPartitions}`,
    ],
    [config.maxFrameBytes >= 1024, `max frame bytes must be ≥ 1024, got ${config.maxFrameBytes}`],
    [
      config.maxMessageBytes >= 64 && config.maxMessageBytes <= config.maxFrameBytes,
      `max message bytes must be 64..maxFrameBytes, got ${config.maxMessageBytes}`,
    ],
    [config.segmentBytes >= 1024, `segment bytes must be ≥ 1024, got ${config.segmentBytes}`],
    [
      Number.isInteger(config.logCleanerIntervalMs) && config.logCleanerIntervalMs >= 1,
      `log cleaner interval must be ≥ 1 ms, got ${config.logCleanerIntervalMs}`,
    ],
    [config.flushIntervalMs >= 0, `flush interval must be ≥ 0, got ${config.flushIntervalMs}`],
    [config.dataDir.length > 0, 'data dir must not be empty'],
  ];
  const failed = checks.find(([ok]) => !ok);
  if (failed) throw new Error(`invalid broker config: ${failed[1]}`);
  return config;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
