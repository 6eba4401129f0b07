import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** echo: answers what it got; destroy: drops the connection once the request arrived; hang: never answers. */
export type UpstreamMode = 'echo' | 'destroy' | 'hang';

/**
 * A stand-in for an orders or catalog instance: a plain node HTTP server that records every
 * request, echoes it back as JSON with an X-Instance-Id header, and can be closed and reopened on
 * the same port (an instance killed and restarted).
 */
export class EchoUpstream {
  readonly received: ReceivedRequest[] = [];
  mode: UpstreamMode = 'echo';
  ready = true;
  /** The readiness probe never answers (an instance stuck). */
  readyHangs = false;
  private server?: Server;
  private port = 0;

  private constructor(readonly instanceId: string) {}

  static async start(instanceId: string): Promise<EchoUpstream> {
    const upstream = new EchoUpstream(instanceId);
    await upstream.open();
    return upstream;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Requests other than the readiness probes. */
  get requests(): ReceivedRequest[] {
    return this.received.filter((r) => r.url !== '/health/ready');
  }

  /** Listens again on the same port (the first time on a free one). */
  async open(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        this.received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        if (req.url === '/health/ready') {
          if (this.readyHangs) return;
          res
            .writeHead(this.ready ? 200 : 503, { 'content-type': 'application/json' })
            .end(JSON.stringify({ status: this.ready ? 'ok' : 'error' }));
        } else if (this.mode === 'destroy') {
          req.socket.destroy();
        } else if (this.mode === 'echo') {
          res.writeHead(req.method === 'POST' ? 201 : 200, {
            'content-type': 'application/json',
            'x-instance-id': this.instanceId,
            'idempotent-replayed': 'false',
            'set-cookie': ['a=1', 'b=2'],
          });
          res.end(JSON.stringify({ instanceId: this.instanceId, method: req.method, url: req.url, headers: req.headers, body }));
        }
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening and drops every connection, like a process killed with kill -9: connects are refused from now on. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }
}
