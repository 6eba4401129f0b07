import type { TopicConfigEntry } from '../storage/topic-store';

/** Kafka's ConfigSource codes (DescribeConfigs v1+, CreateTopics v5+), by where this broker's value comes from. */
export const CONFIG_SOURCE = {
  /** Set on the topic (Kafka's DYNAMIC_TOPIC_CONFIG). */
  topic: 1,
  /** Set in the broker's own settings (Kafka's STATIC_BROKER_CONFIG). */
  broker: 4,
  /** The broker's value, from its settings or Kafka's default (Kafka's DEFAULT_CONFIG). */
  default: 5,
} as const;

/** Kafka's ConfigType codes (DescribeConfigs v3+). */
export const CONFIG_TYPE: Record<TopicConfigEntry['type'], number> = {
  BOOLEAN: 1,
  STRING: 2,
  INT: 3,
  SHORT: 4,
  LONG: 5,
  DOUBLE: 6,
  LIST: 7,
  CLASS: 8,
  PASSWORD: 9,
};

/** Kafka's ConfigResource.Type codes. */
export const RESOURCE_TYPE = { topic: 2, broker: 4, brokerLogger: 8 } as const;
