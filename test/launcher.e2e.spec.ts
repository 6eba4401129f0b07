// `npm start` itself: the launcher's command line (tools/stack/main.ts), as a user runs it, on
// free ports with throwaway databases. The scenarios in orders-sync.e2e.spec.ts drive the same
// stack through startStack; this file checks what the command prints and how it stops.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { http, throwawayDatabase, waitFor } from '@kafka-sync/testing';
import { startChild } from '@kafka-sync/bench';
import { RUNNING_STACK } from './support/target';

const REPO_ROOT = join(__dirname, '..');
const LAUNCHER = ['-r', '@swc-node/register', join(REPO_ROOT, 'tools/stack/main.ts')];
const ALL_FREE_PORTS = { KAFKA_PORT: '0', CONNECT_PORT: '0', CATALOG_PORT: '0', ORDERS_PORTS: '0,0', GATEWAY_PORT: '0' };

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

// A running stack is someone else's: these tests start their own, so they only run on the embedded target.
const describeEmbedded = RUNNING_STACK ? describe.skip : describe;

describeEmbedded('npm start (tools/stack/main.ts)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'e2e-launcher-'));
  const ordersDb = throwawayDatabase('e2e_launch_orders');
  const catalogDb = throwawayDatabase('e2e_launch_catalog');

  afterAll(async () => {
    await ordersDb.drop();
    await catalogDb.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints every part and a ready line, serves an order through the gateway, and stops every part on SIGINT with exit 0', async () => {
    const env = { ...ALL_FREE_PORTS, DATA_DIR: dataDir, ORDERS_DB: ordersDb.name, CATALOG_DB: catalogDb.name };
    const launcher = await startChild(LAUNCHER, env, /stack: ready in/);
    const exited = new Promise<number | null>((resolve) => launcher.child.once('exit', (code) => resolve(code)));
    try {
      const output = launcher.output();
      for (const part of ['gateway', 'orders-service-1', 'orders-service-2', 'catalog-service', 'connect-worker', 'kafka']) {
        expect(output).toMatch(new RegExp(`^  ${part} +\\S+`, 'm'));
      }
      const gateway = /^ {2}gateway +(http:\/\/\S+)/m.exec(output)![1];
      const res = await http('POST', `${gateway}/order-service/launcher-user/orders`, {
        productId: 'CATALOG-001',
        qty: 1,
        unitPrice: 1500,
      });
      expect(res.status).toBe(201);

      const pids = [...output.matchAll(/\(pid (\d+)\)/g)].map((m) => Number(m[1]));
      expect(pids).toHaveLength(6);
      launcher.child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(launcher.output()).toMatch(/stack: stopped\n/);
      expect(pids.filter(isAlive)).toEqual([]);
    } finally {
      launcher.child.kill('SIGKILL');
    }
  });

  it('supervises its parts: catalog-service and the broker killed with SIGKILL come back on their ports, one line each naming the exit; the gateway /health is 503 meanwhile, 200 after; orders flow again', async () => {
    const env = { ...ALL_FREE_PORTS, DATA_DIR: dataDir, ORDERS_DB: ordersDb.name, CATALOG_DB: catalogDb.name };
    const lines: string[] = [];
    const launcher = await startChild(LAUNCHER, env, /stack: ready in/, (line) => lines.push(line));
    const exited = new Promise<number | null>((resolve) => launcher.child.once('exit', (code) => resolve(code)));
    const lineMatching = (pattern: RegExp, what: string) =>
      waitFor(what, async () => lines.find((l) => pattern.test(l)), 60_000, 100).catch((error: Error) => {
        throw new Error(`${error.message}; output:\n${launcher.output().slice(-3000)}`);
      });
    try {
      const output = launcher.output();
      const gateway = /^ {2}gateway +(http:\/\/\S+)/m.exec(output)![1];
      const pidOf = (part: string) => Number(new RegExp(`${part} up at \\S+ \\(pid (\\d+)`).exec(output)![1]);
      const health = async () => (await http('GET', `${gateway}/health`)).status;
      expect(await health()).toBe(200);

      process.kill(pidOf('catalog-service'), 'SIGKILL');
      await waitFor('the gateway /health to answer 503', async () => (await health()) === 503, 10_000, 50);
      await lineMatching(
        /^stack: catalog-service exited \(.*SIGKILL.*\); restarting it in 0\.5 s \(exit 1 within a minute\)$/,
        'the restart line',
      );
      const back = await lineMatching(/^stack: catalog-service is back \(pid (\d+); down [\d.]+ s\)$/, 'catalog-service back');
      expect(isAlive(Number(/pid (\d+)/.exec(back)![1]))).toBe(true);
      await waitFor('the gateway /health to answer 200 again', async () => (await health()) === 200, 30_000, 100);

      process.kill(pidOf('kafka'), 'SIGKILL');
      await lineMatching(/^stack: kafka exited \(.*SIGKILL.*\); restarting it in 0\.5 s/, 'the broker restart line');
      await lineMatching(/^stack: kafka is back \(pid \d+; down [\d.]+ s\)$/, 'the broker back');
      // The producers reconnect to the same port: an order is taken again (a 503 until they have).
      const order = await waitFor(
        'an order accepted after the broker came back',
        async () => {
          const res = await http('POST', `${gateway}/order-service/supervised-user/orders`, {
            productId: 'CATALOG-001',
            qty: 1,
            unitPrice: 1500,
          });
          return res.status === 201 && res;
        },
        60_000,
        500,
      );
      expect(order.body.orderId).toEqual(expect.any(String));
      await waitFor('the gateway /health to answer 200 with the broker back', async () => (await health()) === 200, 60_000, 200);
      launcher.child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      launcher.child.kill('SIGKILL');
    }
  });

  it('a port in use: one line naming the part and the port, exit 1, nothing left running', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '0.0.0.0', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const result = spawnSync(process.execPath, LAUNCHER, {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          ...ALL_FREE_PORTS,
          GATEWAY_PORT: String(port),
          DATA_DIR: dataDir,
          ORDERS_DB: ordersDb.name,
          CATALOG_DB: catalogDb.name,
        },
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(
        `stack: gateway failed to start: port ${port} is already in use (set GATEWAY_PORT to a free port, or stop what uses it)`,
      );
      expect([...result.stdout.matchAll(/\(pid (\d+)\)/g)].map((m) => Number(m[1])).filter(isAlive)).toEqual([]);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('a bad setting: one readable line and exit 1 before anything starts', () => {
    const result = spawnSync(process.execPath, LAUNCHER, {
      cwd: REPO_ROOT,
      env: { ...process.env, ORDERS_PORTS: '8081,eighty', DATA_DIR: dataDir },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      'stack: invalid configuration: ORDERS_PORTS must be a comma-separated list of ports (0 = any free port), got "8081,eighty"',
    );
    expect(result.stdout).not.toContain('(pid ');
  });
});
