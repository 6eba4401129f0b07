import type { NextFunction, Request, Response } from 'express';

/** Every response, errors included, says which instance answered (two instances share one table). */
export function instanceIdHeader(instanceId: string) {
  return (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('X-Instance-Id', instanceId);
    next();
  };
}
