// Keys the worker owns (SinkConnectorConfig / ConnectorConfig): the plugin accepts them untouched.

const EXACT = new Set([
  'name',
  'connector.class',
  'tasks.max',
  'topics',
  'topics.regex',
  'key.converter',
  'value.converter',
  'header.converter',
  'transforms',
  'predicates',
  'config.action.reload',
  // Added by the worker to each task's config (TaskConfig.TASK_CLASS_CONFIG).
  'task.class',
]);

const PREFIXES = [
  'errors.',
  'transforms.',
  'predicates.',
  'key.converter.',
  'value.converter.',
  'header.converter.',
  'consumer.override.',
  'admin.override.',
];

export function isFrameworkKey(key: string): boolean {
  return EXACT.has(key) || PREFIXES.some((prefix) => key.startsWith(prefix));
}
