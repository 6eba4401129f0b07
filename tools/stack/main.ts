// `npm start`: the whole system on this machine (see startStack). Environment, all optional:
// KAFKA_PORT (9092), CONNECT_PORT (8083), CATALOG_PORT (8090), ORDERS_PORTS (8081,8082),
// GATEWAY_PORT (8000), DATABASE_URL (mysql://root@127.0.0.1:3306), ORDERS_DB (orders),
// CATALOG_DB (catalog), DATA_DIR (.data), STACK_LOGS (problems | all), STACK_SUPERVISE (1 | 0: a part
// that exits on its own is restarted with backoff, or left down).
import { ConfigError, envDatabaseName, envDatabaseUrl, envInteger } from '@kafka-sync/service-kit';
import { relative } from 'node:path';
import { describeExit, type OutputStream } from './part';
import { StackError, startStack, type Stack, type StackOptions } from './stack';

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

function readOptions(env: NodeJS.ProcessEnv): StackOptions & { showAll: boolean; supervised: boolean } {
  const ordersRaw = env.ORDERS_PORTS || '8081,8082';
  const ordersPorts = ordersRaw.split(',').map((p) => p.trim());
  if (ordersPorts.length === 0 || ordersPorts.some((p) => !/^\d{1,5}$/.test(p) || Number(p) > 65535)) {
    throw new ConfigError(`ORDERS_PORTS must be a comma-separated list of ports (0 = any free port), got "${ordersRaw}"`);
  }
  const logs = env.STACK_LOGS || 'problems';
  if (logs !== 'problems' && logs !== 'all') throw new ConfigError(`STACK_LOGS must be "problems" or "all", got "${logs}"`);
  const supervise = env.STACK_SUPERVISE || '1';
  if (supervise !== '1' && supervise !== '0') throw new ConfigError(`STACK_SUPERVISE must be "1" or "0", got "${supervise}"`);
  return {
    kafkaPort: envInteger(env, 'KAFKA_PORT', 9092, 0, 65535),
    connectPort: envInteger(env, 'CONNECT_PORT', 8083, 0, 65535),
    catalogPort: envInteger(env, 'CATALOG_PORT', 8090, 0, 65535),
    ordersPorts: ordersPorts.map(Number),
    gatewayPort: envInteger(env, 'GATEWAY_PORT', 8000, 0, 65535),
    databaseUrl: envDatabaseUrl(env),
    ordersDb: envDatabaseName(env, 'ORDERS_DB', 'orders'),
    catalogDb: envDatabaseName(env, 'CATALOG_DB', 'catalog'),
    dataDir: env.DATA_DIR || '.data',
    showAll: logs === 'all',
    supervised: supervise === '1',
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Warnings and errors: JSON log lines (Nest's "warn"/"error"/"fatal", pino's 40+), the broker's WARN/ERROR lines, anything else on stderr. */
function isProblem(line: string, stream: OutputStream): boolean {
  const text = line.trim();
  if (text === '') return false;
  if (text.startsWith('{')) {
    try {
      const level = (JSON.parse(text) as { level?: unknown }).level;
      if (typeof level === 'number') return level >= 40;
      if (typeof level === 'string') return ['warn', 'warning', 'error', 'fatal'].includes(level.toLowerCase());
    } catch {
      // not JSON after all
    }
  }
  if (/^SIG[A-Z]+: shutting down$/.test(text)) return false; // the broker acknowledging the stop
  const broker = /^\d{4}-\d\d-\d\dT\S+ (DEBUG|INFO|WARN|ERROR) /.exec(text);
  if (broker) return broker[1] === 'WARN' || broker[1] === 'ERROR';
  return stream === 'stderr';
}

/** A JSON log line as `level context: message`; anything else as it is. */
function readable(line: string): string {
  if (!line.trimStart().startsWith('{')) return line;
  try {
    const entry = JSON.parse(line) as { level?: unknown; context?: unknown; message?: unknown; msg?: unknown };
    const message = entry.message ?? entry.msg;
    if (typeof message !== 'string') return line;
    return `${String(entry.level ?? '')} ${typeof entry.context === 'string' ? `${entry.context}: ` : ''}${message}`.trim();
  } catch {
    return line;
  }
}

async function main(): Promise<void> {
  let options: ReturnType<typeof readOptions>;
  try {
    options = readOptions(process.env);
  } catch (error) {
    err(`stack: invalid configuration: ${(error as Error).message}`);
    process.exit(1);
  }
  const width = 'orders-service-1'.length + Math.max(0, String(options.ordersPorts!.length).length - 1);
  const prefix = (part: string) => `${part.padEnd(width)} |`;
  const dataDir = relative(process.cwd(), options.dataDir!) || '.';
  const started = Date.now();
  const aborting = new AbortController();
  let stack: Stack | null = null;
  let firstSignalAt = 0;

  const onSignal = (signal: NodeJS.Signals) => {
    if (firstSignalAt === 0) {
      firstSignalAt = Date.now();
      out(`stack: ${signal}: stopping (gateway, orders instances, consumers, broker last); Ctrl-C again to kill everything at once`);
      if (stack) void shutdown(stack);
      else aborting.abort();
      return;
    }
    // npm passes the terminal's Ctrl-C on as well, so the same key press can arrive twice at once.
    if (Date.now() - firstSignalAt < 1000) return;
    err('stack: forced: killing every part now (SIGKILL)');
    process.exit(1); // startStack's exit hook SIGKILLs whatever still runs
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);

  out(
    `stack: starting in ${dataDir}/ (each part's full log in ${dataDir}/logs/<part>.log; ${options.showAll ? 'all output' : 'warnings and errors'} shown here)`,
  );
  try {
    stack = await startStack({
      ...options,
      signal: aborting.signal,
      onProgress: (message) => out(`stack: ${message}`),
      onLine: (part, line, stream) => {
        if (options.showAll || isProblem(line, stream)) out(`${prefix(part)} ${readable(line)}`);
      },
      supervise: options.supervised
        ? {
            events: {
              restarting: (part, exit, delayMs, attempt) =>
                err(
                  `stack: ${part} exited (${describeExit(exit)}); restarting it in ${seconds(delayMs)} (exit ${attempt} within a minute)`,
                ),
              restarted: (part, downMs, pid) => out(`stack: ${part} is back (pid ${pid}; down ${seconds(downMs)})`),
              gaveUp: (part, exit, exits, windowMs) =>
                err(
                  `stack: ${part} exited ${exits} times within ${seconds(windowMs)} (last: ${describeExit(exit)}): left down, the stack is degraded; see its log, then restart npm start`,
                ),
            },
          }
        : undefined,
      onExit: (part, exit) => {
        if (options.supervised) return; // the supervisor's line says it
        const consequence =
          part === 'gateway'
            ? 'nothing answers on the gateway port any more'
            : part.startsWith('orders-service')
              ? 'the gateway routes around it and its /health answers 503'
              : 'the gateway /health answers 503 and the data it carries stops flowing';
        err(
          `stack: ${part} exited unexpectedly (${describeExit(exit)}): the stack is degraded; the other parts keep running, ${consequence}; Ctrl-C stops the rest`,
        );
      },
    });
  } catch (error) {
    if (error instanceof StackError && error.part === 'stack' && aborting.signal.aborted) {
      out('stack: stopped before it was up');
      process.exit(0);
    }
    if (error instanceof StackError && error.part === 'mariadb') err(`stack: not started: MariaDB: ${error.reason}`);
    else if (error instanceof StackError) err(`stack: ${error.part} failed to start: ${error.reason}`);
    else err(`stack: failed to start: ${(error as Error).message}`);
    process.exit(1);
  }
  if (aborting.signal.aborted) return shutdown(stack);

  const { urls } = stack;
  const rows: Array<[string, string, string]> = [
    [
      'gateway',
      urls.gateway,
      '/order-service/**, /orders/** → orders instances (round robin); /catalog-service/**, /catalogs/** → catalog',
    ],
    ...urls.orders.map((url, i): [string, string, string] => [`orders-service-${i + 1}`, url, 'OpenAPI at /docs']),
    ['catalog-service', urls.catalog, 'OpenAPI at /docs'],
    ['connect-worker', urls.connect, `Kafka Connect REST API; connector ${stack.connector}`],
    ['kafka', urls.kafka, 'Kafka bootstrap address (kcat -b …)'],
  ];
  out('');
  for (const [part, url, what] of rows) out(`  ${part.padEnd(width)}  ${url.padEnd(24)}  ${what}`);
  out('');
  out(
    `  curl -s -XPOST ${urls.gateway}/order-service/user-1/orders -H 'content-type: application/json' -d '{"productId":"CATALOG-001","qty":2,"unitPrice":1500}'`,
  );
  out(`  curl -s ${urls.gateway}/order-service/user-1/orders; curl -s ${urls.gateway}/catalog-service/catalogs`);
  out('');
  out(`stack: ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${stack.parts.length} parts healthy; Ctrl-C stops them`);
}

async function shutdown(stack: Stack): Promise<void> {
  await stack.stop();
  out('stack: stopped');
  process.exit(0);
}

void main();
