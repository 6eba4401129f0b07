// A connect-worker in its own process (`node -r @swc-node/register apps/connect-worker/src/main.ts`),
// for the tests that kill one with SIGKILL mid-stream and start another on the same topics.

import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort, http } from '@kafka-sync/testing';

const REPO_ROOT = join(__dirname, '../../../..');
const MAIN = join(REPO_ROOT, 'apps/connect-worker/src/main.ts');

export interface WorkerProcess {
  readonly child: ChildProcess;
  /** Its REST API. */
  readonly url: string;
  /** stdout + stderr so far (the worker's log lines). */
  output(): string;
  /** Kills it with SIGKILL (by its own pid) and resolves once it has exited. */
  kill(): Promise<void>;
}

/** The worker processes a test file started; killAll() in afterAll. */
export class WorkerProcesses {
  private readonly running = new Set<WorkerProcess>();
  private exitHook = false;

  /**
   * Starts a worker configured by `env` (over this process's environment; CONNECT_PORT is a free
   * port) and resolves once its REST API answers, the connectors of CONNECTORS_FILES registered.
   */
  async start(env: Record<string, string>): Promise<WorkerProcess> {
    if (!this.exitHook) {
      // Jest's worker ending without afterAll (a crash, a forced exit): no worker outlives it.
      process.once('exit', () => this.running.forEach((worker) => worker.child.kill('SIGKILL')));
      this.exitHook = true;
    }
    const port = await freePort();
    const child = spawn(process.execPath, ['-r', '@swc-node/register', MAIN], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env, CONNECT_PORT: String(port), CONNECT_HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const append = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-100_000));
    child.stdout!.on('data', append);
    child.stderr!.on('data', append);
    const exited = new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.once('error', () => resolve()); // could not be spawned: no exit event follows
    });
    const worker: WorkerProcess = {
      child,
      url: `http://127.0.0.1:${port}`,
      output: () => output,
      kill: async () => {
        child.kill('SIGKILL'); // ChildProcess.kill signals child.pid; a no-op once it has exited
        await exited;
      },
    };
    this.running.add(worker);
    void exited.then(() => this.running.delete(worker));

    const deadline = Date.now() + 45_000;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined)
        throw new Error(`the worker process exited during its start: ${output.slice(-2000)}`);
      if ((await http('GET', `${worker.url}/`).catch(() => ({ status: 0 }))).status === 200) return worker;
      if (Date.now() > deadline) {
        await worker.kill();
        throw new Error(`the worker process did not answer on ${worker.url} within 45 s: ${output.slice(-2000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** SIGKILL to every worker still running, each by its pid; resolves once all have exited. */
  async killAll(): Promise<void> {
    await Promise.all([...this.running].map((worker) => worker.kill()));
  }
}
