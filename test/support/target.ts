import { exec } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPool, type Pool } from 'mysql2/promise';
import { TEST_DATABASE_URL, throwawayDatabase, waitFor } from '@kafka-sync/testing';
import { describeExit, startStack, type PartExit, type Stack } from '@kafka-sync/stack';

/** One database of the system under test, queried directly (the suite checks the tables themselves). */
export interface Database {
  query<T>(sql: string, params?: unknown[]): Promise<T>;
  close(): Promise<void>;
}

/** What the scenarios run against: the same assertions on either target. */
export interface Target {
  description: string;
  gateway: string;
  /** Instance A and instance B (the one the kill scenario kills). */
  orders: [string, string];
  catalog: string;
  ordersDb: Database;
  catalogDb: Database;
  /** SIGKILLs instance B and resolves once it no longer answers. */
  killOrdersB(): Promise<void>;
  /** SIGKILLs catalog-service and resolves once it no longer answers (only where CATALOG_KILL_SKIP_REASON is null). */
  killCatalog(): Promise<void>;
  /** Starts catalog-service again and resolves once it is ready. */
  restartCatalog(): Promise<void>;
  /** Stops one broker of a replicated cluster, and starts it again (only where BROKER_STOP_SKIP_REASON is null). */
  stopBroker?(): Promise<void>;
  startBroker?(): Promise<void>;
  /** Parts of an embedded stack that exited on their own (not by `stop()`), for the report. */
  unexpectedExits: Array<{ part: string; exit: PartExit }>;
  /** Stops what this suite started and drops what it created (nothing, on a running stack). */
  close(): Promise<void>;
}

/** The running-stack target is chosen by E2E_GATEWAY_URL; everything else has defaults or is required with it. */
export const RUNNING_STACK = Boolean(process.env.E2E_GATEWAY_URL);

/**
 * Why the kill -9 scenario cannot run, or null when it can: the embedded stack can always kill
 * its own child; a running stack needs E2E_KILL_ORDERS_COMMAND.
 */
export const KILL_SKIP_REASON =
  RUNNING_STACK && !process.env.E2E_KILL_ORDERS_COMMAND
    ? 'E2E_KILL_ORDERS_COMMAND is not set: the kill -9 scenario needs a shell command that kills the orders instance at the second E2E_ORDERS_URLS entry'
    : null;

/** Why the catalog-service kill scenario cannot run, or null when it can (a running stack needs the commands). */
export const CATALOG_KILL_SKIP_REASON =
  RUNNING_STACK && (!process.env.E2E_KILL_CATALOG_COMMAND || !process.env.E2E_START_CATALOG_COMMAND)
    ? 'E2E_KILL_CATALOG_COMMAND and E2E_START_CATALOG_COMMAND are not set: the catalog-service kill scenario needs shell commands that kill catalog-service with SIGKILL and start it again'
    : null;

/**
 * Why the broker-stop scenario cannot run, or null when it can: it needs a replicated cluster
 * (docker compose's cluster profile) and the commands that stop and start one of its brokers.
 */
export const BROKER_STOP_SKIP_REASON = !RUNNING_STACK
  ? 'the embedded stack has one broker: stopping it is an outage, not a fault the cluster rides out'
  : !process.env.E2E_STOP_BROKER_COMMAND || !process.env.E2E_START_BROKER_COMMAND
    ? 'E2E_STOP_BROKER_COMMAND and E2E_START_BROKER_COMMAND are not set: the broker-stop scenario needs a replicated cluster (npm run e2e:compose -- --profile cluster sets them)'
    : null;

/** Runs one of the E2E_*_COMMAND shell commands, failing with its name and stderr. */
function runCommand(variable: string): Promise<void> {
  return new Promise<void>((resolve, reject) =>
    exec(process.env[variable]!, { timeout: 120_000 }, (error, _stdout, stderr) =>
      error ? reject(new Error(`${variable} failed: ${error.message} ${stderr}`)) : resolve(),
    ),
  );
}

function database(databaseUrl: string, name: string): Database {
  const url = new URL(databaseUrl);
  const pool: Pool = createPool({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
    database: name,
    connectionLimit: 4,
    timezone: 'Z',
  });
  return {
    query: async <T>(sql: string, params: unknown[] = []) => (await pool.query(sql, params))[0] as T,
    close: () => pool.end(),
  };
}

/** Resolves once `url` stops answering (connection refused or reset). */
async function gone(url: string): Promise<void> {
  await waitFor(
    `${url} to stop answering`,
    async () => {
      try {
        await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
        return false;
      } catch {
        return true;
      }
    },
    60_000,
    200,
  );
}

/**
 * The default target: the whole system started by startStack, every port free and read back, a
 * temporary data directory and throwaway databases (dropped, like everything else, by close()).
 */
async function embeddedTarget(): Promise<Target> {
  const ordersName = throwawayDatabase('e2e_orders');
  const catalogName = throwawayDatabase('e2e_catalog');
  const dataDir = await mkdtemp(join(tmpdir(), 'e2e-stack-'));
  const unexpectedExits: Target['unexpectedExits'] = [];
  const cleanUp = async (stack?: Stack) => {
    await stack?.stop();
    // Settled, not all: after a failed start (MariaDB down, say) the drop may fail too, and the start's error is the one to see.
    const drops = await Promise.allSettled([ordersName.drop(), catalogName.drop()]);
    if (process.env.E2E_KEEP_DATA) process.stdout.write(`[orders-sync] the stack's data and logs are kept in ${dataDir}\n`);
    else await rm(dataDir, { recursive: true, force: true });
    const failed = drops.find((d): d is PromiseRejectedResult => d.status === 'rejected');
    if (stack && failed) throw failed.reason;
  };
  let stack: Stack;
  try {
    stack = await startStack({
      kafkaPort: 0,
      connectPort: 0,
      catalogPort: 0,
      ordersPorts: [0, 0],
      gatewayPort: 0,
      databaseUrl: TEST_DATABASE_URL,
      ordersDb: ordersName.name,
      catalogDb: catalogName.name,
      dataDir,
      onExit: (part, exit) => unexpectedExits.push({ part, exit }),
    });
  } catch (error) {
    await cleanUp();
    throw error;
  }
  const ordersDb = database(TEST_DATABASE_URL, ordersName.name);
  const catalogDb = database(TEST_DATABASE_URL, catalogName.name);
  const [a, b] = stack.urls.orders;
  return {
    description: `the embedded stack (gateway ${stack.urls.gateway}, orders ${a} ${b}, catalog ${stack.urls.catalog}, data in ${dataDir})`,
    gateway: stack.urls.gateway,
    orders: [a, b],
    catalog: stack.urls.catalog,
    ordersDb,
    catalogDb,
    unexpectedExits,
    killOrdersB: async () => {
      // By the pid of the child this suite started, never by name.
      const exit = await stack.kill('orders-service-2', 'SIGKILL');
      if (exit.signal !== 'SIGKILL') throw new Error(`orders-service-2 ended with ${describeExit(exit)}, not by the SIGKILL`);
      await gone(b);
    },
    killCatalog: async () => {
      const exit = await stack.kill('catalog-service', 'SIGKILL');
      if (exit.signal !== 'SIGKILL') throw new Error(`catalog-service ended with ${describeExit(exit)}, not by the SIGKILL`);
      await gone(stack.urls.catalog);
    },
    restartCatalog: async () => {
      await stack.restart('catalog-service');
      // The suite killed it on purpose: its exit is not one the launcher should have to explain.
      const index = unexpectedExits.findIndex((e) => e.part === 'catalog-service' && e.exit.signal === 'SIGKILL');
      if (index >= 0) unexpectedExits.splice(index, 1);
    },
    close: async () => {
      await Promise.all([ordersDb.close(), catalogDb.close()]);
      await cleanUp(stack);
    },
  };
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required when E2E_GATEWAY_URL is set (see test/README.md)`);
  return value.replace(/\/+$/, '');
}

/** A stack somebody else started (docker compose): only its URLs and databases are known. */
async function runningTarget(): Promise<Target> {
  const gateway = required('E2E_GATEWAY_URL');
  const orders = required('E2E_ORDERS_URLS')
    .split(',')
    .map((u) => u.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  if (orders.length !== 2) throw new Error(`E2E_ORDERS_URLS must list the two orders instances, got "${process.env.E2E_ORDERS_URLS}"`);
  const catalog = required('E2E_CATALOG_URL');
  const databaseUrl = process.env.DATABASE_URL || 'mysql://root@127.0.0.1:3306';
  const ordersDb = database(databaseUrl, process.env.ORDERS_DB || 'orders');
  const catalogDb = database(databaseUrl, process.env.CATALOG_DB || 'catalog');
  return {
    description: `the running stack at ${gateway} (orders ${orders.join(' ')}, catalog ${catalog})`,
    gateway,
    orders: [orders[0], orders[1]],
    catalog,
    ordersDb,
    catalogDb,
    unexpectedExits: [],
    killOrdersB: async () => {
      await runCommand('E2E_KILL_ORDERS_COMMAND');
      await gone(orders[1]);
    },
    killCatalog: async () => {
      await runCommand('E2E_KILL_CATALOG_COMMAND');
      await gone(catalog);
    },
    restartCatalog: async () => {
      await runCommand('E2E_START_CATALOG_COMMAND');
      await waitFor(
        `${catalog} ready again`,
        async () => (await fetch(`${catalog}/health/ready`, { signal: AbortSignal.timeout(2000) }).catch(() => null))?.status === 200,
        120_000,
        500,
      );
    },
    stopBroker: () => runCommand('E2E_STOP_BROKER_COMMAND'),
    startBroker: () => runCommand('E2E_START_BROKER_COMMAND'),
    close: async () => {
      await Promise.all([ordersDb.close(), catalogDb.close()]);
    },
  };
}

export function startTarget(): Promise<Target> {
  return RUNNING_STACK ? runningTarget() : embeddedTarget();
}
