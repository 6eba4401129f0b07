import type { LoggerService } from '@nestjs/common';

/**
 * The in-process service's logger in tests: keeps every line ("level [context] message") in
 * memory, so a test can observe what the service did (a retry, a redelivery), and prints only
 * fatal ones.
 */
export class RecordingLogger implements LoggerService {
  private lines: string[] = [];

  log = (message: unknown, ...rest: unknown[]) => this.record('log', message, rest);
  warn = (message: unknown, ...rest: unknown[]) => this.record('warn', message, rest);
  error = (message: unknown, ...rest: unknown[]) => this.record('error', message, rest);
  debug = (message: unknown, ...rest: unknown[]) => this.record('debug', message, rest);
  verbose = (message: unknown, ...rest: unknown[]) => this.record('verbose', message, rest);
  fatal = (message: unknown, ...rest: unknown[]) => {
    this.record('fatal', message, rest);
    process.stderr.write(`${this.lines[this.lines.length - 1]}\n`);
  };

  /** The lines so far that match `pattern`. */
  matching(pattern: RegExp): string[] {
    return this.lines.filter((line) => pattern.test(line));
  }

  clear(): void {
    this.lines = [];
  }

  private record(level: string, message: unknown, rest: unknown[]): void {
    // Nest's Logger passes the context last; error() may pass a stack before it.
    const context = rest.length > 0 ? String(rest[rest.length - 1]) : '';
    const text = typeof message === 'string' ? message : JSON.stringify(message);
    this.lines.push(`${level} [${context}] ${text}${rest.length > 1 ? ` ${rest.slice(0, -1).join(' ')}` : ''}`);
  }
}
