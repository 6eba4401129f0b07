import { Inject, Injectable, Logger } from '@nestjs/common';
import type { StockEvent } from '@kafka-sync/contracts';
import { CATALOG_CONFIG } from '../config/config.module';
import type { CatalogConfig } from '../config/catalog-config';
import { DecisionQueue, type PublishDecisions, type PublishFailure } from './decision-queue';
import { DATABASE_RETRY, withRetry } from './retry';
import { StockLedger, type ApplyOutcome } from './stock-ledger';

/**
 * Runs stock events through the ledger, config.eventsPerTransaction per transaction, retrying
 * database errors with backoff, and publishes each transaction's decisions once it committed.
 */
@Injectable()
export class StockApplier {
  private readonly logger = new Logger(StockApplier.name);

  constructor(
    @Inject(CATALOG_CONFIG) private readonly config: CatalogConfig,
    private readonly ledger: StockLedger,
  ) {}

  /**
   * Applies `events` in order. A transaction that fails is retried (DATABASE_RETRY) while
   * `keepTrying()` says so (a stopping consumer gives up at once); if it still fails, the error is
   * thrown and the events from that transaction on are left for the redelivery. Each committed
   * transaction's stored decisions (one per event, a duplicate's being the one taken back then)
   * go to `publish` right after its commit, never before. This resolves only once the broker
   * acknowledged them all, and throws if a send failed, so that the caller commits offsets only
   * for events whose decisions are out.
   */
  async apply(events: StockEvent[], keepTrying: () => boolean, publish: PublishDecisions): Promise<void> {
    const runner = this.ledger.connection();
    // Sent while the next transactions run; awaited once they are done.
    const decisions = new DecisionQueue(publish);
    let failure: PublishFailure = null;
    try {
      for (let i = 0; i < events.length; i += this.config.eventsPerTransaction) {
        const group = events.slice(i, i + this.config.eventsPerTransaction);
        const outcomes = await withRetry(
          () => this.ledger.applyInTransaction(runner, group),
          DATABASE_RETRY,
          (error, attempt, nextDelayMs) =>
            this.logger.warn(
              `applying order ${group[0].orderId}${group.length > 1 ? ` (+${group.length - 1})` : ''} failed (attempt ${attempt}/${DATABASE_RETRY.attempts}): ${error.message}; ` +
                (nextDelayMs === null
                  ? 'giving up on this batch: nothing committed, it will be redelivered'
                  : `retrying in ${nextDelayMs} ms`),
            ),
          keepTrying,
        );
        outcomes.forEach((outcome, index) => this.report(group[index], outcome));
        decisions.add(outcomes.map((outcome) => outcome.stored));
      }
    } catch (error) {
      failure = { error };
    } finally {
      await runner.release();
    }
    // Even when a later transaction failed, what committed is published before the error goes up.
    const published = await decisions.settled();
    failure ??= published;
    if (failure) throw failure.error;
  }

  private report(event: StockEvent, outcome: ApplyOutcome): void {
    if (outcome.kind === 'rejected') this.logger.warn(`order ${event.orderId} rejected: ${outcome.stored.reason}`);
    else if (outcome.kind === 'duplicate')
      this.logger.debug?.(
        `order ${event.orderId} was already processed (${outcome.stored.outcome}); its stored decision is published again`,
      );
  }
}
