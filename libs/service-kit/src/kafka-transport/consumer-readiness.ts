import type { LoggerService } from '@nestjs/common';
import type { Consumer } from 'kafkajs';

export interface ConsumerState {
  ok: boolean;
  detail: string;
}

/** Follows a kafkajs consumer's group membership for readiness: joined, not (yet) joined, or given up after an error. */
export class ConsumerReadiness {
  private joined = false;
  private failed: string | null = null;

  constructor(consumer: Consumer, logger: LoggerService) {
    const { GROUP_JOIN, CRASH, STOP } = consumer.events;
    consumer.on(GROUP_JOIN, () => {
      this.joined = true;
      this.failed = null;
    });
    consumer.on(CRASH, ({ payload }) => {
      this.joined = false;
      if (!payload.restart) this.failed = payload.error.message;
      logger.error(`consumer crashed (${payload.restart ? 'restarting' : 'not restarting'}): ${payload.error.message}`);
    });
    consumer.on(STOP, () => (this.joined = false));
  }

  state(): ConsumerState {
    if (this.failed) return { ok: false, detail: `the consumer stopped after an error: ${this.failed}` };
    return this.joined ? { ok: true, detail: 'joined' } : { ok: false, detail: 'the consumer has not joined its group' };
  }
}
