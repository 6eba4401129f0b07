import type { IncomingHttpHeaders } from 'node:http';
import type { Request } from 'express';

/**
 * Hop-by-hop headers (RFC 9110 §7.6.1) describe one connection, not the message: a proxy must
 * not forward them. Host and Content-Length are set again by the upstream client for the new
 * connection and the buffered body; Expect was already answered by this server.
 */
const REQUEST_DROPPED = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  'expect',
]);
const RESPONSE_DROPPED = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

export type HeaderValues = Record<string, string | string[]>;

/** The client's headers as the upstream gets them: end-to-end ones unchanged, plus X-Forwarded-*. */
export function upstreamRequestHeaders(req: Request): HeaderValues {
  const headers = endToEnd(req.headers, REQUEST_DROPPED);
  // X-Forwarded-For grows by one hop per proxy; Host and Proto keep what the first proxy saw,
  // because the upstream needs the client-facing values (e.g. to build a Location URL).
  const client = req.socket.remoteAddress ?? 'unknown';
  const forwardedFor = req.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = forwardedFor ? `${forwardedFor}, ${client}` : client;
  if (!req.headers['x-forwarded-host'] && req.headers.host) headers['x-forwarded-host'] = req.headers.host;
  if (!req.headers['x-forwarded-proto'])
    headers['x-forwarded-proto'] = 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http';
  return headers;
}

/** The upstream's response headers as the client gets them: everything but the hop-by-hop ones. */
export function clientResponseHeaders(headers: IncomingHttpHeaders): HeaderValues {
  return endToEnd(headers, RESPONSE_DROPPED);
}

function endToEnd(headers: IncomingHttpHeaders, dropped: Set<string>): HeaderValues {
  // Connection may name further hop-by-hop headers of this message (`Connection: close, X-Foo`).
  const named = String(headers.connection ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const result: HeaderValues = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || dropped.has(name) || named.includes(name)) continue;
    result[name] = value;
  }
  return result;
}
