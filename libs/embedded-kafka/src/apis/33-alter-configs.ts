import type { ApiHandler } from './api';
import { alterResource, type AlterConfigsResourceResponse } from './alter-configs-resource';

interface AlterConfigsRequest {
  resources: Array<{ resourceType: number; resourceName: string; configs: Array<{ name: string; value: string | null }> }>;
  validateOnly: boolean;
}

/** AlterConfigs v0-v2 (the legacy API): a topic's overrides are REPLACED by the ones given. */
export const alterConfigs: ApiHandler<AlterConfigsRequest, { responses: AlterConfigsResourceResponse[] }> = {
  key: 33,
  name: 'AlterConfigs',
  minVersion: 0,
  maxVersion: 2,
  handle(request, { broker }) {
    return {
      responses: request.resources.map(({ resourceType, resourceName, configs }) =>
        alterResource(broker, resourceType, resourceName, () => {
          const replacement = Object.fromEntries(configs.filter((c) => c.value !== null).map((c) => [c.name, c.value as string]));
          broker.topics.replaceConfigs(resourceName, replacement, request.validateOnly);
        }),
      ),
    };
  },
};
