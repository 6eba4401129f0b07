/**
 * A source task's stop flag and the wait between its polls, in one: `sleep()` ends early once
 * `stop()` is called, so a poll that is waiting for data never holds up the task's shutdown.
 */
export class StopSignal {
  private stoppedFlag = false;
  private waiting: { timer: NodeJS.Timeout; resolve: () => void } | null = null;

  get stopped(): boolean {
    return this.stoppedFlag;
  }

  /** Resolves after `ms`, or at once when stopped (now or during the wait). */
  sleep(ms: number): Promise<void> {
    if (this.stoppedFlag) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.waiting = { timer: setTimeout(resolve, ms), resolve };
    }).then(() => void (this.waiting = null));
  }

  stop(): void {
    this.stoppedFlag = true;
    if (this.waiting) {
      clearTimeout(this.waiting.timer);
      this.waiting.resolve();
    }
  }
}
