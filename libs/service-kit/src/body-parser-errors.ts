import type { NextFunction, Request, Response } from 'express';

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
}

/**
 * Express error middleware for what the JSON body parser rejects before Nest sees the request:
 * malformed JSON → 400, a body over the limit → 413, both as JSON with a message like every 4xx.
 */
export function bodyParserErrors(error: BodyParserError, _req: Request, res: Response, next: NextFunction): void {
  if (error.type === 'entity.parse.failed') {
    res.status(400).json({ statusCode: 400, error: 'Bad Request', message: `Malformed JSON body: ${error.message}` });
  } else if (error.type === 'entity.too.large') {
    res
      .status(413)
      .json({ statusCode: 413, error: 'Payload Too Large', message: `The request body is larger than the ${error.limit} bytes accepted` });
  } else if (error.status && error.status >= 400 && error.status < 500) {
    res.status(error.status).json({ statusCode: error.status, error: 'Bad Request', message: error.message });
  } else {
    next(error);
  }
}
