import type { PartExit } from '../part';
import { Supervisor } from '../supervisor';

const KILLED: PartExit = { code: null, signal: 'SIGKILL' };
const CRASHED: PartExit = { code: 1, signal: null };

/** A supervisor over a fake restart (a pure unit test: the launcher test runs the real parts). */
function supervisor(restartResult: () => Promise<number> = async () => 4242) {
  const lines: string[] = [];
  const restarts: string[] = [];
  const s = new Supervisor(
    { initialBackoffMs: 10, maxBackoffMs: 40, crashLoopLimit: 4, crashLoopWindowMs: 10_000 },
    (part) => {
      restarts.push(part);
      return restartResult();
    },
    {
      restarting: (part, exit, delayMs, attempt) =>
        lines.push(`restarting ${part} ${exit.signal ?? exit.code} in ${delayMs} (#${attempt})`),
      restarted: (part, _downMs, pid) => lines.push(`back ${part} ${pid}`),
      gaveUp: (part, exit, exits) => lines.push(`gave up ${part} after ${exits} (${exit.signal ?? exit.code})`),
    },
  );
  return { s, lines, restarts };
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Supervisor (npm start restarting its parts)', () => {
  it('restarts a part that exited, after a backoff that doubles up to its cap, and reports it back', async () => {
    const { s, lines, restarts } = supervisor();
    for (let i = 0; i < 3; i++) {
      s.exited('catalog-service', KILLED);
      await tick(60);
    }
    expect(lines).toEqual([
      'restarting catalog-service SIGKILL in 10 (#1)',
      'back catalog-service 4242',
      'restarting catalog-service SIGKILL in 20 (#2)',
      'back catalog-service 4242',
      'restarting catalog-service SIGKILL in 40 (#3)',
      'back catalog-service 4242',
    ]);
    expect(restarts).toEqual(['catalog-service', 'catalog-service', 'catalog-service']);
  });

  it('leaves a crash-looping part down once it exited crashLoopLimit times within the window, and says so', async () => {
    const { s, lines, restarts } = supervisor();
    for (let i = 0; i < 4; i++) {
      s.exited('gateway', CRASHED);
      await tick(60);
    }
    expect(restarts).toHaveLength(3);
    expect(lines.at(-1)).toBe('gave up gateway after 4 (1)');
    // Other parts are counted on their own.
    s.exited('kafka', KILLED);
    await tick(30);
    expect(lines.at(-1)).toBe('back kafka 4242');
  });

  it('a restart that fails (its process exited again) is not reported back; stop() cancels pending restarts', async () => {
    const { s, lines, restarts } = supervisor(async () => {
      throw new Error('exited during its restart');
    });
    s.exited('connect-worker', CRASHED);
    await tick(30);
    expect(lines).toEqual(['restarting connect-worker 1 in 10 (#1)']);
    s.exited('connect-worker', CRASHED);
    s.stop();
    await tick(60);
    expect(restarts).toEqual(['connect-worker']);
    s.exited('connect-worker', CRASHED);
    expect(lines).toHaveLength(2);
  });
});
