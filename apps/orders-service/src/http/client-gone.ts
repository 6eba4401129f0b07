import type { Response } from 'express';

/**
 * An AbortSignal that fires when the client goes away before its response was sent (the response's
 * 'close' before it ended), so that work done only for that response, such as a long wait, stops
 * with it. `release` detaches the listener once the work is done.
 */
export function clientGone(res: Response): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const onClose = () => {
    if (!res.writableEnded) controller.abort();
  };
  res.on('close', onClose);
  return { signal: controller.signal, release: () => res.off('close', onClose) };
}
