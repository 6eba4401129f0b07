import { ErrorCode } from '../protocol/error-codes';
import { TopicError } from '../storage/topic-store';
import type { ApiHandler } from './api';
import { alterResource, type AlterConfigsResourceResponse } from './alter-configs-resource';

interface IncrementalAlterConfigsRequest {
  resources: Array<{
    resourceType: number;
    resourceName: string;
    configs: Array<{ name: string; configOperation: number; value: string | null }>;
  }>;
  validateOnly: boolean;
}

/** Kafka's AlterConfigOp.OpType codes. */
const OPERATIONS = ['set', 'delete', 'append', 'subtract'] as const;

/** IncrementalAlterConfigs v0-v1: set, delete, append to or subtract from a topic's configs, all or none. */
export const incrementalAlterConfigs: ApiHandler<IncrementalAlterConfigsRequest, { responses: AlterConfigsResourceResponse[] }> = {
  key: 44,
  name: 'IncrementalAlterConfigs',
  minVersion: 0,
  maxVersion: 1,
  handle(request, { broker }) {
    return {
      responses: request.resources.map(({ resourceType, resourceName, configs }) =>
        alterResource(broker, resourceType, resourceName, () => {
          const changes = configs.map(({ name, configOperation, value }) => {
            const op = OPERATIONS[configOperation];
            if (!op) throw new TopicError(ErrorCode.INVALID_REQUEST, `Unknown config operation ${configOperation} for ${name}`);
            return { name, op, value };
          });
          broker.topics.alterConfigs(resourceName, changes, request.validateOnly);
        }),
      ),
    };
  },
};
