import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ConnectRestError } from './rest-error';

/** Connect's routes, for telling an unknown path (404) from a wrong method (405). */
const ROUTES: Array<[RegExp, string[]]> = [
  [/^\/$/, ['GET']],
  [/^\/connectors\/?$/, ['GET', 'POST']],
  [/^\/connectors\/[^/]+\/?$/, ['GET', 'DELETE']],
  [/^\/connectors\/[^/]+\/config\/?$/, ['GET', 'PUT']],
  [/^\/connectors\/[^/]+\/status\/?$/, ['GET']],
  [/^\/connectors\/[^/]+\/(pause|resume|stop)\/?$/, ['PUT']],
  [/^\/connectors\/[^/]+\/restart\/?$/, ['POST']],
  [/^\/connectors\/[^/]+\/tasks\/?$/, ['GET']],
  [/^\/connectors\/[^/]+\/tasks\/\d+\/status\/?$/, ['GET']],
  [/^\/connectors\/[^/]+\/tasks\/\d+\/restart\/?$/, ['POST']],
  [/^\/connector-plugins\/?$/, ['GET']],
  [/^\/connector-plugins\/[^/]+\/config\/validate\/?$/, ['PUT']],
];

export function errorBody(status: number, message: string): { error_code: number; message: string } {
  return { error_code: status, message };
}

function routeMiss(method: string, path: string): { status: number; message: string } {
  const route = ROUTES.find(([re]) => re.test(path));
  if (route && !route[1].includes(method.toUpperCase())) return { status: 405, message: 'HTTP 405 Method Not Allowed' };
  return { status: 404, message: 'HTTP 404 Not Found' };
}

/**
 * Every error as Connect's ErrorMessage body `{"error_code","message"}` (ConnectExceptionMapper):
 * ConnectRestError keeps its status and text, an unknown route is `HTTP 404 Not Found`, anything
 * else a 500 with the error's message.
 */
@Catch()
export class ConnectExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('rest');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    let status = 500;
    let message = exception instanceof Error ? exception.message : String(exception);
    if (exception instanceof ConnectRestError) {
      status = exception.status;
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      if (status === 404) ({ status, message } = routeMiss(request.method, request.path));
      else message = `HTTP ${status} ${exception.message}`;
    } else {
      this.logger.error(`${request.method} ${request.originalUrl}: ${(exception as Error)?.stack ?? message}`);
    }
    response.status(status).json(errorBody(status, message));
  }
}

/** Body-parser failures (before Nest sees the request): Connect answers a Jackson parse error with a 500 and its text. */
export function bodyParserErrors(
  error: Error & { type?: string; status?: number },
  _req: Request,
  res: Response,
  next: NextFunction,
): void {
  if (error.type === 'entity.parse.failed') res.status(500).json(errorBody(500, error.message));
  else if (error.status && error.status >= 400 && error.status < 500) res.status(error.status).json(errorBody(error.status, error.message));
  else next(error);
}
