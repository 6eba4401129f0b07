import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort, http, TEST_DATABASE_URL, waitFor } from '@kafka-sync/testing';

export const REPO_ROOT = join(__dirname, '../../../..');
export const MAIN = join(REPO_ROOT, 'apps/catalog-service/src/main.ts');

export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  /** stdout + stderr so far (JSON log lines). */
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `node -r @swc-node/register apps/catalog-service/src/main.ts` as a child process, resolved once /health/ready says 200. */
export async function startServiceProcess(env: Record<string, string>): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', '@swc-node/register', MAIN], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: TEST_DATABASE_URL, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  let gone = false;
  void exited.then(() => (gone = true));
  await waitFor(
    'the catalog-service process to be ready',
    async () => {
      if (gone) throw new Error(`catalog-service exited during start: ${output.slice(-2000)}`);
      return (await http('GET', `${url}/health/ready`).catch(() => ({ status: 0 }))).status === 200;
    },
    45_000,
  );
  return { child, url, output: () => output, exited };
}
