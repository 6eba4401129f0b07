import { withRetry } from '../src/stock/retry';

describe('withRetry', () => {
  const policy = { attempts: 4, initialDelayMs: 40, maxDelayMs: 100 };

  it('waits twice as long before each new attempt, up to the cap, and returns the first success', async () => {
    const startedAt: number[] = [];
    const waits: Array<number | null> = [];
    const result = await withRetry(
      async (attempt) => {
        startedAt.push(Date.now());
        if (attempt < 4) throw new Error(`failure ${attempt}`);
        return 'done';
      },
      policy,
      (_error, _attempt, nextDelayMs) => waits.push(nextDelayMs),
    );
    expect(result).toBe('done');
    expect(waits).toEqual([40, 80, 100]);
    const gaps = startedAt.slice(1).map((at, i) => at - startedAt[i]);
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(waits[i]! - 5)); // timers may fire a little early
  });

  it('throws the last error once the attempts are used up, announcing no further wait', async () => {
    const failures: Array<[string, number, number | null]> = [];
    const work = (attempt: number) => Promise.reject(new Error(`failure ${attempt}`));
    await expect(withRetry(work, policy, (error, attempt, next) => failures.push([error.message, attempt, next]))).rejects.toThrow(
      'failure 4',
    );
    expect(failures).toEqual([
      ['failure 1', 1, 40],
      ['failure 2', 2, 80],
      ['failure 3', 3, 100],
      ['failure 4', 4, null],
    ]);
  });

  it('gives up at once when it should stop trying (a consumer that is stopping)', async () => {
    const failures: number[] = [];
    const work = () => Promise.reject(new Error('down'));
    await expect(
      withRetry(
        work,
        policy,
        (_error, attempt) => failures.push(attempt),
        () => false,
      ),
    ).rejects.toThrow('down');
    expect(failures).toEqual([1]);
  });
});
