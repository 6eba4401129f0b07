// connection.url → where to connect. jdbc:mysql:// and jdbc:mariadb:// both select the MySQL
// dialect (MySqlDatabaseDialect's subprotocols); anything else has no driver in this worker.
// Form: jdbc:(mysql|mariadb)://host[:port][,host2…]/[database][?key=value&…]

export interface ConnectionUrl {
  readonly subprotocol: 'mysql' | 'mariadb';
  readonly host: string;
  readonly port: number;
  /** The catalog (connection.getCatalog()): table ids are qualified with it; null if the URL names none. */
  readonly database: string | null;
  readonly params: Readonly<Record<string, string>>;
}

export type ParsedUrl = { ok: true; url: ConnectionUrl } | { ok: false; error: string };

const JDBC_URL = /^jdbc:([^:]+):/;

export function parseConnectionUrl(url: string): ParsedUrl {
  const protocol = JDBC_URL.exec(url);
  // DatabaseDialects.findBestFor / extractJdbcUrlInfo: "Not a valid JDBC URL: …"
  if (!protocol) return { ok: false, error: `Not a valid JDBC URL: ${url}` };
  const subprotocol = protocol[1].toLowerCase();
  if (subprotocol !== 'mysql' && subprotocol !== 'mariadb') return { ok: false, error: `No suitable driver found for ${url}` };
  const rest = url.slice(protocol[0].length);
  if (!rest.startsWith('//')) return { ok: false, error: `No suitable driver found for ${url}` };
  const match = /^\/\/([^/?]*)(?:\/([^?]*))?(?:\?(.*))?$/.exec(rest);
  if (!match) return { ok: false, error: `No suitable driver found for ${url}` };
  const [, hosts, database = '', query = ''] = match;
  const first = hosts.split(',')[0] ?? '';
  // user:password@host is allowed by both drivers' URL syntax.
  const at = first.lastIndexOf('@');
  const credentials = at >= 0 ? first.slice(0, at) : '';
  const hostPort = at >= 0 ? first.slice(at + 1) : first;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(hostPort);
  const plain = /^([^:]*)(?::(\d+))?$/.exec(hostPort);
  const host = (bracketed?.[1] ?? plain?.[1] ?? '') || 'localhost';
  const portText = bracketed ? bracketed[2] : plain?.[2];
  if (!bracketed && !plain) return { ok: false, error: `No suitable driver found for ${url}` };
  const params: Record<string, string> = {};
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decodeURIComponent(eq >= 0 ? pair.slice(0, eq) : pair);
    params[key] = decodeURIComponent(eq >= 0 ? pair.slice(eq + 1) : '');
  }
  if (credentials !== '') {
    const colon = credentials.indexOf(':');
    params.user ??= decodeURIComponent(colon >= 0 ? credentials.slice(0, colon) : credentials);
    if (colon >= 0) params.password ??= decodeURIComponent(credentials.slice(colon + 1));
  }
  return {
    ok: true,
    url: {
      subprotocol,
      host,
      port: portText ? Number(portText) : 3306,
      database: database === '' ? null : decodeURIComponent(database),
      params,
    },
  };
}
