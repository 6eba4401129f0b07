import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '../..');

export interface PartExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export type OutputStream = 'stdout' | 'stderr';

/** Sees every output line of every part (they also go to the part's log file). */
export type LineHandler = (part: string, line: string, stream: OutputStream) => void;

export function describeExit(exit: PartExit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}

/**
 * One process of the stack: `node <args>` from the repository root, its output split into lines,
 * each line written to `logFile` and handed to `onLine`.
 *
 * Detached (its own process group), so that a Ctrl-C in the terminal reaches only the launcher,
 * which then stops the parts one after the other in the right order instead of all at once.
 */
export class Part {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves once the process is gone and its output is read to the end. */
  readonly exited: Promise<PartExit>;
  exit: PartExit | null = null;
  /** Where it answers (http://127.0.0.1:port; host:port for the broker), once known. */
  url = '';
  private readonly recent: Array<{ line: string; stream: OutputStream }> = [];
  private readonly watchers: Array<{ pattern: RegExp; resolve: (match: RegExpExecArray) => void }> = [];

  constructor(
    readonly name: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    logFile: string,
    onLine?: LineHandler,
    /** 'a' for a restarted part: its log continues the first run's. */
    logFlags: 'w' | 'a' = 'w',
  ) {
    const log = createWriteStream(logFile, { flags: logFlags });
    log.on('error', () => undefined); // a log file that cannot be written must not take the stack down
    this.child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.pid = this.child.pid ?? -1;
    const split = (stream: OutputStream) => {
      let partial = '';
      return (chunk: Buffer | null) => {
        const text = chunk === null ? '\n' : chunk.toString();
        const lines = (partial + text).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          if (chunk === null && line === '') continue;
          log.write(`${line}\n`);
          this.recent.push({ line, stream });
          if (this.recent.length > 200) this.recent.shift();
          for (const watcher of [...this.watchers]) {
            const match = watcher.pattern.exec(line);
            if (match) {
              this.watchers.splice(this.watchers.indexOf(watcher), 1);
              watcher.resolve(match);
            }
          }
          onLine?.(name, line, stream);
        }
      };
    };
    const onStdout = split('stdout');
    const onStderr = split('stderr');
    this.child.stdout!.on('data', onStdout).on('end', () => onStdout(null));
    this.child.stderr!.on('data', onStderr).on('end', () => onStderr(null));
    this.exited = new Promise((resolve) => {
      const done = (exit: PartExit) => {
        if (this.exit) return;
        this.exit = exit;
        log.end();
        resolve(exit);
      };
      // 'close' comes after the output streams ended, so the last line (often the reason) is in.
      this.child.once('close', (code, signal) => done({ code, signal }));
      this.child.once('error', (error) => {
        this.recent.push({ line: error.message, stream: 'stderr' });
        done({ code: null, signal: null });
      });
    });
  }

  get running(): boolean {
    return this.exit === null;
  }

  /** Resolves with the first output line matching `pattern` from now on. */
  nextLine(pattern: RegExp): Promise<RegExpExecArray> {
    return new Promise((resolve) => this.watchers.push({ pattern, resolve }));
  }

  /**
   * The most telling recent line for an error report: the services end a failed start with one
   * line on stderr (`orders-service: <reason>`); JSON log lines are reduced to their message.
   */
  lastProblem(): string {
    const lines = this.recent.filter((r) => r.line.trim() !== '');
    const plainStderr = lines.filter((r) => r.stream === 'stderr' && !r.line.trimStart().startsWith('{') && !/^\s+at /.test(r.line));
    const jsonErrors = lines.filter((r) => /"level"\s*:\s*"(error|fatal)"/.test(r.line));
    const pick = plainStderr.at(-1) ?? jsonErrors.at(-1) ?? lines.at(-1);
    if (!pick) return 'no output';
    try {
      const parsed = JSON.parse(pick.line) as { message?: unknown };
      if (typeof parsed.message === 'string') return parsed.message.split('\n')[0];
    } catch {
      // not JSON: the line itself
    }
    return pick.line.trim();
  }

  signal(signal: NodeJS.Signals): void {
    if (!this.running) return;
    try {
      process.kill(this.pid, signal);
    } catch {
      // already gone
    }
  }

  /** SIGTERM, then SIGKILL if it is still there after `timeoutMs`. */
  async stop(timeoutMs: number): Promise<{ exit: PartExit; forced: boolean }> {
    if (this.exit) return { exit: this.exit, forced: false };
    this.signal('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      this.exited.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (timedOut) this.signal('SIGKILL');
    return { exit: await this.exited, forced: timedOut };
  }
}
