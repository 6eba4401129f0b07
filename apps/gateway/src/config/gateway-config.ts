import { ConfigError, envInteger } from '@kafka-sync/service-kit';

export interface GatewayConfig {
  port: number;
  host: string;
  /** Upstream origins (scheme://host:port), in round-robin order. */
  ordersUrls: string[];
  catalogUrls: string[];
  /** How long an upstream may take to send its response headers, or pause in its body, before a 504. */
  upstreamTimeoutMs: number;
  /** How long an upstream that refused a connection is skipped before it is tried again. */
  downMs: number;
  /** The per-upstream budget of GET /health's readiness probes. */
  healthTimeoutMs: number;
}

/**
 * Reads and validates the environment once at start; a bad value stops the gateway with one line
 * naming the variable, instead of a 502 on every request later.
 */
export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  // GATEWAY_PORT wins so a stack launcher can place the gateway without touching a PORT meant for others.
  const port = env.GATEWAY_PORT ? envInteger(env, 'GATEWAY_PORT', 8000, 0, 65535) : envInteger(env, 'PORT', 8000, 0, 65535);
  const host = env.GATEWAY_HOST || '0.0.0.0';
  if (/\s/.test(host)) throw new ConfigError(`GATEWAY_HOST must be a host name or address, got "${host}"`);
  return {
    port,
    host,
    ordersUrls: envUrlList(env, 'ORDERS_URLS', 'http://127.0.0.1:8081,http://127.0.0.1:8082'),
    catalogUrls: envUrlList(env, 'CATALOG_URLS', 'http://127.0.0.1:8090'),
    upstreamTimeoutMs: envInteger(env, 'UPSTREAM_TIMEOUT_MS', 30_000, 100, 600_000),
    downMs: envInteger(env, 'UPSTREAM_DOWN_MS', 2000, 0, 600_000),
    healthTimeoutMs: 2000,
  };
}

/**
 * A comma-separated list of upstream base URLs, returned as origins. A path is refused rather
 * than ignored: the gateway forwards paths unchanged, so a base path would silently not apply.
 */
export function envUrlList(env: NodeJS.ProcessEnv, name: string, fallback: string): string[] {
  const raw = env[name] || fallback;
  const items = raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length === 0) throw new ConfigError(`${name} must list at least one http:// URL, got "${raw}"`);
  const origins = items.map((item) => {
    let url: URL;
    try {
      url = new URL(item);
    } catch {
      throw new ConfigError(`${name} must be a comma-separated list of URLs like http://127.0.0.1:8081, got "${item}" in "${raw}"`);
    }
    if (!['http:', 'https:'].includes(url.protocol) || !url.hostname)
      throw new ConfigError(`${name} must list http:// or https:// URLs with a host, got "${item}"`);
    if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
      throw new ConfigError(
        `${name} must list bare origins like http://127.0.0.1:8081 (no path, query or credentials: paths are forwarded unchanged), got "${item}"`,
      );
    }
    return url.origin;
  });
  const duplicate = origins.find((origin, i) => origins.indexOf(origin) !== i);
  if (duplicate) throw new ConfigError(`${name} lists ${duplicate} twice`);
  return origins;
}
