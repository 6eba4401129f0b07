import { BaseRpcContext } from '@nestjs/microservices';
import type { Producer } from 'kafkajs';

type KafkaBatchContextArgs = [topic: string, partition: number, producer: Producer, isRunning: () => boolean];

/** What a KafkaBatchServer handler gets besides its records (`@Ctx()`): where they come from, and the server's producer. */
export class KafkaBatchContext extends BaseRpcContext<KafkaBatchContextArgs> {
  getTopic(): string {
    return this.args[0];
  }

  getPartition(): number {
    return this.args[1];
  }

  /** Connected before consumption starts and disconnected only after the consumer stopped, so sends from a handler in flight get through. */
  getProducer(): Producer {
    return this.args[2];
  }

  /** False once the server is closing or the consumer stopped: a handler waiting to retry should give up instead. */
  isRunning(): boolean {
    return this.args[3]();
  }
}
