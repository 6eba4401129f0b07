import { http, waitFor } from '@kafka-sync/testing';
import { EchoUpstream } from './support/echo-upstream';
import { startGateway, type RunningGateway } from './support/gateway-fixture';

/** Lets the gateway see the FIN of connections an upstream just dropped before the next request. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('the gateway when an upstream fails', () => {
  let a: EchoUpstream;
  let b: EchoUpstream;
  let catalog: EchoUpstream;
  let gateway: RunningGateway | undefined;

  beforeEach(async () => {
    [a, b, catalog] = await Promise.all([EchoUpstream.start('orders-1'), EchoUpstream.start('orders-2'), EchoUpstream.start('catalog-1')]);
  });

  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
    await Promise.all([a, b, catalog].map((u) => u.close()));
  });

  const start = (overrides: { downMs?: number; upstreamTimeoutMs?: number } = {}) =>
    startGateway({ ordersUrls: [a.url, b.url], catalogUrls: [catalog.url], ...overrides }).then((g) => (gateway = g));

  it('sends every request to the live instance when the other refuses connections, with the same body and headers', async () => {
    await start({ downMs: 60_000 });
    expect((await http('GET', `${gateway!.url}/orders`)).status).toBe(200); // warm pooled connections to both
    expect((await http('GET', `${gateway!.url}/orders`)).status).toBe(200);
    await a.close();
    await settle();

    for (let i = 0; i < 6; i++) {
      const response = await http('POST', `${gateway!.url}/orders`, { i }, { 'Idempotency-Key': `k-${i}` });
      expect(response.status).toBe(201);
      expect(response.headers.get('x-instance-id')).toBe('orders-2');
      expect(response.body.body).toBe(JSON.stringify({ i })); // the retry sent the same body
      expect(response.body.headers['idempotency-key']).toBe(`k-${i}`);
    }
    expect(b.requests.filter((r) => r.method === 'POST')).toHaveLength(6);
  });

  it('tries a dead instance again after its down period, and uses it once it is back', async () => {
    await start({ downMs: 300 });
    await a.close();
    await settle();
    for (let i = 0; i < 4; i++) expect((await http('GET', `${gateway!.url}/orders`)).headers.get('x-instance-id')).toBe('orders-2');

    await a.open(); // restarted on the same port
    const backOn = await waitFor(
      'a request to land on the restarted instance',
      async () => (await http('GET', `${gateway!.url}/orders?probe`)).headers.get('x-instance-id') === 'orders-1',
      10_000,
      50,
    );
    expect(backOn).toBe(true);
    const instances = [];
    for (let i = 0; i < 4; i++) instances.push((await http('GET', `${gateway!.url}/orders`)).headers.get('x-instance-id'));
    expect(new Set(instances)).toEqual(new Set(['orders-1', 'orders-2']));
  });

  it('answers 502 JSON naming every instance when all of them refuse', async () => {
    await start();
    await Promise.all([a.close(), b.close()]);
    await settle();
    const response = await http('POST', `${gateway!.url}/order-service/u1/orders`, { qty: 1 });
    expect(response.status).toBe(502);
    expect(response.body.statusCode).toBe(502);
    expect(response.body.message).toMatch(
      /^no orders-service instance is reachable \(http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED, http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED\)$/,
    );
    expect(response.body.message).toContain(a.url);
    expect(response.body.message).toContain(b.url);
    // The catalog route is unaffected.
    expect((await http('GET', `${gateway!.url}/catalogs`)).status).toBe(200);
  });

  it('answers 502 and does not retry when an instance accepted the request and then dropped the connection', async () => {
    await start();
    a.mode = 'destroy';
    const response = await http('POST', `${gateway!.url}/orders`, { qty: 1 }, { 'Idempotency-Key': 'once' }); // round robin starts at the first instance
    expect(response.status).toBe(502);
    expect(response.body.message).toContain(`orders-service instance ${a.url} failed after accepting the request`);
    expect(response.body.message).toContain('not retried');
    expect(a.requests).toHaveLength(1);
    expect(b.requests).toHaveLength(0);
  });

  it('answers 504 when an instance does not answer within the upstream timeout, and does not retry', async () => {
    await start({ upstreamTimeoutMs: 300 });
    a.mode = 'hang';
    const response = await http('POST', `${gateway!.url}/orders`, { qty: 1 });
    expect(response.status).toBe(504);
    expect(response.body).toMatchObject({
      statusCode: 504,
      message: `orders-service instance ${a.url} did not answer in time (UND_ERR_HEADERS_TIMEOUT)`,
    });
    expect(b.requests).toHaveLength(0);
  });
});
