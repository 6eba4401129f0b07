import { ConfigError } from '@kafka-sync/service-kit';
import { loadGatewayConfig } from '../src/config/gateway-config';

describe('the gateway configuration', () => {
  it('defaults to :8000 in front of the local stack', () => {
    expect(loadGatewayConfig({})).toEqual({
      port: 8000,
      host: '0.0.0.0',
      ordersUrls: ['http://127.0.0.1:8081', 'http://127.0.0.1:8082'],
      catalogUrls: ['http://127.0.0.1:8090'],
      upstreamTimeoutMs: 30_000,
      downMs: 2000,
      healthTimeoutMs: 2000,
    });
  });

  it('takes GATEWAY_PORT over PORT, and 0 for a free port', () => {
    expect(loadGatewayConfig({ PORT: '9000' }).port).toBe(9000);
    expect(loadGatewayConfig({ PORT: '9000', GATEWAY_PORT: '0' }).port).toBe(0);
    expect(() => loadGatewayConfig({ GATEWAY_PORT: '70000' })).toThrow(
      new ConfigError('GATEWAY_PORT must be an integer from 0 to 65535, got "70000"'),
    );
  });

  it('reads upstream lists as origins, trimmed', () => {
    const config = loadGatewayConfig({
      ORDERS_URLS: ' http://orders-1:8081/ , https://orders-2:8443',
      CATALOG_URLS: 'http://catalog:8090',
      UPSTREAM_TIMEOUT_MS: '5000',
      UPSTREAM_DOWN_MS: '500',
      GATEWAY_HOST: '127.0.0.1',
    });
    expect(config).toMatchObject({
      host: '127.0.0.1',
      ordersUrls: ['http://orders-1:8081', 'https://orders-2:8443'],
      catalogUrls: ['http://catalog:8090'],
      upstreamTimeoutMs: 5000,
      downMs: 500,
    });
  });

  it.each([
    [
      { ORDERS_URLS: 'not-a-url' },
      'ORDERS_URLS must be a comma-separated list of URLs like http://127.0.0.1:8081, got "not-a-url" in "not-a-url"',
    ],
    [
      { ORDERS_URLS: 'http://127.0.0.1:8081,localhost:8082' },
      'ORDERS_URLS must list http:// or https:// URLs with a host, got "localhost:8082"',
    ],
    [{ CATALOG_URLS: 'ftp://catalog' }, 'CATALOG_URLS must list http:// or https:// URLs with a host, got "ftp://catalog"'],
    [
      { CATALOG_URLS: 'http://catalog:8090/api' },
      'CATALOG_URLS must list bare origins like http://127.0.0.1:8081 (no path, query or credentials: paths are forwarded unchanged), got "http://catalog:8090/api"',
    ],
    [{ ORDERS_URLS: 'http://a:1,http://a:1/' }, 'ORDERS_URLS lists http://a:1 twice'],
    [{ ORDERS_URLS: ' , ' }, 'ORDERS_URLS must list at least one http:// URL, got " , "'],
    [{ UPSTREAM_TIMEOUT_MS: '0' }, 'UPSTREAM_TIMEOUT_MS must be an integer from 100 to 600000, got "0"'],
    [{ GATEWAY_HOST: 'a b' }, 'GATEWAY_HOST must be a host name or address, got "a b"'],
  ])('refuses %j with one readable line', (env, message) => {
    expect(() => loadGatewayConfig(env)).toThrow(new ConfigError(message));
    try {
      loadGatewayConfig(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).not.toContain('\n');
    }
  });
});
