import type { StoredDecision } from './stock-ledger';

/** Sends decisions on order-status; resolves once the broker acknowledged them. */
export type PublishDecisions = (decisions: StoredDecision[]) => Promise<void>;

/** How publishing went: null when every send was acknowledged, else the first failure. */
export type PublishFailure = { error: unknown } | null;

/**
 * The order-status publications of one handler call. Decisions are handed over as their
 * transaction commits and sent at once, unless a send is still waiting for the broker: those
 * committed meanwhile gather and go together in the next send. So a decision leaves right after
 * its commit without costing each transaction a produce round trip (the producer has one request
 * in flight; one send per transaction took the events/s from about 1,100 to 670).
 */
export class DecisionQueue {
  private pending: StoredDecision[] = [];
  private sending: Promise<void> | null = null;
  private failure: PublishFailure = null;

  constructor(private readonly publish: PublishDecisions) {}

  /** Queues the decisions of a committed transaction (never of one that might still roll back). */
  add(decisions: StoredDecision[]): void {
    // After a failure the batch is redelivered anyway, and its events publish their decisions then.
    if (this.failure || decisions.length === 0) return;
    this.pending.push(...decisions);
    if (!this.sending) this.sending = this.drain();
  }

  /** Waits until everything queued was acknowledged, or a send failed (the failure is returned, not thrown). */
  async settled(): Promise<PublishFailure> {
    while (this.sending) await this.sending;
    return this.failure;
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0 && !this.failure) {
      const batch = this.pending;
      this.pending = [];
      try {
        await this.publish(batch);
      } catch (error) {
        this.failure = { error };
      }
    }
    this.pending = [];
    this.sending = null;
  }
}
