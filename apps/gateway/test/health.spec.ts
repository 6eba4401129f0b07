import { http } from '@kafka-sync/testing';
import { EchoUpstream } from './support/echo-upstream';
import { startGateway, type RunningGateway } from './support/gateway-fixture';

describe("the gateway's own GET /health", () => {
  let a: EchoUpstream;
  let b: EchoUpstream;
  let catalog: EchoUpstream;
  let gateway: RunningGateway;

  beforeAll(async () => {
    [a, b, catalog] = await Promise.all([EchoUpstream.start('orders-1'), EchoUpstream.start('orders-2'), EchoUpstream.start('catalog-1')]);
    gateway = await startGateway({ ordersUrls: [a.url, b.url], catalogUrls: [catalog.url], healthTimeoutMs: 500 });
  });

  afterAll(async () => {
    await gateway?.close();
    await Promise.all([a, b, catalog].map((u) => u?.close()));
  });

  it('is 200 when every upstream is ready, and is not routed', async () => {
    const response = await http('GET', `${gateway.url}/health`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      status: 'ok',
      upstreams: {
        'orders-service': { [a.url]: { status: 'up' }, [b.url]: { status: 'up' } },
        'catalog-service': { [catalog.url]: { status: 'up' } },
      },
    });
    expect(
      [a, b, catalog].every((u) => u.received.some((r) => r.url === '/health/ready') && !u.received.some((r) => r.url === '/health')),
    ).toBe(true);
    expect((await http('GET', `${gateway.url}/health/ready`)).status).toBe(200);
  });

  it('is 503 naming the upstream that is not ready, or not reachable', async () => {
    catalog.ready = false;
    await b.close();
    await new Promise((resolve) => setTimeout(resolve, 100)); // the pooled connection to it is seen closed
    try {
      const response = await http('GET', `${gateway.url}/health`);
      expect(response.status).toBe(503);
      expect(response.body).toEqual({
        status: 'error',
        upstreams: {
          'orders-service': { [a.url]: { status: 'up' }, [b.url]: { status: 'down', error: 'ECONNREFUSED' } },
          'catalog-service': { [catalog.url]: { status: 'down', statusCode: 503 } },
        },
      });
    } finally {
      catalog.ready = true;
      await b.open();
    }
    expect((await http('GET', `${gateway.url}/health`)).status).toBe(200);
  });

  it('is 503 within its short timeout when a readiness probe never answers', async () => {
    a.readyHangs = true;
    try {
      const response = await http('GET', `${gateway.url}/health`);
      expect(response.status).toBe(503);
      expect(response.body.upstreams['orders-service'][a.url]).toEqual({ status: 'down', error: 'TimeoutError' });
      expect(response.body.upstreams['orders-service'][b.url]).toEqual({ status: 'up' });
    } finally {
      a.readyHangs = false;
    }
  });
});
