import { Kafka, logLevel, type Admin } from 'kafkajs';

/** Committed offsets of a consumer group against the end of a topic, read with a kafkajs admin. */
export class GroupOffsets {
  private readonly admin: Admin;

  constructor(bootstrap: string) {
    this.admin = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING }).admin();
  }

  connect(): Promise<void> {
    return this.admin.connect();
  }

  /** Per partition: the group's committed offset (-1 for none) and the topic's end (the next offset to be written). */
  async of(groupId: string, topic: string): Promise<Array<{ partition: number; committed: number; end: number }>> {
    const [ends, [committed]] = await Promise.all([
      this.admin.fetchTopicOffsets(topic),
      this.admin.fetchOffsets({ groupId, topics: [topic] }),
    ]);
    return ends.map(({ partition, high }) => ({
      partition,
      committed: Number(committed.partitions.find((p) => p.partition === partition)?.offset ?? -1),
      end: Number(high),
    }));
  }

  /** True once the group committed everything written to `topic` so far. */
  async caughtUp(groupId: string, topic: string): Promise<boolean> {
    return (await this.of(groupId, topic)).every((p) => Math.max(p.committed, 0) === p.end);
  }

  disconnect(): Promise<void> {
    return this.admin.disconnect();
  }
}
