import { ErrorCode } from '../protocol/error-codes';
import type { BrokerContext } from '../server/broker-context';
import { TopicError } from '../storage/topic-store';
import { RESOURCE_TYPE } from './config-source';

export interface AlterConfigsResourceResponse {
  errorCode: number;
  errorMessage: string | null;
  resourceType: number;
  resourceName: string;
}

/**
 * The answer for one resource of AlterConfigs / IncrementalAlterConfigs: topics are altered by
 * `alter` (all changes or none, validated first); the broker's own settings are fixed at start.
 */
export function alterResource(
  broker: BrokerContext,
  resourceType: number,
  resourceName: string,
  alter: () => void,
): AlterConfigsResourceResponse {
  const answer = (errorCode: number, errorMessage: string | null = null) => ({ errorCode, errorMessage, resourceType, resourceName });
  if (resourceType === RESOURCE_TYPE.broker)
    return answer(ErrorCode.INVALID_REQUEST, 'The broker settings are fixed at start: dynamic broker configs are not implemented');
  if (resourceType !== RESOURCE_TYPE.topic) return answer(ErrorCode.INVALID_REQUEST, `Unsupported resource type ${resourceType}`);
  if (!broker.topics.get(resourceName)) return answer(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `The topic '${resourceName}' does not exist.`);
  try {
    alter();
    return answer(ErrorCode.NONE);
  } catch (error) {
    if (error instanceof TopicError) return answer(error.errorCode, error.message);
    throw error;
  }
}
