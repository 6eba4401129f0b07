import type { ConfigKey } from '../connect-api/config-key';
import {
  COMMON_GROUP,
  ERROR_GROUP,
  FRAMEWORK_BOOLEAN_KEYS,
  FRAMEWORK_CONFIG_KEYS,
  frameworkKey,
  isUnimplementedFrameworkKey,
  MAX_POLL_RECORDS_OVERRIDE,
  SINK_ONLY_KEYS,
  withoutFrameworkKeys,
} from '../connect-api/connector-config';
import type { ConnectorConfig, ConnectorPlugin } from '../connect-api/connector-plugin';
import { findPlugin } from '../plugins/registry';
import { findTransform } from '../transforms';
import { missing, parseList } from '../transforms/transform-definition';
import { resolveConverterClass } from '../worker/converters';
import { transformConfig } from '../worker/framework-settings';
import { javaMapString } from '../worker/java-style';
import { badRequest, ConnectRestError } from '../rest/rest-error';

/** Connect's ConfigKeyInfo + ConfigValueInfo, as the validate endpoint prints them. */
export interface ConfigInfo {
  definition: {
    name: string;
    type: string;
    required: boolean;
    default_value: string | null;
    importance: string;
    documentation: string;
    group: string | null;
    width: string;
    display_name: string;
    dependents: string[];
    order: number;
  };
  value: { name: string; value: string | null; recommended_values: string[]; errors: string[]; visible: boolean };
}

export interface ConfigInfos {
  name: string;
  error_count: number;
  groups: string[];
  configs: ConfigInfo[];
}

export interface ValidatedConfig {
  plugin: ConnectorPlugin;
  infos: ConfigInfos;
}

function add(errors: Record<string, string[]>, name: string, message: string): void {
  (errors[name] ??= []).push(message);
}

function frameworkErrors(
  config: ConnectorConfig,
  type: ConnectorPlugin['type'],
): { errors: Record<string, string[]>; transformKeys: ConfigKey[] } {
  const errors: Record<string, string[]> = {};
  if (config.name === undefined) add(errors, 'name', missing('name'));
  const tasksMax = config['tasks.max'];
  if (tasksMax !== undefined) {
    const n = Number(tasksMax.trim());
    if (tasksMax.trim() === '' || !Number.isInteger(n) || n > 2147483647 || n < -2147483648)
      add(errors, 'tasks.max', `Invalid value ${tasksMax} for configuration tasks.max: Not a number of type INT`);
    else if (n < 1) add(errors, 'tasks.max', `Invalid value ${n} for configuration tasks.max: Value must be at least 1`);
  }
  const maxPollRecords = config[MAX_POLL_RECORDS_OVERRIDE];
  if (maxPollRecords !== undefined) {
    const n = Number(maxPollRecords.trim());
    if (maxPollRecords.trim() === '' || !Number.isInteger(n) || n > 2147483647 || n < -2147483648) {
      add(
        errors,
        MAX_POLL_RECORDS_OVERRIDE,
        `Invalid value ${maxPollRecords} for configuration max.poll.records: Not a number of type INT`,
      );
    } else if (n < 1) {
      add(errors, MAX_POLL_RECORDS_OVERRIDE, `Invalid value ${n} for configuration max.poll.records: Value must be at least 1`);
    }
  }
  for (const name of Object.keys(config).filter(isUnimplementedFrameworkKey)) {
    add(
      errors,
      name,
      `Configuration '${name}' is not implemented by this worker (of the consumer overrides, only ${MAX_POLL_RECORDS_OVERRIDE} is)`,
    );
  }
  for (const name of ['key.converter', 'value.converter']) {
    const value = config[name];
    if (value !== undefined && resolveConverterClass(value) === null)
      add(errors, name, `Invalid value ${value} for configuration ${name}: Class ${value} could not be found.`);
  }
  for (const name of FRAMEWORK_BOOLEAN_KEYS) {
    const value = config[name];
    if (value !== undefined && !['true', 'false'].includes(value.trim().toLowerCase()))
      add(errors, name, `Invalid value ${value} for configuration ${name}: Expected value to be either true or false`);
  }
  const tolerance = config['errors.tolerance'];
  if (tolerance !== undefined && !['none', 'all'].includes(tolerance.trim().toLowerCase())) {
    add(
      errors,
      'errors.tolerance',
      `Invalid value ${tolerance} for configuration errors.tolerance: String must be one of (case insensitive): NONE, ALL`,
    );
  }

  if (type === 'sink') sinkErrors(config, errors);
  return { errors, transformKeys: transformKeysOf(config, errors) };
}

/** SinkConnectorConfig.validate: topics or topics.regex, and a DLQ topic outside them. */
function sinkErrors(config: ConnectorConfig, errors: Record<string, string[]>): void {
  const topics = parseList(config.topics).filter(Boolean);
  const regex = (config['topics.regex'] ?? '').trim();
  if (topics.length > 0 && regex) {
    const message = 'topics and topics.regex are mutually exclusive options, but both are set.';
    add(errors, 'topics', message);
    add(errors, 'topics.regex', message);
  } else if (topics.length === 0 && !regex) {
    const message = 'Must configure one of topics or topics.regex';
    add(errors, 'topics', message);
    add(errors, 'topics.regex', message);
  }
  let compiled: RegExp | null = null;
  if (regex) {
    try {
      compiled = new RegExp(`^(?:${regex})$`);
    } catch (error) {
      add(errors, 'topics.regex', `Invalid value ${regex} for configuration topics.regex: ${(error as Error).message}`);
    }
  }
  const dlq = (config['errors.deadletterqueue.topic.name'] ?? '').trim();
  if (dlq) {
    if (topics.includes(dlq)) {
      add(
        errors,
        'errors.deadletterqueue.topic.name',
        `The DLQ topic '${dlq}' may not be included in the list of topics ('topics=${config.topics}') consumed by the connector`,
      );
    } else if (compiled?.test(dlq)) {
      add(
        errors,
        'errors.deadletterqueue.topic.name',
        `The DLQ topic '${dlq}' may not be included in the regex matching the topics ('topics.regex=${regex}') consumed by the connector`,
      );
    }
  }
}

/** transforms.<alias>.type and the transform's own keys (their errors added to `errors`). */
function transformKeysOf(config: ConnectorConfig, errors: Record<string, string[]>): ConfigKey[] {
  const transformKeys: ConfigKey[] = [];
  parseList(config.transforms)
    .filter(Boolean)
    .forEach((alias, index) => {
      const prefix = `transforms.${alias}.`;
      const typeName = `${prefix}type`;
      transformKeys.push({
        ...frameworkKey(
          typeName,
          'CLASS',
          null,
          `Transforms: ${alias}`,
          index * 100,
          "Class for the '" + alias + "' transformation.",
          true,
        ),
      });
      const type = config[typeName];
      if (type === undefined) return add(errors, typeName, missing(typeName));
      const definition = findTransform(type);
      if (!definition)
        return add(errors, typeName, `Invalid value ${type} for configuration ${typeName}: Class ${type} could not be found.`);
      definition.configKeys().forEach((k, i) =>
        transformKeys.push({
          ...k,
          name: `${prefix}${k.name}`,
          displayName: `${prefix}${k.name}`,
          group: `Transforms: ${alias}`,
          order: index * 100 + i + 1,
        }),
      );
      for (const [name, messages] of Object.entries(definition.validate(transformConfig(config, alias)))) {
        for (const m of messages)
          add(
            errors,
            `${prefix}${name}`,
            m.replace(`"${name}"`, `"${prefix}${name}"`).replace(`configuration ${name}:`, `configuration ${prefix}${name}:`),
          );
      }
    });
  return transformKeys;
}

/** Resolves connector.class; Connect's errors for a missing or unknown class. */
export function resolvePlugin(plugins: readonly ConnectorPlugin[], config: ConnectorConfig): ConnectorPlugin {
  const className = config['connector.class'];
  if (className === undefined || className.trim() === '')
    throw badRequest(`Connector config ${javaMapString(config)} contains no connector type`);
  const plugin = findPlugin(plugins, className);
  if (!plugin) {
    throw new ConnectRestError(
      500,
      `Failed to find any class that implements Connector and which name matches ${className}, available connectors are: ${plugins.map((p) => `PluginDesc{klass=class ${p.className}, name='${p.className}', version='${p.version}', type=${p.type}}`).join(', ')}`,
    );
  }
  return plugin;
}

/**
 * AbstractHerder.validateConnectorConfig: framework keys, transform keys and the plugin's own
 * keys, each with its value and errors; `error_count` counts every message.
 */
export function validateConnectorConfig(plugins: readonly ConnectorPlugin[], config: ConnectorConfig): ValidatedConfig {
  const plugin = resolvePlugin(plugins, config);
  const { errors, transformKeys } = frameworkErrors(config, plugin.type);
  const pluginErrors = plugin.validate(withoutFrameworkKeys(config));
  for (const [name, messages] of Object.entries(pluginErrors)) for (const m of messages) add(errors, name, m);

  // SourceConnectorConfig has neither the topics to consume nor a dead letter queue.
  const framework = plugin.type === 'sink' ? FRAMEWORK_CONFIG_KEYS : FRAMEWORK_CONFIG_KEYS.filter((k) => !SINK_ONLY_KEYS.includes(k.name));
  const keys = [...framework, ...transformKeys, ...plugin.configKeys()];
  const seen = new Set(keys.map((k) => k.name));
  // Errors for keys no definition lists (a plugin may report those): still shown and counted.
  for (const name of Object.keys(errors))
    if (!seen.has(name))
      keys.push({ ...frameworkKey(name, 'STRING', null, plugin.configKeys()[0]?.group ?? COMMON_GROUP, -1, ''), required: false });

  const configs: ConfigInfo[] = keys.map((k) => ({
    definition: {
      name: k.name,
      type: k.type,
      required: k.required,
      default_value: k.defaultValue,
      importance: k.importance,
      documentation: k.documentation,
      group: k.group,
      width: k.width,
      display_name: k.displayName,
      dependents: k.dependents,
      order: k.order,
    },
    value: { name: k.name, value: config[k.name] ?? k.defaultValue, recommended_values: [], errors: errors[k.name] ?? [], visible: true },
  }));
  const groups: string[] = [];
  for (const k of keys) if (k.group && !groups.includes(k.group)) groups.push(k.group);
  if (!groups.includes(ERROR_GROUP)) groups.push(ERROR_GROUP);
  const errorCount = configs.reduce((n, c) => n + c.value.errors.length, 0);
  return { plugin, infos: { name: config['connector.class'], error_count: errorCount, groups, configs } };
}

/** The 400 text Connect answers for an invalid config on create/update (ConnectorsResource). */
export function invalidConfigMessage(infos: ConfigInfos): string {
  const lines = infos.configs.flatMap((c) => c.value.errors);
  return (
    `Connector configuration is invalid and contains the following ${infos.error_count} error(s):\n` +
    lines.map((l) => `${l}\n`).join('') +
    'You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`'
  );
}
