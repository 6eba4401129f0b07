/**
 * One route's upstream instances: hands out attempt orders in round robin and remembers which
 * instances refused a connection lately, so a dead instance costs one refused connect per down
 * period instead of one per request.
 */
export class UpstreamGroup {
  private next = 0;
  private readonly downUntil = new Map<string, number>();

  constructor(
    readonly service: string,
    readonly origins: readonly string[],
    private readonly downMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The instances to try for one request, each at most once: the round-robin pick first, then the
   * others in ring order, instances marked down after all the up ones. Down ones stay in the list
   * so that when every instance was marked down, a revived one is still found at once.
   */
  attemptOrder(): string[] {
    const start = this.next;
    this.next = (this.next + 1) % this.origins.length;
    const ring = this.origins.map((_, i) => this.origins[(start + i) % this.origins.length]);
    const time = this.now();
    const up = ring.filter((origin) => !this.isDown(origin, time));
    return [...up, ...ring.filter((origin) => !up.includes(origin))];
  }

  markDown(origin: string): void {
    this.downUntil.set(origin, this.now() + this.downMs);
  }

  private isDown(origin: string, time: number): boolean {
    const until = this.downUntil.get(origin);
    if (until === undefined) return false;
    if (time < until) return true;
    this.downUntil.delete(origin); // the down period is over: the next request tries it again
    return false;
  }
}
