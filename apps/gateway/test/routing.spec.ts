import { request as httpRequest } from 'node:http';
import { http } from '@kafka-sync/testing';
import { BODY_LIMIT_BYTES } from '../src/proxy/request-body';
import { EchoUpstream } from './support/echo-upstream';
import { startGateway, type RunningGateway } from './support/gateway-fixture';

describe('the gateway routes like the course gateway', () => {
  let orders1: EchoUpstream;
  let orders2: EchoUpstream;
  let catalog: EchoUpstream;
  let gateway: RunningGateway;

  beforeAll(async () => {
    [orders1, orders2, catalog] = await Promise.all([
      EchoUpstream.start('orders-1'),
      EchoUpstream.start('orders-2'),
      EchoUpstream.start('catalog-1'),
    ]);
    gateway = await startGateway({ ordersUrls: [orders1.url, orders2.url], catalogUrls: [catalog.url] });
  });

  afterAll(async () => {
    await gateway?.close();
    await Promise.all([orders1, orders2, catalog].map((u) => u?.close()));
  });

  it.each([
    ['/orders', 'orders'],
    ['/orders/0b6c2d55-1?x=1', 'orders'],
    ['/order-service/u1/orders?page=2&pageSize=5', 'orders'],
    ['/catalogs', 'catalog'],
    ['/catalogs/CATALOG-001?fields=a%20b', 'catalog'],
    ['/catalog-service/catalogs', 'catalog'],
  ])('GET %s goes to %s-service with the path and query unchanged', async (path, service) => {
    const response = await http('GET', `${gateway.url}${path}`);
    expect(response.status).toBe(200);
    expect(response.body.url).toBe(path);
    expect(response.headers.get('x-instance-id')).toMatch(service === 'orders' ? /^orders-[12]$/ : /^catalog-1$/);
  });

  it.each(['/x', '/', '/ordersx', '/catalog', '/api/orders'])('answers 404 JSON for %s, which no route matches', async (path) => {
    const response = await http('GET', `${gateway.url}${path}`);
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ statusCode: 404, error: 'Not Found', message: `no route for GET ${path}` });
  });

  it('alternates between the orders instances, round robin', async () => {
    const instances: string[] = [];
    for (let i = 0; i < 6; i++) instances.push((await http('POST', `${gateway.url}/orders`, { i })).headers.get('x-instance-id')!);
    for (let i = 1; i < instances.length; i++) expect(instances[i]).not.toBe(instances[i - 1]);
    expect(new Set(instances)).toEqual(new Set(['orders-1', 'orders-2']));
  });

  it('passes method, body and headers through unchanged and adds X-Forwarded-*', async () => {
    const body = '{"userId":"u1","productId":"CATALOG-001","qty":2,"unitPrice":1500}';
    const response = await http('POST', `${gateway.url}/order-service/u1/orders?src=test`, body, {
      'Idempotency-Key': 'key-123',
      'X-Custom': 'v',
      'X-Forwarded-For': '10.9.8.7',
    });
    expect(response.status).toBe(201);
    expect(response.body.method).toBe('POST');
    expect(response.body.url).toBe('/order-service/u1/orders?src=test');
    expect(response.body.body).toBe(body);
    const headers = response.body.headers;
    expect(headers['idempotency-key']).toBe('key-123');
    expect(headers['content-type']).toBe('application/json');
    expect(headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(headers['x-custom']).toBe('v');
    expect(headers['x-forwarded-for']).toBe('10.9.8.7, 127.0.0.1');
    expect(headers['x-forwarded-host']).toBe(new URL(gateway.url).host);
    expect(headers['x-forwarded-proto']).toBe('http');
    expect(headers.host).toBe(new URL(response.body.instanceId === 'orders-1' ? orders1.url : orders2.url).host);
  });

  it('returns the upstream status and headers unchanged', async () => {
    const response = await http('GET', `${gateway.url}/orders`);
    expect(response.headers.get('x-instance-id')).toMatch(/^orders-[12]$/);
    expect(response.headers.get('idempotent-replayed')).toBe('false');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect((await http('POST', `${gateway.url}/orders`, {})).status).toBe(201);
  });

  it(`forwards a body of exactly ${BODY_LIMIT_BYTES} bytes and refuses a larger one with 413 JSON`, async () => {
    const atLimit = await http('POST', `${gateway.url}/orders`, 'x'.repeat(BODY_LIMIT_BYTES), { 'content-type': 'text/plain' });
    expect(atLimit.status).toBe(201);
    expect(atLimit.body.body).toHaveLength(BODY_LIMIT_BYTES);

    const before = orders1.requests.length + orders2.requests.length;
    const tooLarge = await http('POST', `${gateway.url}/orders`, 'x'.repeat(BODY_LIMIT_BYTES + 1), { 'content-type': 'text/plain' });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({
      statusCode: 413,
      message: `The request body is larger than the ${BODY_LIMIT_BYTES} bytes the gateway accepts`,
    });
    expect(orders1.requests.length + orders2.requests.length).toBe(before);
  });

  it('refuses a chunked body (no Content-Length) once it passes the limit', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${gateway.url}/orders`, { method: 'POST', headers: { 'content-type': 'text/plain' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 'y');
      for (let i = 0; i < 20; i++) req.write(chunk); // 1.25 MiB, chunked
      req.end();
    });
    expect(status).toBe(413);
  });
});
