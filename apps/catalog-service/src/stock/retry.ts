export interface RetryPolicy {
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

/** Transient database trouble: 5 attempts, waiting 200, 400, 800, 1600 ms in between (capped at 3 s). */
export const DATABASE_RETRY: RetryPolicy = { attempts: 5, initialDelayMs: 200, maxDelayMs: 3000 };

/**
 * Runs `work` until it succeeds or `policy.attempts` are used up (then the last error is thrown),
 * doubling the wait between attempts. `keepTrying` is asked before every wait: a consumer that is
 * stopping gives up at once rather than holding the shutdown.
 */
export async function withRetry<T>(
  work: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  onFailure: (error: Error, attempt: number, nextDelayMs: number | null) => void,
  keepTrying: () => boolean = () => true,
): Promise<T> {
  let delay = policy.initialDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(attempt);
    } catch (error) {
      const last = attempt >= policy.attempts || !keepTrying();
      onFailure(error as Error, attempt, last ? null : delay);
      if (last) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, policy.maxDelayMs);
    }
  }
}
