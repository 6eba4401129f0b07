import {
  DLQ_CONTEXT_HEADERS_ENABLE_CONFIG,
  DLQ_TOPIC_NAME_CONFIG,
  ERRORS_LOG_ENABLE_CONFIG,
  ERRORS_LOG_INCLUDE_MESSAGES_CONFIG,
  ERRORS_TOLERANCE_CONFIG,
  MAX_POLL_RECORDS_OVERRIDE,
  TASKS_MAX_CONFIG,
  TOPICS_CONFIG,
  TOPICS_REGEX_CONFIG,
  TRANSFORMS_CONFIG,
  TRANSFORMS_PREFIX,
} from '../connect-api/connector-config';
import type { ConnectorConfig } from '../connect-api/connector-plugin';
import { parseList } from '../transforms/transform-definition';

/** Parsed framework settings of a valid config. */
export interface FrameworkSettings {
  tasksMax: number;
  topics: string[];
  topicsRegex: RegExp | null;
  tolerance: 'none' | 'all';
  logErrors: boolean;
  logIncludeMessages: boolean;
  dlqTopic: string;
  dlqContextHeaders: boolean;
  transformAliases: string[];
  /** consumer.override.max.poll.records; null: the worker's default. */
  maxPollRecords: number | null;
}

export function frameworkSettings(config: ConnectorConfig): FrameworkSettings {
  const bool = (name: string) => (config[name] ?? 'false').trim().toLowerCase() === 'true';
  const regex = config[TOPICS_REGEX_CONFIG]?.trim();
  return {
    tasksMax: Number(config[TASKS_MAX_CONFIG] ?? '1'),
    topics: parseList(config[TOPICS_CONFIG]).filter(Boolean),
    topicsRegex: regex ? new RegExp(`^(?:${regex})$`) : null,
    tolerance: (config[ERRORS_TOLERANCE_CONFIG] ?? 'none').trim().toLowerCase() === 'all' ? 'all' : 'none',
    logErrors: bool(ERRORS_LOG_ENABLE_CONFIG),
    logIncludeMessages: bool(ERRORS_LOG_INCLUDE_MESSAGES_CONFIG),
    dlqTopic: (config[DLQ_TOPIC_NAME_CONFIG] ?? '').trim(),
    dlqContextHeaders: bool(DLQ_CONTEXT_HEADERS_ENABLE_CONFIG),
    transformAliases: parseList(config[TRANSFORMS_CONFIG]).filter(Boolean),
    maxPollRecords: config[MAX_POLL_RECORDS_OVERRIDE] === undefined ? null : Number(config[MAX_POLL_RECORDS_OVERRIDE].trim()),
  };
}

/** `transforms.<alias>.` sub-config, prefix stripped (the transform's own config). */
export function transformConfig(config: ConnectorConfig, alias: string): Record<string, string> {
  const prefix = `${TRANSFORMS_PREFIX}${alias}.`;
  return Object.fromEntries(
    Object.entries(config)
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, v]) => [k.slice(prefix.length), v]),
  );
}
