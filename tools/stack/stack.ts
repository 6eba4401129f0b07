import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureDatabase, freePort } from '@kafka-sync/service-kit';
import { describeExit, Part, REPO_ROOT, type LineHandler, type PartExit } from './part';
import { portProblem } from './ports';
import { Supervisor, type SupervisionOptions, type SupervisorEvents } from './supervisor';
import { connect } from 'node:net';

/** The built broker (`npx nx run embedded-kafka:build`), what `npm run broker` runs. */
export const BROKER_CLI = join(REPO_ROOT, 'dist/libs/embedded-kafka/src/cli.js');
/** The compose stack's connector; the launcher registers a copy pointed at DATABASE_URL + ORDERS_DB. */
export const ORDERS_SINK_FILE = join(REPO_ROOT, 'docker/connect/orders-sink.json');

/** What `npm run orders|catalog|connect|gateway` run, minus npm (so a part's pid is the service's). */
const SERVICE_MAIN = {
  orders: 'apps/orders-service/src/main.ts',
  catalog: 'apps/catalog-service/src/main.ts',
  connect: 'apps/connect-worker/src/main.ts',
  gateway: 'apps/gateway/src/main.ts',
} as const;

/** The `npm start` variable that sets each part's port, for "port in use" messages. */
const PORT_VARIABLE: Record<string, string> = {
  kafka: 'KAFKA_PORT',
  'connect-worker': 'CONNECT_PORT',
  'catalog-service': 'CATALOG_PORT',
  gateway: 'GATEWAY_PORT',
};

export interface StackOptions {
  /** Ports: 0 picks a free one (read back into `urls`). Defaults 9092, 8083, 8090, [8081, 8082], 8000. */
  kafkaPort?: number;
  connectPort?: number;
  catalogPort?: number;
  /** One orders-service instance per port (orders-service-1, -2, …). */
  ordersPorts?: number[];
  gatewayPort?: number;
  /** MariaDB server URL without a database (mysql://root@127.0.0.1:3306). */
  databaseUrl?: string;
  ordersDb?: string;
  catalogDb?: string;
  /** Broker log (`kafka/`), the registered connector copy (`connect/`) and the parts' logs (`logs/<part>.log`). Default `.data`. */
  dataDir?: string;
  /** Every output line of every part, as it comes (each also goes to `logs/<part>.log`). */
  onLine?: LineHandler;
  /** Start-up and shut-down steps, one short sentence each. */
  onProgress?: (message: string) => void;
  /** A part that exited after start-up without `stop()` having been called. */
  onExit?: (part: string, exit: PartExit) => void;
  /** Aborting it during start-up stops what was started; startStack then rejects. */
  signal?: AbortSignal;
  /** How long each start-up step may take (default 120 s). */
  startTimeoutMs?: number;
  /** SIGTERM → SIGKILL grace per part at stop (default 15 s). */
  stopTimeoutMs?: number;
  /**
   * Restart a part that exits on its own, with backoff and a crash-loop limit (`npm start` does;
   * the e2e suite does not, so that a part it kills stays down). `events` reports each step.
   */
  supervise?: SupervisionOptions & { events: SupervisorEvents };
}

export interface StackUrls {
  gateway: string;
  orders: string[];
  catalog: string;
  connect: string;
  /** host:port (a Kafka bootstrap address, not HTTP). */
  kafka: string;
}

export interface StoppedPart {
  part: string;
  exit: PartExit;
  /** It ignored SIGTERM for `stopTimeoutMs` and got SIGKILL. */
  forced: boolean;
}

export interface Stack {
  urls: StackUrls;
  /** In start order: kafka, orders-service-1, the other orders instances, catalog-service, connect-worker, gateway. */
  parts: Part[];
  dataDir: string;
  logDir: string;
  /** The connector's name as registered (orders-sink). */
  connector: string;
  /** Sends `signal` to that part's process (by pid); resolves when it has exited. */
  kill(part: string, signal?: NodeJS.Signals): Promise<PartExit>;
  /** Starts an exited part again, same command, port and data; resolves with its pid once it is ready. */
  restart(part: string): Promise<number>;
  /** Stops every part still running: gateway, orders instances, catalog-service + connect-worker, broker last. */
  stop(): Promise<StoppedPart[]>;
}

/** A start-up failure, naming the part that caused it; everything started before it is stopped. */
export class StackError extends Error {
  constructor(
    readonly part: string,
    message: string,
  ) {
    super(`${part}: ${message}`);
    this.name = 'StackError';
    this.reason = message;
  }

  /** The message without the part's name. */
  readonly reason: string;
}

/** The order parts are stopped in: entry points first, consumers next, the broker last. */
function stopGroups(parts: Part[]): Part[][] {
  const named = (test: (name: string) => boolean) => parts.filter((p) => test(p.name));
  return [
    named((n) => n === 'gateway'),
    named((n) => n.startsWith('orders-service')),
    named((n) => n === 'catalog-service' || n === 'connect-worker'),
    named((n) => n === 'kafka'),
  ].filter((group) => group.length > 0);
}

async function stopParts(parts: Part[], timeoutMs: number, progress: (message: string) => void): Promise<StoppedPart[]> {
  const stopped: StoppedPart[] = [];
  for (const group of stopGroups(parts)) {
    await Promise.all(
      group.map(async (part) => {
        const wasRunning = part.running;
        const { exit, forced } = await part.stop(timeoutMs);
        stopped.push({ part: part.name, exit, forced });
        if (wasRunning)
          progress(`${part.name} stopped (${forced ? `did not stop within ${timeoutMs / 1000} s: SIGKILL` : describeExit(exit)})`);
      }),
    );
  }
  return stopped;
}

/** Whether something accepts TCP connections at host:port (the broker, which speaks no HTTP). */
function tcpReady(address: string): Promise<true | string> {
  const at = address.lastIndexOf(':');
  return new Promise((resolve) => {
    const socket = connect({ host: address.slice(0, at), port: Number(address.slice(at + 1)) });
    socket.setTimeout(2000);
    const done = (result: true | string) => {
      socket.destroy();
      resolve(result);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(`${address}: no answer`));
    socket.once('error', (error) => done(`${address}: ${error.message}`));
  });
}

/** mysql://user:secret@host → mysql://user:***@host, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@/]*@/, '$1***@');
}

/** docker/connect/orders-sink.json with its connection pointed at `databaseUrl` + `ordersDb`. */
export function ordersSinkConnector(databaseUrl: string, ordersDb: string): { name: string; config: Record<string, string> } {
  const connector = JSON.parse(readFileSync(ORDERS_SINK_FILE, 'utf8')) as { name: string; config: Record<string, string> };
  const url = new URL(databaseUrl);
  const host = url.hostname.includes(':') && !url.hostname.startsWith('[') ? `[${url.hostname}]` : url.hostname;
  connector.config['connection.url'] = `jdbc:mariadb://${host}:${url.port || 3306}/${ordersDb}`;
  connector.config['connection.user'] = decodeURIComponent(url.username || 'root');
  connector.config['connection.password'] = decodeURIComponent(url.password);
  return connector;
}

function failureText(error: unknown): string {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(error);
}

async function get(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return { status: response.status, body: await response.text() };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts the whole system as child processes, each part once the ones it needs are up:
 *
 * 1. kafka (the built broker): every other part needs it;
 * 2. orders-service-1: its migration creates the orders table, which the sink writes but does not create;
 * 3. the other orders instances, catalog-service and connect-worker (with the orders-sink connector), side by side;
 * 4. the gateway, once every upstream is up.
 *
 * Resolves when every part is healthy (services: /health/ready 200; connect-worker: the connector
 * and its tasks RUNNING; gateway: /health 200). Rejects with a StackError naming the part that
 * failed, after stopping whatever it had started.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const kafkaPort = options.kafkaPort ?? 9092;
  const connectPort = options.connectPort ?? 8083;
  const catalogPort = options.catalogPort ?? 8090;
  const ordersPorts = options.ordersPorts ?? [8081, 8082];
  const gatewayPort = options.gatewayPort ?? 8000;
  const databaseUrl = options.databaseUrl ?? 'mysql://root@127.0.0.1:3306';
  const ordersDb = options.ordersDb ?? 'orders';
  const catalogDb = options.catalogDb ?? 'catalog';
  const dataDir = resolve(options.dataDir ?? '.data');
  const logDir = join(dataDir, 'logs');
  const startTimeoutMs = options.startTimeoutMs ?? 120_000;
  const stopTimeoutMs = options.stopTimeoutMs ?? 15_000;
  const progress = (message: string) => options.onProgress?.(message);

  const parts: Part[] = [];
  let stopping: Promise<StoppedPart[]> | null = null;
  let up = false;
  // If the launcher itself ends (an exception, process.exit on a forced stop), no part outlives it.
  const killAll = () => parts.forEach((p) => p.signal('SIGKILL'));
  process.on('exit', killAll);
  let supervisor: Supervisor | null = null;
  const stop = () => {
    supervisor?.stop();
    return (stopping ??= stopParts(parts, stopTimeoutMs, progress).finally(() => {
      process.off('exit', killAll);
    }));
  };

  /** How each part was started, so restart() can start it the same way. */
  const commands = new Map<string, { args: string[]; env: NodeJS.ProcessEnv }>();
  const newPart = (name: string, args: string[], env: NodeJS.ProcessEnv, logFlags: 'w' | 'a'): Part => {
    const part = new Part(
      name,
      args,
      { ...process.env, KAFKAJS_NO_PARTITIONER_WARNING: '1', ...env },
      join(logDir, `${name}.log`),
      options.onLine,
      logFlags,
    );
    void part.exited.then((exit) => {
      if (!up || stopping) return;
      options.onExit?.(name, exit);
      supervisor?.exited(name, exit);
    });
    return part;
  };
  const spawnPart = (name: string, args: string[], env: NodeJS.ProcessEnv): Part => {
    commands.set(name, { args, env });
    const part = newPart(name, args, env, 'w');
    parts.push(part);
    return part;
  };
  const restart = async (name: string): Promise<number> => {
    const index = parts.findIndex((p) => p.name === name);
    const old = parts[index];
    if (!old) throw new Error(`restart: no part named ${name}`);
    if (old.running) throw new Error(`restart: ${name} is still running (pid ${old.pid})`);
    if (stopping) throw new Error(`restart: the stack is stopping`);
    const { args, env } = commands.get(name)!;
    // The broker comes back on the port it had (a free port picked at start included): clients reconnect there.
    const argv = name === 'kafka' ? args.map((a, i) => (args[i - 1] === '--port' ? old.url.slice(old.url.lastIndexOf(':') + 1) : a)) : args;
    const part = newPart(name, argv, env, 'a');
    part.url = old.url;
    parts[index] = part;
    const ready = name === 'kafka' ? () => tcpReady(old.url) : httpReady(`${part.url}${name === 'gateway' ? '/health' : '/health/ready'}`);
    const deadline = Date.now() + startTimeoutMs;
    for (;;) {
      if (part.exit) throw new StackError(name, `exited during its restart (${describeExit(part.exit)}): ${part.lastProblem()}`);
      const result = await ready().catch((error: unknown) => failureText(error));
      if (result === true) break;
      if (Date.now() > deadline) throw new StackError(name, `not ready ${startTimeoutMs / 1000} s after its restart: ${result}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return part.pid;
  };

  /** Polls each check until it returns true; any started part exiting, the abort signal or the deadline ends the start. */
  const waitUntil = async (what: Array<{ part: Part; check: () => Promise<true | string> | true | string; up: () => string }>) => {
    const deadline = Date.now() + startTimeoutMs;
    const last = new Map<Part, string>();
    let pending = what;
    while (pending.length > 0) {
      if (options.signal?.aborted) throw new StackError('stack', 'start-up interrupted');
      for (const part of parts) {
        if (part.exit) throw new StackError(part.name, `exited during start-up (${describeExit(part.exit)}): ${part.lastProblem()}`);
      }
      const results = await Promise.all(
        pending.map(async (w) => {
          try {
            return await w.check();
          } catch (error) {
            if (error instanceof StackError) throw error;
            return failureText(error);
          }
        }),
      );
      const still: typeof pending = [];
      pending.forEach((w, i) => {
        const result = results[i];
        if (result === true) progress(w.up());
        else {
          last.set(w.part, result);
          still.push(w);
        }
      });
      pending = still;
      if (pending.length > 0 && Date.now() > deadline) {
        const late = pending[0].part;
        throw new StackError(
          late.name,
          `not up after ${startTimeoutMs / 1000} s (last: ${last.get(late)}); see ${join(logDir, `${late.name}.log`)}`,
        );
      }
      if (pending.length > 0) await sleep(250);
    }
  };
  const httpReady = (url: string) => async () => {
    const { status, body } = await get(url);
    return status === 200 ? true : `${url} answered ${status} ${body.slice(0, 300)}`;
  };
  const listeningLine = (part: Part) => {
    let address: string | undefined;
    void part.nextLine(/listening on (\S+)/).then((match) => (address = match[1]));
    return () => address;
  };

  try {
    // Checked up front, so a taken port is one clear line before anything starts.
    const ordersNames = ordersPorts.map((_, i) => `orders-service-${i + 1}`);
    const fixed: Array<[string, number]> = [
      ['kafka', kafkaPort],
      ['connect-worker', connectPort],
      ['catalog-service', catalogPort],
      ...ordersNames.map((n, i) => [n, ordersPorts[i]] as [string, number]),
      ['gateway', gatewayPort],
    ];
    const seen = new Map<number, string>();
    for (const [name, port] of fixed) {
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new StackError(name, `port must be an integer from 0 to 65535, got ${port}`);
      if (port === 0) continue;
      if (seen.has(port)) throw new StackError(name, `port ${port} is given to both ${seen.get(port)} and ${name}`);
      seen.set(port, name);
    }
    const problems = await Promise.all(fixed.map(async ([name, port]) => [name, port === 0 ? null : await portProblem(port)] as const));
    for (const [name, problem] of problems) {
      if (problem)
        throw new StackError(name, `${problem} (set ${PORT_VARIABLE[name] ?? 'ORDERS_PORTS'} to a free port, or stop what uses it)`);
    }
    const taken = new Set(seen.keys());
    const portFor = async (port: number) => {
      if (port !== 0) return port;
      for (;;) {
        const candidate = await freePort();
        if (!taken.has(candidate)) {
          taken.add(candidate);
          return candidate;
        }
      }
    };

    for (const name of [ordersDb, catalogDb]) {
      if (!/^[A-Za-z0-9_]{1,64}$/.test(name))
        throw new StackError('mariadb', `database names must be 1-64 letters, digits or underscores, got "${name}"`);
    }
    try {
      await ensureDatabase(databaseUrl, ordersDb);
      await ensureDatabase(databaseUrl, catalogDb);
    } catch (error) {
      throw new StackError(
        'mariadb',
        `cannot create the databases on ${redactUrl(databaseUrl)}: ${(error as Error).message} (is MariaDB running? set DATABASE_URL)`,
      );
    }
    progress(`databases ${ordersDb} and ${catalogDb} present on ${redactUrl(databaseUrl)}`);

    if (!existsSync(BROKER_CLI))
      throw new StackError('kafka', `${BROKER_CLI} is missing: build it with \`npx nx run embedded-kafka:build\` (npm start does)`);
    for (const dir of [logDir, join(dataDir, 'kafka'), join(dataDir, 'connect')]) mkdirSync(dir, { recursive: true });

    // 1. The broker.
    const kafka = spawnPart('kafka', [BROKER_CLI, '--port', String(kafkaPort), '--data-dir', join(dataDir, 'kafka')], {});
    const kafkaAddress = listeningLine(kafka);
    await waitUntil([
      {
        part: kafka,
        check: () => (kafkaAddress() ? true : 'no "listening on" line yet'),
        up: () => `kafka up at ${kafkaAddress()} (pid ${kafka.pid})`,
      },
    ]);
    const bootstrap = kafkaAddress()!;
    kafka.url = bootstrap;
    const shared = { KAFKA_BROKERS: bootstrap, DATABASE_URL: databaseUrl };

    // 2. The first orders instance: its migration creates the orders table before the sink writes to it.
    const startOrders = async (index: number) => {
      const name = ordersNames[index];
      const port = await portFor(ordersPorts[index]);
      const part = spawnPart(name, ['-r', '@swc-node/register', SERVICE_MAIN.orders], {
        ...shared,
        PORT: String(port),
        ORDERS_DB: ordersDb,
        INSTANCE_ID: name,
      });
      part.url = `http://127.0.0.1:${port}`;
      return { part, check: httpReady(`${part.url}/health/ready`), up: () => `${name} up at ${part.url} (pid ${part.pid})` };
    };
    await waitUntil([await startOrders(0)]);

    // 3. The rest of the services, side by side.
    const others = await Promise.all(ordersPorts.slice(1).map((_, i) => startOrders(i + 1)));
    const catalogListen = await portFor(catalogPort);
    const catalog = spawnPart('catalog-service', ['-r', '@swc-node/register', SERVICE_MAIN.catalog], {
      ...shared,
      PORT: String(catalogListen),
      CATALOG_DB: catalogDb,
    });
    catalog.url = `http://127.0.0.1:${catalogListen}`;
    const connector = ordersSinkConnector(databaseUrl, ordersDb);
    const connectorFile = join(dataDir, 'connect', 'orders-sink.json');
    writeFileSync(connectorFile, `${JSON.stringify(connector, null, 2)}\n`);
    const connectListen = await portFor(connectPort);
    const connect = spawnPart('connect-worker', ['-r', '@swc-node/register', SERVICE_MAIN.connect], {
      ...shared,
      CONNECT_PORT: String(connectListen),
      CONNECTORS_FILES: connectorFile,
      // Supervised, the stack also heals the sink: a task FAILED because MariaDB or the broker was gone is restarted.
      ...(options.supervise && { CONNECT_TASK_RESTART_BACKOFF_MS: '1000' }),
    });
    connect.url = `http://127.0.0.1:${connectListen}`;
    const connectorRunning = async (): Promise<true | string> => {
      const health = await get(`${connect.url}/health/ready`);
      if (health.status !== 200) return `/health/ready answered ${health.status}`;
      const { status, body } = await get(`${connect.url}/connectors/${encodeURIComponent(connector.name)}/status`);
      if (status !== 200) return `connector ${connector.name}: ${status} ${body.slice(0, 200)}`;
      const info = JSON.parse(body) as {
        connector: { state: string; trace?: string };
        tasks: Array<{ id: number; state: string; trace?: string }>;
      };
      const failed = [info.connector, ...info.tasks].find((s) => s.state === 'FAILED');
      if (failed)
        throw new StackError('connect-worker', `connector ${connector.name} FAILED: ${(failed.trace ?? 'no trace').split('\n')[0]}`);
      if (info.connector.state === 'RUNNING' && info.tasks.length > 0 && info.tasks.every((t) => t.state === 'RUNNING')) return true;
      return `connector ${connector.name} ${info.connector.state}, tasks ${info.tasks.map((t) => t.state).join(',') || 'none yet'}`;
    };
    await waitUntil([
      ...others,
      {
        part: catalog,
        check: httpReady(`${catalog.url}/health/ready`),
        up: () => `catalog-service up at ${catalog.url} (pid ${catalog.pid})`,
      },
      {
        part: connect,
        check: connectorRunning,
        up: () => `connect-worker up at ${connect.url} (pid ${connect.pid}), connector ${connector.name} RUNNING into ${ordersDb}.orders`,
      },
    ]);

    // 4. The gateway in front of them.
    const ordersParts = parts.filter((p) => p.name.startsWith('orders-service'));
    const gateway = spawnPart('gateway', ['-r', '@swc-node/register', SERVICE_MAIN.gateway], {
      GATEWAY_PORT: String(gatewayPort),
      ORDERS_URLS: ordersParts.map((p) => p.url).join(','),
      CATALOG_URLS: catalog.url,
    });
    const gatewayAddress = listeningLine(gateway);
    await waitUntil([
      {
        part: gateway,
        check: async () => {
          const address = gatewayAddress();
          if (!address) return 'no "listening on" line yet';
          gateway.url = `http://127.0.0.1:${address.slice(address.lastIndexOf(':') + 1)}`;
          return httpReady(`${gateway.url}/health`)();
        },
        up: () => `gateway up at ${gateway.url} (pid ${gateway.pid}), round robin over ${ordersParts.length} orders instances`,
      },
    ]);

    for (const part of parts) {
      if (part.exit) throw new StackError(part.name, `exited during start-up (${describeExit(part.exit)}): ${part.lastProblem()}`);
    }
    up = true;
    if (options.supervise) supervisor = new Supervisor(options.supervise, restart, options.supervise.events);
    return {
      urls: { gateway: gateway.url, orders: ordersParts.map((p) => p.url), catalog: catalog.url, connect: connect.url, kafka: bootstrap },
      parts,
      dataDir,
      logDir,
      connector: connector.name,
      kill: (name, signal = 'SIGTERM') => {
        const part = parts.find((p) => p.name === name);
        if (!part) return Promise.reject(new Error(`no part named ${name} (parts: ${parts.map((p) => p.name).join(', ')})`));
        part.signal(signal);
        return part.exited;
      },
      restart,
      stop,
    };
  } catch (error) {
    await stop();
    if (error instanceof StackError) throw error;
    throw new StackError('stack', (error as Error).message);
  }
}
