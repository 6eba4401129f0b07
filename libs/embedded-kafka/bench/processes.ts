import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '../../..');
/** The built CLI (npm run bench:broker builds it first), exactly what `npm run broker` runs. */
const CLI = join(REPO_ROOT, 'dist/libs/embedded-kafka/src/cli.js');
const STDERR_TAIL_BYTES = 16 * 1024;

/**
 * Everything the benchmark starts or creates, so it can be torn down on any exit path:
 * children are killed by their pid (ChildProcess.kill signals that pid only), temp dirs removed.
 */
const liveChildren = new Set<ChildProcess>();
const tempDirs = new Set<string>();

export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** Synchronous last-resort cleanup: SIGKILL every child still alive, remove every temp dir. */
export function cleanupNow(): void {
  for (const child of liveChildren) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  liveChildren.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

/** Makes sure children and temp dirs go away on normal exit, on errors and on Ctrl-C. */
export function installCleanupHandlers(): void {
  process.on('exit', cleanupNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: cleaning up\n`);
      cleanupNow();
      process.exit(130);
    });
  }
}

export interface Memory {
  /** Resident set size now (VmRSS), bytes. */
  rss: number;
  /** Peak resident set size since start (VmHWM), bytes. */
  hwm: number;
  /** Of `rss`: anonymous memory (heaps, buffers) and file-backed pages (node binary, native addons). */
  anon: number;
  file: number;
}

/** VmRSS / VmHWM / RssAnon / RssFile of `pid` from /proc/<pid>/status. */
export function readMemory(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string): number => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!match) throw new Error(`no ${name} in /proc/${pid}/status`);
    return Number(match[1]) * 1024;
  };
  return { rss: field('VmRSS'), hwm: field('VmHWM'), anon: field('RssAnon'), file: field('RssFile') };
}

/** CPU time (user + system) `pid` has used so far, seconds, from /proc/<pid>/stat. */
export function readCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15 overall.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** USER_HZ: 100 on every mainstream Linux build. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface ManagedChild {
  readonly child: ChildProcess;
  readonly pid: number;
  /** The last few KiB of the child's stderr, for error messages. */
  stderrTail(): string;
  memory(): Memory;
  cpuSeconds(): number;
  /** Sends `signal`, escalates to SIGKILL after `graceMs`, resolves once the process is gone. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

function manage(child: ChildProcess, onStderr?: (text: string) => void): ManagedChild & { exited: Promise<string> } {
  if (child.pid === undefined) throw new Error('child process has no pid (spawn failed)');
  const pid = child.pid;
  liveChildren.add(child);
  let tail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    onStderr?.(text);
    tail = (tail + text).slice(-STDERR_TAIL_BYTES);
  });
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => {
      liveChildren.delete(child);
      resolve(signal ?? `code ${code}`);
    }),
  );
  return {
    child,
    pid,
    exited,
    stderrTail: () => tail,
    memory: () => readMemory(pid),
    cpuSeconds: () => readCpuSeconds(pid),
    async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resolves with the first regex match found in a stream of text chunks, or rejects on exit/timeout. */
function waitForLine(
  what: string,
  subscribe: (listener: (text: string) => void) => void,
  exited: Promise<string>,
  pattern: RegExp,
  timeoutMs: number,
  tail: () => string,
): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    let settled = false;
    const timer = setTimeout(() => finish(new Error(`${what} printed no ${pattern} within ${timeoutMs} ms; stderr: ${tail()}`)), timeoutMs);
    function finish(result: RegExpExecArray | Error): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (result instanceof Error) reject(result);
      else resolve(result);
    }
    subscribe((text) => {
      if (settled) return;
      seen = (seen + text).slice(-4096);
      const match = pattern.exec(seen);
      if (match) finish(match);
    });
    void exited.then((how) => finish(new Error(`${what} exited (${how}) before printing ${pattern}; stderr: ${tail()}`)));
  });
}

/** How the broker CLI is run. */
export interface BrokerLauncher {
  label: string;
  argv: string[];
  env?: NodeJS.ProcessEnv;
}

/** Exactly what `npm run broker` runs, minus npm and nx (so the child's pid is the broker's own). */
export const BROKER_LAUNCHER: BrokerLauncher = {
  label: 'built JS, as npm run broker',
  argv: [process.execPath, CLI],
};

export interface BrokerChild extends ManagedChild {
  bootstrap: string;
  /** From spawn until the `listening on` line: node start-up, module loading and log recovery. */
  startupMs: number;
}

export async function startBroker(
  dataDir: string,
  extraArgs: string[],
  launcher: BrokerLauncher = BROKER_LAUNCHER,
  timeoutMs = 180_000,
): Promise<BrokerChild> {
  const started = performance.now();
  const [command, ...args] = launcher.argv;
  const child = spawn(command, [...args, '--port', '0', '--data-dir', dataDir, ...extraArgs], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...launcher.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const managed = manage(child);
  child.stdout?.resume();
  try {
    const match = await waitForLine(
      'broker',
      (listener) => child.stdout?.on('data', (chunk: Buffer) => listener(chunk.toString())),
      managed.exited,
      /listening on (\S+:\d+)/,
      timeoutMs,
      managed.stderrTail,
    );
    return { ...managed, bootstrap: match[1], startupMs: performance.now() - started };
  } catch (error) {
    await managed.stop('SIGKILL');
    throw error;
  }
}

export interface MockChild extends ManagedChild {
  bootstrap: string;
  command: string;
}

/**
 * librdkafka's in-memory mock cluster, hosted by a kcat consumer: kcat prints the mock's
 * `bootstrap.servers=host:port` (with `-d mock`) on stderr. Its stderr must be drained for as
 * long as it runs, or the debug log would fill the pipe and stall the mock.
 */
export async function startMockCluster(kcatArgs: string[], timeoutMs = 20_000): Promise<MockChild> {
  const child = spawn('kcat', kcatArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
  const listeners: Array<(text: string) => void> = [];
  const spawnFailed = new Promise<string>((resolve) => child.once('error', (error) => resolve(`spawn error: ${error.message}`)));
  if (child.pid === undefined) throw new Error(`could not start kcat: ${await spawnFailed}`);
  const managed = manage(child, (text) => listeners.forEach((listener) => listener(text)));
  child.stdout?.resume();
  try {
    // `bootstrap.servers=` is the debug line; `replaced with` is the notice printed without -d mock.
    const match = await waitForLine(
      'kcat',
      (listener) => listeners.push(listener),
      managed.exited,
      /(?:bootstrap\.servers=|replaced with )(\d+\.\d+\.\d+\.\d+:\d+)/,
      timeoutMs,
      managed.stderrTail,
    );
    listeners.length = 0;
    return { ...managed, bootstrap: match[1], command: `kcat ${kcatArgs.join(' ')}` };
  } catch (error) {
    await managed.stop('SIGKILL');
    throw error;
  }
}
