import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** Debian's interpreter, where python3-kafka and python3-confluent-kafka are installed (not a pyenv one on PATH); run with -B: no __pycache__ in the tree. */
export const PYTHON = '/usr/bin/python3';
const INTEROP_DIR = join(__dirname, '../interop');

/** What an interop script's client can do, from its `caps` command. */
export interface PythonClientCaps {
  client: string;
  version: string;
  librdkafka?: string;
  /** Codec name -> null when the client can use it, else why not. */
  codecs: Record<string, string | null>;
  /** Admin operation -> whether the installed client has it. */
  admin: Record<string, boolean>;
}

/** Runs `script caps` synchronously (tests are declared from it, so it is needed before they are). */
export function pythonCaps(script: string): PythonClientCaps {
  const out = execFileSync(PYTHON, ['-B', join(INTEROP_DIR, script), 'caps'], { encoding: 'utf8', timeout: 20_000 });
  return JSON.parse(out) as PythonClientCaps;
}

const running = new Set<ChildProcess>();

/**
 * Runs `script command bootstrap prefix` (stdin: `input` as JSON) and parses the one JSON line it
 * prints. Rejects with the script's last stderr line (its readable failure) and its exit code.
 */
export function runPython<T>(script: string, command: string, args: string[], input: unknown = {}, timeoutMs = 45_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ['-B', join(INTEROP_DIR, script), command, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    running.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      stderr += `\nkilled after ${timeoutMs} ms`;
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      const lines = stdout.split('\n').filter((l) => l.trim().length > 0);
      if (code !== 0 || lines.length !== 1) {
        const reason = stderr.trim().split('\n').slice(-1)[0] ?? '';
        reject(new Error(`${script} ${command} exited with ${code ?? signal}: ${reason}\n--- stderr ---\n${stderr.slice(-4000)}`));
        return;
      }
      resolve(JSON.parse(lines[0]) as T);
    });
    child.stdin.end(JSON.stringify(input));
  });
}

/** Kills, by pid, every interop script still running (a test that timed out leaves its child behind). */
export function killPythonScripts(): void {
  for (const child of running) if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
  running.clear();
}
