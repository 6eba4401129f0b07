import { Controller, UseFilters } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CATALOG_TOPIC, parseStockEvent, type StockEvent } from '@kafka-sync/contracts';
import { KafkaBatchContext, KafkaBatchErrorFilter } from '@kafka-sync/service-kit';
import type { KafkaMessage } from 'kafkajs';
import { sendToDeadLetterTopic, type DeadRecord } from './dead-letters';
import { publishOrderDecisions } from './order-decisions';
import { StockApplier } from './stock-applier';

/**
 * Applies each stock event exactly once and publishes its order's decision on order-status.
 * StockEventsServer delivers the records a chunk at a time and commits their offsets only once
 * this handler resolved: after the records that are not stock events were acknowledged on the
 * dead-letter topic, the transactions of the others committed, and then their decisions were
 * acknowledged on order-status. Any error (a database error that outlasted its retries, a failed
 * publication) commits nothing, so the chunk is redelivered; nothing is skipped. A redelivered
 * event is a duplicate for the ledger, which hands back the decision stored the first time: that
 * one is published again, never a second one.
 */
@Controller()
@UseFilters(KafkaBatchErrorFilter)
export class StockEventsController {
  constructor(private readonly applier: StockApplier) {}

  @EventPattern(CATALOG_TOPIC)
  async onStockEvents(@Payload() records: KafkaMessage[], @Ctx() context: KafkaBatchContext): Promise<void> {
    const events: StockEvent[] = [];
    const dead: DeadRecord[] = [];
    for (const message of records) {
      const parsed = parseStockEvent(message.value);
      if (parsed.ok) events.push(parsed.event);
      else dead.push({ message, reason: parsed.reason });
    }
    if (dead.length > 0) await sendToDeadLetterTopic(context, dead);
    if (events.length > 0)
      await this.applier.apply(
        events,
        () => context.isRunning(),
        (committed) => publishOrderDecisions(context, committed),
      );
  }
}
