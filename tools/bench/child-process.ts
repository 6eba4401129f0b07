import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const REPO_ROOT = join(__dirname, '../..');

export interface BenchChild {
  child: ChildProcess;
  /** What `readyLine` matched (empty when none was asked for). */
  line: string;
  /** The last 20 kB of its stdout and stderr, for error reports. */
  output: () => string;
}

/**
 * Starts `node <args>` from the repository root, resolving once `readyLine` shows in its output
 * (at once without one); rejects if it exits first. `onLine` sees every output line.
 */
export function startChild(
  args: string[],
  env: NodeJS.ProcessEnv,
  readyLine?: RegExp,
  onLine?: (line: string) => void,
): Promise<BenchChild> {
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  let partial = '';
  const output = () => tail;
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-20_000);
      if (onLine) {
        const lines = (partial + text).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) onLine(line);
      }
      const match = readyLine?.exec(tail);
      if (match) resolve({ child, line: match[0], output });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code, signal) => reject(new Error(`${args.join(' ')} exited with ${code ?? signal}: ${tail.slice(-2000)}`)));
    if (!readyLine) resolve({ child, line: '', output });
  });
}

/** SIGTERM, and wait until it is gone (no-op when it already exited). */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** The built broker CLI (what `npm run broker` runs) on a free port in `dataDir`; resolves with its bootstrap address. */
export async function startBuiltBroker(dataDir: string): Promise<{ child: ChildProcess; bootstrap: string }> {
  const broker = await startChild(
    [join(REPO_ROOT, 'dist/libs/embedded-kafka/src/cli.js'), '--port', '0', '--data-dir', dataDir, '--log-level', 'warn'],
    {},
    /listening on (\S+)/,
  );
  return { child: broker.child, bootstrap: broker.line.split(' ').pop()! };
}
