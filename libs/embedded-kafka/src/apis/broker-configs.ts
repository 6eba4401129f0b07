import type { BrokerContext } from '../server/broker-context';
import type { TopicConfigEntry } from '../storage/topic-store';

/**
 * The broker's settings under the names Kafka's server.properties gives them, for DescribeConfigs
 * on the broker resource. All read-only: they are fixed at start (Kafka's dynamic broker configs
 * are not implemented).
 */
export function brokerConfigEntries(broker: BrokerContext): TopicConfigEntry[] {
  const { config, nodeId } = broker;
  const listener = `PLAINTEXT://${broker.advertisedHost}:${broker.advertisedPort}`;
  const entries: Array<[string, string, TopicConfigEntry['type']]> = [
    ['advertised.listeners', listener, 'STRING'],
    ['auto.create.topics.enable', String(config.autoCreateTopics), 'BOOLEAN'],
    ['broker.id', String(nodeId), 'INT'],
    ['group.initial.rebalance.delay.ms', String(config.initialRebalanceDelayMs), 'INT'],
    ['group.max.session.timeout.ms', String(config.maxSessionTimeoutMs), 'INT'],
    ['group.min.session.timeout.ms', String(config.minSessionTimeoutMs), 'INT'],
    ['listeners', listener, 'STRING'],
    ['log.dirs', config.dataDir, 'STRING'],
    ['log.flush.interval.ms', String(config.flushIntervalMs), 'LONG'],
    ['log.index.interval.bytes', String(config.indexIntervalBytes), 'INT'],
    ['log.retention.bytes', String(config.retentionBytes), 'LONG'],
    ['log.retention.check.interval.ms', String(config.retentionCheckIntervalMs), 'LONG'],
    ['log.retention.ms', String(config.retentionMs), 'LONG'],
    ['log.segment.bytes', String(config.segmentBytes), 'INT'],
    ['message.max.bytes', String(config.maxMessageBytes), 'INT'],
    ['node.id', String(nodeId), 'INT'],
    ['num.partitions', String(config.defaultPartitions), 'INT'],
    ['socket.request.max.bytes', String(config.maxFrameBytes), 'INT'],
  ];
  return entries.map(([name, value, type]) => ({
    name,
    value,
    type,
    source: 'default',
    defaultValue: value,
    readOnly: true,
    isSensitive: false,
  }));
}

/**
 * The broker config each topic config falls back to (the first of Kafka's
 * ServerTopicConfigSynonyms.ALL_TOPIC_CONFIG_SYNONYMS), named in DescribeConfigs' synonyms.
 */
export const SERVER_SYNONYMS: Record<string, string> = {
  'cleanup.policy': 'log.cleanup.policy',
  'compression.gzip.level': 'compression.gzip.level',
  'compression.lz4.level': 'compression.lz4.level',
  'compression.type': 'compression.type',
  'compression.zstd.level': 'compression.zstd.level',
  'delete.retention.ms': 'log.cleaner.delete.retention.ms',
  'file.delete.delay.ms': 'log.segment.delete.delay.ms',
  'flush.messages': 'log.flush.interval.messages',
  'flush.ms': 'log.flush.interval.ms',
  'index.interval.bytes': 'log.index.interval.bytes',
  'local.retention.bytes': 'log.local.retention.bytes',
  'local.retention.ms': 'log.local.retention.ms',
  'max.compaction.lag.ms': 'log.cleaner.max.compaction.lag.ms',
  'max.message.bytes': 'message.max.bytes',
  'message.downconversion.enable': 'log.message.downconversion.enable',
  'message.format.version': 'log.message.format.version',
  'message.timestamp.after.max.ms': 'log.message.timestamp.after.max.ms',
  'message.timestamp.before.max.ms': 'log.message.timestamp.before.max.ms',
  'message.timestamp.difference.max.ms': 'log.message.timestamp.difference.max.ms',
  'message.timestamp.type': 'log.message.timestamp.type',
  'min.cleanable.dirty.ratio': 'log.cleaner.min.cleanable.ratio',
  'min.compaction.lag.ms': 'log.cleaner.min.compaction.lag.ms',
  'min.insync.replicas': 'min.insync.replicas',
  preallocate: 'log.preallocate',
  'retention.bytes': 'log.retention.bytes',
  'retention.ms': 'log.retention.ms',
  'segment.bytes': 'log.segment.bytes',
  'segment.index.bytes': 'log.index.size.max.bytes',
  'segment.jitter.ms': 'log.roll.jitter.ms',
  'segment.ms': 'log.roll.ms',
  'unclean.leader.election.enable': 'unclean.leader.election.enable',
};
