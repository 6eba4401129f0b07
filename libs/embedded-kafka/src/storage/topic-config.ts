/**
 * Every topic-level config Kafka 3.8 knows, with its type, default and validator, taken from
 * Apache Kafka 3.8.0's LogConfig.java (the LogConfigDef), TopicConfig.java, ServerLogConfigs.java
 * and QuotaConfigs.java. The one place that lists them: CreateTopics, DescribeConfigs and
 * (Incremental)AlterConfigs all validate against this table.
 */

export type ConfigType = 'BOOLEAN' | 'STRING' | 'INT' | 'SHORT' | 'LONG' | 'DOUBLE' | 'LIST' | 'CLASS' | 'PASSWORD';

export interface TopicConfigDef {
  type: ConfigType;
  /** Kafka's default as DescribeConfigs prints it (null where Kafka's is null). */
  default: string | null;
  /** Extra check on a value that already parses as `type`: a reason, or null when fine. */
  validate?: (value: string) => string | null;
  documentation: string;
}

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
const LONG_MAX = '9223372036854775807';

function atLeast(min: number): (value: string) => string | null {
  return (value) => (Number(value) < min ? `Value must be at least ${min}` : null);
}

function between(min: number, max: number): (value: string) => string | null {
  return (value) => (Number(value) < min || Number(value) > max ? `Value must be no less than ${min} and no more than ${max}` : null);
}

function oneOf(...allowed: string[]): (value: string) => string | null {
  return (value) => (allowed.includes(value) ? null : `String must be one of: ${allowed.join(', ')}`);
}

function listOf(...allowed: string[]): (value: string) => string | null {
  return (value) => {
    const bad = splitList(value).find((item) => !allowed.includes(item));
    return bad === undefined ? null : `Invalid value ${bad} for configuration: String must be one of: ${allowed.join(', ')}`;
  };
}

/** ThrottledReplicaListValidator: "*" or partitionId:brokerId pairs. */
function throttledReplicas(value: string): string | null {
  const items = splitList(value);
  if (items.length === 1 && items[0] === '*') return null;
  return items.every((item) => /^\d+:\d+$/.test(item))
    ? null
    : 'must be the literal "*" or a list of replicas in the following format: [partitionId]:[brokerId],[partitionId]:[brokerId],...';
}

export const TOPIC_CONFIGS = {
  'cleanup.policy': {
    type: 'LIST',
    default: 'delete',
    validate: listOf('compact', 'delete'),
    documentation: 'A string that is either "delete" or "compact" or both.',
  },
  'compression.gzip.level': {
    type: 'INT',
    default: '-1',
    validate: (v) => (v === '-1' || (Number(v) >= 1 && Number(v) <= 9) ? null : 'Value must be between 1 and 9, or -1'),
    documentation: 'The compression level to use if compression.type is set to gzip.',
  },
  'compression.lz4.level': {
    type: 'INT',
    default: '9',
    validate: between(1, 17),
    documentation: 'The compression level to use if compression.type is set to lz4.',
  },
  'compression.type': {
    type: 'STRING',
    default: 'producer',
    validate: oneOf('uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'),
    documentation: 'Specify the final compression type for a given topic.',
  },
  'compression.zstd.level': {
    type: 'INT',
    default: '3',
    validate: between(-131072, 22),
    documentation: 'The compression level to use if compression.type is set to zstd.',
  },
  'delete.retention.ms': {
    type: 'LONG',
    default: '86400000',
    validate: atLeast(0),
    documentation: 'The amount of time to retain delete tombstone markers for log compacted topics.',
  },
  'file.delete.delay.ms': {
    type: 'LONG',
    default: '60000',
    validate: atLeast(0),
    documentation: 'The time to wait before deleting a file from the filesystem.',
  },
  'flush.messages': {
    type: 'LONG',
    default: LONG_MAX,
    validate: atLeast(1),
    documentation: 'The interval of messages between forced fsyncs of data written to the log.',
  },
  'flush.ms': {
    type: 'LONG',
    default: LONG_MAX,
    validate: atLeast(0),
    documentation: 'The time interval between forced fsyncs of the log.',
  },
  'follower.replication.throttled.replicas': {
    type: 'LIST',
    default: '',
    validate: throttledReplicas,
    documentation: 'A list of replicas for which log replication should be throttled on the follower side.',
  },
  'index.interval.bytes': {
    type: 'INT',
    default: '4096',
    validate: atLeast(0),
    documentation: 'How frequently Kafka adds an index entry to its offset index.',
  },
  'leader.replication.throttled.replicas': {
    type: 'LIST',
    default: '',
    validate: throttledReplicas,
    documentation: 'A list of replicas for which log replication should be throttled on the leader side.',
  },
  'local.retention.bytes': {
    type: 'LONG',
    default: '-2',
    validate: atLeast(-2),
    documentation: 'The maximum size of local log segments that can grow for a partition before it deletes the old segments.',
  },
  'local.retention.ms': {
    type: 'LONG',
    default: '-2',
    validate: atLeast(-2),
    documentation: 'The number of milliseconds to keep the local log segment before it gets deleted.',
  },
  'max.compaction.lag.ms': {
    type: 'LONG',
    default: LONG_MAX,
    validate: atLeast(1),
    documentation: 'The maximum time a message will remain ineligible for compaction in the log.',
  },
  'max.message.bytes': {
    type: 'INT',
    default: '1048588',
    validate: atLeast(0),
    documentation: 'The largest record batch size allowed by Kafka (after compression if compression is enabled).',
  },
  'message.downconversion.enable': {
    type: 'BOOLEAN',
    default: 'true',
    documentation: 'Whether down-conversion of message formats is enabled to satisfy consume requests.',
  },
  'message.format.version': {
    type: 'STRING',
    default: '3.0-IV1',
    validate: (v) => (/^\d+\.\d+(\.\d+)?(-IV\d+)?$/.test(v) ? null : `Version ${v} is not a valid version`),
    documentation: '[DEPRECATED] Specify the message format version the broker will use to append messages to the logs.',
  },
  'message.timestamp.after.max.ms': {
    type: 'LONG',
    default: LONG_MAX,
    validate: atLeast(0),
    documentation: 'The maximum allowed time difference between a later message timestamp and the broker timestamp.',
  },
  'message.timestamp.before.max.ms': {
    type: 'LONG',
    default: LONG_MAX,
    validate: atLeast(0),
    documentation: 'The maximum allowed time difference between the broker timestamp and an earlier message timestamp.',
  },
  'message.timestamp.difference.max.ms': {
    type: 'LONG',
    default: LONG_MAX,
    validate: atLeast(0),
    documentation:
      '[DEPRECATED] The maximum difference allowed between the timestamp when a broker receives a message and the timestamp specified in the message.',
  },
  'message.timestamp.type': {
    type: 'STRING',
    default: 'CreateTime',
    validate: oneOf('CreateTime', 'LogAppendTime'),
    documentation: 'Define whether the timestamp in the message is message create time or log append time.',
  },
  'min.cleanable.dirty.ratio': {
    type: 'DOUBLE',
    default: '0.5',
    validate: between(0, 1),
    documentation: 'How frequently the log compactor will attempt to clean the log (the ratio of dirty log to total log).',
  },
  'min.compaction.lag.ms': {
    type: 'LONG',
    default: '0',
    validate: atLeast(0),
    documentation: 'The minimum time a message will remain uncompacted in the log.',
  },
  'min.insync.replicas': {
    type: 'INT',
    default: '1',
    validate: atLeast(1),
    documentation: 'The minimum number of replicas that must acknowledge a write when acks is "all".',
  },
  preallocate: {
    type: 'BOOLEAN',
    default: 'false',
    documentation: 'True if we should preallocate the file on disk when creating a new log segment.',
  },
  'remote.storage.enable': {
    type: 'BOOLEAN',
    default: 'false',
    documentation: 'To enable tiered storage for a topic, set this configuration as true.',
  },
  'retention.bytes': {
    type: 'LONG',
    default: '-1',
    documentation: 'The maximum size a partition can grow to before old log segments are discarded to free up space.',
  },
  'retention.ms': {
    type: 'LONG',
    default: '604800000',
    validate: atLeast(-1),
    documentation: 'The maximum time a log is retained before old log segments are discarded; -1 means no time limit.',
  },
  'segment.bytes': { type: 'INT', default: '1073741824', validate: atLeast(14), documentation: 'The segment file size for the log.' },
  'segment.index.bytes': {
    type: 'INT',
    default: '10485760',
    validate: atLeast(4),
    documentation: 'The size of the index that maps offsets to file positions.',
  },
  'segment.jitter.ms': {
    type: 'LONG',
    default: '0',
    validate: atLeast(0),
    documentation: 'The maximum random jitter subtracted from the scheduled segment roll time.',
  },
  'segment.ms': {
    type: 'LONG',
    default: '604800000',
    validate: atLeast(1),
    documentation: "The period of time after which Kafka will force the log to roll even if the segment file isn't full.",
  },
  'unclean.leader.election.enable': {
    type: 'BOOLEAN',
    default: 'false',
    documentation: 'Indicates whether to enable replicas not in the ISR set to be elected as leader as a last resort.',
  },
} satisfies Record<string, TopicConfigDef>;

export type TopicConfigName = keyof typeof TOPIC_CONFIGS;

/** The known topic config names, sorted, and their types: for DescribeConfigs and for callers that list them. */
export const TOPIC_CONFIG_NAMES = Object.keys(TOPIC_CONFIGS).sort() as TopicConfigName[];

export function topicConfigDef(name: string): TopicConfigDef | undefined {
  return Object.prototype.hasOwnProperty.call(TOPIC_CONFIGS, name) ? (TOPIC_CONFIGS as Record<string, TopicConfigDef>)[name] : undefined;
}

/** Kafka's ConfigDef list parsing: comma separated, trimmed, empty string is the empty list. */
export function splitList(value: string): string[] {
  const trimmed = value.trim();
  return trimmed === '' ? [] : trimmed.split(/\s*,\s*/);
}

/** Why `value` is not acceptable for topic config `name`, in Kafka's words, or null when it is. */
export function topicConfigProblem(name: string, value: string | null): string | null {
  const def = topicConfigDef(name);
  if (!def) return `Unknown topic config name: ${name}`;
  if (value === null) return `Null value not supported for topic config ${name}`;
  const invalid = (reason: string) => `Invalid value ${value} for configuration ${name}: ${reason}`;
  const trimmed = value.trim();
  switch (def.type) {
    case 'INT':
    case 'SHORT':
    case 'LONG': {
      if (!/^-?\d+$/.test(trimmed)) return invalid(`Not a number of type ${def.type}`);
      const n = BigInt(trimmed);
      const [min, max] = def.type === 'LONG' ? [-(2n ** 63n), 2n ** 63n - 1n] : [BigInt(INT_MIN), BigInt(INT_MAX)];
      if (n < min || n > max) return invalid(`Not a number of type ${def.type}`);
      break;
    }
    case 'DOUBLE':
      if (trimmed === '' || !Number.isFinite(Number(trimmed))) return invalid('Not a number of type DOUBLE');
      break;
    case 'BOOLEAN':
      if (!/^(true|false)$/i.test(trimmed)) return invalid('Expected value to be either true or false');
      break;
    default:
      break;
  }
  const reason = def.validate?.(def.type === 'STRING' ? value : trimmed);
  return reason ? invalid(reason) : null;
}

/** A LONG config as a JS number (Long.MAX_VALUE and the like become Number.MAX_SAFE_INTEGER). */
export function configNumber(value: string): number {
  const n = Number(value.trim());
  return n > Number.MAX_SAFE_INTEGER ? Number.MAX_SAFE_INTEGER : n;
}
