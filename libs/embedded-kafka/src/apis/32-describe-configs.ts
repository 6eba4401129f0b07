import { ErrorCode } from '../protocol/error-codes';
import type { BrokerContext } from '../server/broker-context';
import type { TopicConfigEntry } from '../storage/topic-store';
import type { ApiHandler } from './api';
import { brokerConfigEntries, SERVER_SYNONYMS } from './broker-configs';
import { CONFIG_SOURCE, CONFIG_TYPE, RESOURCE_TYPE } from './config-source';

interface DescribeConfigsRequest {
  resources: Array<{ resourceType: number; resourceName: string; configurationKeys: string[] | null }>;
  includeSynonyms: boolean;
  includeDocumentation: boolean;
}

interface DescribedConfig {
  name: string;
  value: string | null;
  readOnly: boolean;
  isDefault: boolean;
  configSource: number;
  isSensitive: boolean;
  synonyms: Array<{ name: string; value: string | null; source: number }>;
  configType: number;
  documentation: string | null;
}

interface DescribeConfigsResult {
  errorCode: number;
  errorMessage: string | null;
  resourceType: number;
  resourceName: string;
  configs: DescribedConfig[];
}

/**
 * Where the value could come from, in order of precedence, as Kafka's ConfigHelper lists them: the
 * topic's own setting if any, then the broker config it falls back to (DEFAULT_CONFIG: this
 * broker's settings are fixed at start).
 */
function synonymsOf(entry: TopicConfigEntry): DescribedConfig['synonyms'] {
  const synonyms: DescribedConfig['synonyms'] = [];
  if (entry.source === 'topic') synonyms.push({ name: entry.name, value: entry.value, source: CONFIG_SOURCE.topic });
  const server = SERVER_SYNONYMS[entry.name] ?? (entry.readOnly ? entry.name : undefined);
  if (server) synonyms.push({ name: server, value: entry.defaultValue, source: CONFIG_SOURCE.default });
  return synonyms;
}

function describe(entries: TopicConfigEntry[], request: DescribeConfigsRequest, keys: string[] | null): DescribedConfig[] {
  const wanted = keys && keys.length > 0 ? new Set(keys) : null;
  return entries
    .filter((entry) => !wanted || wanted.has(entry.name))
    .map((entry) => {
      const configSource = CONFIG_SOURCE[entry.source];
      return {
        name: entry.name,
        value: entry.value,
        readOnly: entry.readOnly,
        isDefault: entry.source === 'default',
        configSource,
        isSensitive: false,
        synonyms: request.includeSynonyms ? synonymsOf(entry) : [],
        configType: CONFIG_TYPE[entry.type],
        documentation: request.includeDocumentation ? (entry.documentation ?? null) : null,
      };
    });
}

function describeResource(broker: BrokerContext, request: DescribeConfigsRequest, resource: DescribeConfigsRequest['resources'][number]) {
  const { resourceType, resourceName, configurationKeys } = resource;
  const result = (errorCode: number, errorMessage: string | null, configs: DescribedConfig[] = []): DescribeConfigsResult => ({
    errorCode,
    errorMessage,
    resourceType,
    resourceName,
    configs,
  });
  if (resourceType === RESOURCE_TYPE.topic) {
    if (!broker.topics.get(resourceName))
      return result(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `The topic '${resourceName}' does not exist.`);
    return result(ErrorCode.NONE, null, describe(broker.topics.describeConfigs(resourceName), request, configurationKeys));
  }
  if (resourceType === RESOURCE_TYPE.broker) {
    if (resourceName !== '' && resourceName !== String(broker.nodeId))
      return result(
        ErrorCode.INVALID_REQUEST,
        `Unexpected broker id, expected ${broker.nodeId} or empty string, but received ${resourceName}`,
      );
    return result(ErrorCode.NONE, null, describe(brokerConfigEntries(broker), request, configurationKeys));
  }
  return result(ErrorCode.INVALID_REQUEST, `Unsupported resource type ${resourceType}: this broker describes topics and brokers`);
}

/**
 * DescribeConfigs v0-v4: every config of a topic (with its source: set on the topic, or the
 * broker's default) or of the broker (its settings under Kafka's names, all read-only).
 * `kafka-topics --describe` shows the ones set on the topic.
 */
export const describeConfigs: ApiHandler<DescribeConfigsRequest, { results: DescribeConfigsResult[] }> = {
  key: 32,
  name: 'DescribeConfigs',
  minVersion: 0,
  maxVersion: 4,
  handle(request, { broker }) {
    return { results: request.resources.map((resource) => describeResource(broker, request, resource)) };
  },
};
