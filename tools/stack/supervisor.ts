// What `npm start` does when a part exits on its own: start it again (same command, ports and
// data) after an exponential backoff, as systemd's Restart=on-abnormal with RestartSec growing;
// a part that keeps crashing (crashLoopLimit exits within crashLoopWindowMs) stays down and says so.

import type { PartExit } from './part';

export interface SupervisionOptions {
  /** The first restart's delay; each further one within the window doubles it. Default 500 ms. */
  initialBackoffMs?: number;
  /** Default 10 s. */
  maxBackoffMs?: number;
  /** Exits within crashLoopWindowMs after which a part stays down. Default 5. */
  crashLoopLimit?: number;
  /** Default 60 s. */
  crashLoopWindowMs?: number;
}

export interface SupervisorEvents {
  /** One console line's worth: the part, how it exited, when it is started again. */
  restarting(part: string, exit: PartExit, delayMs: number, attempt: number): void;
  restarted(part: string, downMs: number, pid: number): void;
  /** It crashed crashLoopLimit times within the window: it is left down. */
  gaveUp(part: string, exit: PartExit, exits: number, windowMs: number): void;
}

export class Supervisor {
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly crashLoopLimit: number;
  private readonly crashLoopWindowMs: number;
  private readonly exits = new Map<string, number[]>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    options: SupervisionOptions,
    private readonly restart: (part: string) => Promise<number>,
    private readonly events: SupervisorEvents,
  ) {
    this.initialBackoffMs = options.initialBackoffMs ?? 500;
    this.maxBackoffMs = options.maxBackoffMs ?? 10_000;
    this.crashLoopLimit = options.crashLoopLimit ?? 5;
    this.crashLoopWindowMs = options.crashLoopWindowMs ?? 60_000;
  }

  /** A part exited on its own (not by the stack's stop). */
  exited(part: string, exit: PartExit): void {
    if (this.stopped) return;
    const now = Date.now();
    const recent = (this.exits.get(part) ?? []).filter((at) => now - at < this.crashLoopWindowMs);
    recent.push(now);
    this.exits.set(part, recent);
    if (recent.length >= this.crashLoopLimit) {
      this.events.gaveUp(part, exit, recent.length, this.crashLoopWindowMs);
      return;
    }
    const delayMs = Math.min(this.maxBackoffMs, this.initialBackoffMs * 2 ** (recent.length - 1));
    this.events.restarting(part, exit, delayMs, recent.length);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.stopped) return;
      // A restart whose process exits again is reported through exited() once more; other failures
      // (not ready in time) leave it as it is, running but unready, which /health shows.
      this.restart(part).then(
        (pid) => this.events.restarted(part, Date.now() - now, pid),
        () => undefined,
      );
    }, delayMs);
    this.timers.add(timer);
  }

  /** The stack is stopping: no restart any more. */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
