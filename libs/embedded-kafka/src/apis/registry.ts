import type { ApiHandler } from './api';
import { produce } from './00-produce';
import { fetch } from './01-fetch';
import { listOffsets } from './02-list-offsets';
import { metadata } from './03-metadata';
import { offsetCommit } from './08-offset-commit';
import { offsetFetch } from './09-offset-fetch';
import { findCoordinator } from './10-find-coordinator';
import { joinGroup } from './11-join-group';
import { heartbeat } from './12-heartbeat';
import { leaveGroup } from './13-leave-group';
import { syncGroup } from './14-sync-group';
import { describeGroups } from './15-describe-groups';
import { listGroups } from './16-list-groups';
import { apiVersionsHandler } from './18-api-versions';
import { createTopics } from './19-create-topics';
import { deleteTopics } from './20-delete-topics';
import { initProducerId } from './22-init-producer-id';
import { deleteRecords } from './21-delete-records';
import { describeConfigs } from './32-describe-configs';
import { alterConfigs } from './33-alter-configs';
import { describeLogDirs } from './35-describe-log-dirs';
import { createPartitions } from './37-create-partitions';
import { deleteGroups } from './42-delete-groups';
import { incrementalAlterConfigs } from './44-incremental-alter-configs';
import { offsetDelete } from './47-offset-delete';
import { describeCluster } from './60-describe-cluster';

/** Every API this broker speaks, by key. ApiVersions advertises exactly these ranges. */
export function createApiRegistry(): ReadonlyMap<number, ApiHandler> {
  const handlers = new Map<number, ApiHandler<never, unknown>>();
  const apis = [
    produce,
    fetch,
    listOffsets,
    metadata,
    offsetCommit,
    offsetFetch,
    findCoordinator,
    joinGroup,
    heartbeat,
    leaveGroup,
    syncGroup,
    describeGroups,
    listGroups,
    apiVersionsHandler(() => handlers),
    createTopics,
    deleteTopics,
    deleteRecords,
    initProducerId,
    describeConfigs,
    alterConfigs,
    describeLogDirs,
    createPartitions,
    deleteGroups,
    incrementalAlterConfigs,
    offsetDelete,
    describeCluster,
  ];
  for (const api of apis) handlers.set(api.key, api);
  return handlers;
}
