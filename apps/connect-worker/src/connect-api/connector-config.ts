// The framework's keys, the one list of them: Kafka's ConnectorConfig, SinkConnectorConfig and
// TaskConfig. The worker owns these keys; it strips them (withoutFrameworkKeys) before a plugin
// validates or starts with its own, so no plugin needs to know them.

import { configKey, type ConfigKey } from './config-key';
import type { ConnectorConfig } from './connector-plugin';

// ConnectorConfig
export const NAME_CONFIG = 'name';
export const CONNECTOR_CLASS_CONFIG = 'connector.class';
export const TASKS_MAX_CONFIG = 'tasks.max';
export const KEY_CONVERTER_CLASS_CONFIG = 'key.converter';
export const VALUE_CONVERTER_CLASS_CONFIG = 'value.converter';
export const HEADER_CONVERTER_CLASS_CONFIG = 'header.converter';
export const TRANSFORMS_CONFIG = 'transforms';
export const PREDICATES_CONFIG = 'predicates';
export const CONFIG_RELOAD_ACTION_CONFIG = 'config.action.reload';
export const ERRORS_PREFIX = 'errors.';
export const ERRORS_RETRY_PREFIX = 'errors.retry.';
export const ERRORS_TOLERANCE_CONFIG = 'errors.tolerance';
export const ERRORS_LOG_ENABLE_CONFIG = 'errors.log.enable';
export const ERRORS_LOG_INCLUDE_MESSAGES_CONFIG = 'errors.log.include.messages';
export const TRANSFORMS_PREFIX = 'transforms.';
export const PREDICATES_PREFIX = 'predicates.';
export const CONNECTOR_CLIENT_PRODUCER_OVERRIDES_PREFIX = 'producer.override.';
export const CONNECTOR_CLIENT_CONSUMER_OVERRIDES_PREFIX = 'consumer.override.';
export const CONNECTOR_CLIENT_ADMIN_OVERRIDES_PREFIX = 'admin.override.';

// SinkConnectorConfig
export const TOPICS_CONFIG = 'topics';
export const TOPICS_REGEX_CONFIG = 'topics.regex';
export const DLQ_TOPIC_NAME_CONFIG = 'errors.deadletterqueue.topic.name';
export const DLQ_CONTEXT_HEADERS_ENABLE_CONFIG = 'errors.deadletterqueue.context.headers.enable';

/** The framework keys only a sink connector has (SinkConnectorConfig). */
export const SINK_ONLY_KEYS: readonly string[] = [
  TOPICS_CONFIG,
  TOPICS_REGEX_CONFIG,
  DLQ_TOPIC_NAME_CONFIG,
  DLQ_CONTEXT_HEADERS_ENABLE_CONFIG,
];

// TaskConfig: added by the worker to each task's config.
export const TASK_CLASS_CONFIG = 'task.class';

/** The one consumer override the sink tasks honour: the most records a put() receives. */
export const MAX_POLL_RECORDS_OVERRIDE = `${CONNECTOR_CLIENT_CONSUMER_OVERRIDES_PREFIX}max.poll.records`;

/** Keys the worker owns, by exact name. */
const FRAMEWORK_NAMES: ReadonlySet<string> = new Set([
  NAME_CONFIG,
  CONNECTOR_CLASS_CONFIG,
  TASKS_MAX_CONFIG,
  TOPICS_CONFIG,
  TOPICS_REGEX_CONFIG,
  KEY_CONVERTER_CLASS_CONFIG,
  VALUE_CONVERTER_CLASS_CONFIG,
  HEADER_CONVERTER_CLASS_CONFIG,
  TRANSFORMS_CONFIG,
  PREDICATES_CONFIG,
  CONFIG_RELOAD_ACTION_CONFIG,
  TASK_CLASS_CONFIG,
]);

/** Keys the worker owns, by prefix (a converter's, transform's or client's settings, error handling). */
const FRAMEWORK_PREFIXES: readonly string[] = [
  ERRORS_PREFIX,
  TRANSFORMS_PREFIX,
  PREDICATES_PREFIX,
  `${KEY_CONVERTER_CLASS_CONFIG}.`,
  `${VALUE_CONVERTER_CLASS_CONFIG}.`,
  `${HEADER_CONVERTER_CLASS_CONFIG}.`,
  CONNECTOR_CLIENT_CONSUMER_OVERRIDES_PREFIX,
  CONNECTOR_CLIENT_PRODUCER_OVERRIDES_PREFIX,
  CONNECTOR_CLIENT_ADMIN_OVERRIDES_PREFIX,
];

export function isFrameworkKey(key: string): boolean {
  return FRAMEWORK_NAMES.has(key) || FRAMEWORK_PREFIXES.some((prefix) => key.startsWith(prefix));
}

/** The plugin's own part of a connector or task config: every framework key removed. */
export function withoutFrameworkKeys(config: ConnectorConfig): ConnectorConfig {
  return Object.fromEntries(Object.entries(config).filter(([key]) => !isFrameworkKey(key)));
}

/**
 * Framework keys Kafka Connect has and this worker does not implement. Connect would act on them,
 * so accepting them silently would run a different pipeline than the one configured.
 */
export function isUnimplementedFrameworkKey(name: string): boolean {
  if (name === MAX_POLL_RECORDS_OVERRIDE) return false;
  return (
    name === PREDICATES_CONFIG ||
    name === HEADER_CONVERTER_CLASS_CONFIG ||
    [
      PREDICATES_PREFIX,
      `${HEADER_CONVERTER_CLASS_CONFIG}.`,
      CONNECTOR_CLIENT_CONSUMER_OVERRIDES_PREFIX,
      CONNECTOR_CLIENT_ADMIN_OVERRIDES_PREFIX,
      CONNECTOR_CLIENT_PRODUCER_OVERRIDES_PREFIX,
      ERRORS_RETRY_PREFIX,
    ].some((prefix) => name.startsWith(prefix))
  );
}

/** The framework's boolean keys (ConfigDef.Type.BOOLEAN). */
export const FRAMEWORK_BOOLEAN_KEYS: readonly string[] = [
  ERRORS_LOG_ENABLE_CONFIG,
  ERRORS_LOG_INCLUDE_MESSAGES_CONFIG,
  DLQ_CONTEXT_HEADERS_ENABLE_CONFIG,
];

export const COMMON_GROUP = 'Common';
export const TRANSFORMS_GROUP = 'Transforms';
export const ERROR_GROUP = 'Error Handling';

/** A ConfigDef entry as the framework defines its keys (HIGH importance for classes and the name). */
export function frameworkKey(
  name: string,
  type: ConfigKey['type'],
  defaultValue: string | null,
  group: string,
  order: number,
  documentation: string,
  required = false,
): ConfigKey {
  return configKey(name, type, {
    required,
    defaultValue,
    importance: type === 'CLASS' || name === NAME_CONFIG ? 'HIGH' : 'MEDIUM',
    documentation,
    group,
    order,
  });
}

/** The framework keys the validate endpoint describes for a sink connector (ConnectorConfig + SinkConnectorConfig). */
export const FRAMEWORK_CONFIG_KEYS: readonly ConfigKey[] = [
  frameworkKey(NAME_CONFIG, 'STRING', null, COMMON_GROUP, 1, 'Globally unique name to use for this connector.', true),
  frameworkKey(
    CONNECTOR_CLASS_CONFIG,
    'STRING',
    null,
    COMMON_GROUP,
    2,
    'Name or alias of the class for this connector. Must be a subclass of org.apache.kafka.connect.connector.Connector.',
    true,
  ),
  frameworkKey(TASKS_MAX_CONFIG, 'INT', '1', COMMON_GROUP, 3, 'Maximum number of tasks to use for this connector.'),
  frameworkKey(
    KEY_CONVERTER_CLASS_CONFIG,
    'CLASS',
    null,
    COMMON_GROUP,
    5,
    'Converter class used to convert between Kafka Connect format and the serialized form that is written to Kafka.',
  ),
  frameworkKey(
    VALUE_CONVERTER_CLASS_CONFIG,
    'CLASS',
    null,
    COMMON_GROUP,
    6,
    'Converter class used to convert between Kafka Connect format and the serialized form that is written to Kafka.',
  ),
  frameworkKey(TRANSFORMS_CONFIG, 'LIST', '', TRANSFORMS_GROUP, 1, 'Aliases for the transformations to be applied to records.'),
  frameworkKey(TOPICS_CONFIG, 'LIST', '', COMMON_GROUP, 4, 'List of topics to consume, separated by commas'),
  frameworkKey(TOPICS_REGEX_CONFIG, 'STRING', '', COMMON_GROUP, 4, 'Regular expression giving topics to consume.'),
  frameworkKey(
    ERRORS_TOLERANCE_CONFIG,
    'STRING',
    'none',
    ERROR_GROUP,
    3,
    "Behavior for tolerating errors during connector operation. 'none' is the default value and signals that any error will result in an immediate connector task failure; 'all' changes the behavior to skip over problematic records.",
  ),
  frameworkKey(
    ERRORS_LOG_ENABLE_CONFIG,
    'BOOLEAN',
    'false',
    ERROR_GROUP,
    4,
    'If true, write each error and the details of the failed operation and problematic record to the Connect application log.',
  ),
  frameworkKey(
    ERRORS_LOG_INCLUDE_MESSAGES_CONFIG,
    'BOOLEAN',
    'false',
    ERROR_GROUP,
    5,
    'Whether to include in the log the Connect record that resulted in a failure.',
  ),
  frameworkKey(
    DLQ_TOPIC_NAME_CONFIG,
    'STRING',
    '',
    ERROR_GROUP,
    6,
    'The name of the topic to be used as the dead letter queue (DLQ) for messages that result in an error when processed by this sink connector, or its transformations or converters.',
  ),
  frameworkKey(
    DLQ_CONTEXT_HEADERS_ENABLE_CONFIG,
    'BOOLEAN',
    'false',
    ERROR_GROUP,
    8,
    'If true, add headers containing error context to the messages written to the dead letter queue.',
  ),
];
