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
  return entries.map(([name, value, type]) => ({ name, value, type, source: 'default', readOnly: true, isSensitive: false }));
}
