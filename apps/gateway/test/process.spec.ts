import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { http, waitFor } from '@kafka-sync/testing';
import { EchoUpstream } from './support/echo-upstream';

const REPO_ROOT = join(__dirname, '../../..');
const MAIN = join(REPO_ROOT, 'apps/gateway/src/main.ts');

describe('the gateway process (node -r @swc-node/register apps/gateway/src/main.ts)', () => {
  it('logs "listening on <host>:<port>" with the real port for GATEWAY_PORT=0, proxies, and exits on SIGTERM', async () => {
    const [orders, catalog] = await Promise.all([EchoUpstream.start('orders-1'), EchoUpstream.start('catalog-1')]);
    const child = spawn(process.execPath, ['-r', '@swc-node/register', MAIN], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: '1', GATEWAY_PORT: '0', GATEWAY_HOST: '127.0.0.1', ORDERS_URLS: orders.url, CATALOG_URLS: catalog.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    try {
      const port = await waitFor('the "listening on" line', () => {
        if (child.exitCode !== null) throw new Error(`the gateway exited: ${stderr}`);
        return /listening on 127\.0\.0\.1:(\d+)/.exec(stdout)?.[1];
      });
      expect(Number(port)).toBeGreaterThan(1);
      const line = stdout.split('\n').find((l) => l.includes('listening on'))!;
      expect(JSON.parse(line)).toMatchObject({ level: 'log', context: 'gateway' }); // a JSON log line like every service's

      const response = await http('GET', `http://127.0.0.1:${port}/orders?userId=u1`);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-instance-id')).toBe('orders-1');
      expect(response.body.url).toBe('/orders?userId=u1');
      expect((await http('GET', `http://127.0.0.1:${port}/health`)).status).toBe(200);

      child.kill('SIGTERM');
      // Nest runs the shutdown hooks, then re-raises the signal, so the exit is "by SIGTERM".
      expect(await exited).toEqual({ code: null, signal: 'SIGTERM' });
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await Promise.all([orders.close(), catalog.close()]);
    }
  });

  it('refuses a bad configuration at start with one readable line and exit code 1', () => {
    const result = spawnSync(process.execPath, ['-r', '@swc-node/register', MAIN], {
      cwd: REPO_ROOT,
      env: { ...process.env, GATEWAY_PORT: '0', ORDERS_URLS: 'http://127.0.0.1:8081,not a url' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      'gateway: invalid configuration: ORDERS_URLS must be a comma-separated list of URLs like http://127.0.0.1:8081, got "not a url" in "http://127.0.0.1:8081,not a url"',
    );
  });
});
