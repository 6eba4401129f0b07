import { pipeline } from 'node:stream/promises';
import { BadGatewayException, GatewayTimeoutException, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Dispatcher } from 'undici';
import type { Route } from '../routing/route-table';
import { clientResponseHeaders, upstreamRequestHeaders } from './headers';
import { readRequestBody } from './request-body';
import { UpstreamAgent } from './upstream-agent';
import { errorCode, isUpstreamTimeout, wasNotDelivered } from './upstream-errors';

/**
 * Sends one client request to its route's upstreams: the round-robin pick first, the next one
 * whenever an instance refuses the connection (the request was never delivered, so a retry
 * cannot do it twice), never after an instance accepted it. Answers what the upstream answered.
 */
@Injectable()
export class Forwarder {
  private readonly logger = new Logger('Forwarder');

  constructor(private readonly agent: UpstreamAgent) {}

  async forward(route: Route, req: Request, res: Response): Promise<void> {
    const body = await readRequestBody(req); // buffered: a retry must send the same bytes again
    const headers = upstreamRequestHeaders(req);
    // A client that hangs up no longer needs the upstream's answer: stop waiting for it.
    const clientGone = new AbortController();
    res.once('close', () => res.writableFinished || clientGone.abort());
    const { service } = route.upstreams;
    const refused: string[] = [];

    for (const origin of route.upstreams.attemptOrder()) {
      let upstream: Dispatcher.ResponseData;
      try {
        upstream = await this.agent.request({
          origin,
          path: req.originalUrl,
          method: req.method as Dispatcher.HttpMethod,
          headers,
          body,
          signal: clientGone.signal,
        });
      } catch (error) {
        if (clientGone.signal.aborted) return;
        const code = errorCode(error);
        if (wasNotDelivered(error)) {
          route.upstreams.markDown(origin);
          refused.push(`${origin}: ${code}`);
          this.logger.warn(`${service} instance ${origin} is unreachable (${code}); trying the next instance, skipping it for a while`);
          continue;
        }
        this.logger.warn(
          `${req.method} ${req.originalUrl} failed at ${service} instance ${origin} after it was sent (${code}); not retried`,
        );
        if (isUpstreamTimeout(error)) throw new GatewayTimeoutException(`${service} instance ${origin} did not answer in time (${code})`);
        throw new BadGatewayException(
          `${service} instance ${origin} failed after accepting the request (${code}: ${(error as Error).message}); not retried, as it may have been processed`,
        );
      }
      await this.relay(upstream, res, `${service} instance ${origin}`);
      return;
    }
    throw new BadGatewayException(`no ${service} instance is reachable (${refused.join(', ')})`);
  }

  /** Status, headers and body exactly as the upstream sent them (minus hop-by-hop headers). */
  private async relay(upstream: Dispatcher.ResponseData, res: Response, from: string): Promise<void> {
    res.status(upstream.statusCode);
    for (const [name, value] of Object.entries(clientResponseHeaders(upstream.headers))) res.setHeader(name, value);
    try {
      await pipeline(upstream.body, res);
    } catch (error) {
      // Headers are out, so no error status can follow: the client sees the response cut short.
      // (When the client hung up, there is nothing to tell anyone.)
      if (!res.writableFinished && !res.req.destroyed)
        this.logger.warn(`the response body from ${from} broke off (${errorCode(error)}); the client got it cut short`);
    }
  }
}
