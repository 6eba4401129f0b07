import { EventEmitter } from 'node:events';
import type { BrokerConfig } from '../config';
import type { GroupCoordinator } from '../groups/group-coordinator';
import type { Logger } from '../logger';
import { ErrorCode } from '../protocol/error-codes';
import type { OffsetStore } from '../storage/offset-store';
import type { ProducerIdAllocator } from '../storage/producer-ids';
import { TopicError, type Topic, type TopicStore } from '../storage/topic-store';

/** Everything a request handler may touch: the stores, the coordinator and the broker's identity. */
export class BrokerContext {
  readonly nodeId = 0;
  /** Emits 'append' after records land in any partition, waking long-polling fetches. */
  readonly appends = new EventEmitter().setMaxListeners(0);

  constructor(
    readonly config: BrokerConfig,
    readonly clusterId: string,
    readonly topics: TopicStore,
    readonly offsets: OffsetStore,
    readonly groups: GroupCoordinator,
    readonly producerIds: ProducerIdAllocator,
    readonly logger: Logger,
    public advertisedHost: string,
    public advertisedPort: number,
  ) {}

  /** The topic, auto-created when allowed; otherwise the error code a client should see. */
  topicOrCreate(name: string, allowAutoCreate: boolean): Topic | number {
    const existing = this.topics.get(name);
    if (existing) return existing;
    if (!allowAutoCreate || !this.config.autoCreateTopics) return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    try {
      return this.topics.create(name, this.config.defaultPartitions);
    } catch (error) {
      if (error instanceof TopicError) return error.errorCode;
      throw error;
    }
  }

  deleteTopic(name: string): void {
    this.topics.delete(name);
    this.offsets.deleteTopic(name);
  }
}
