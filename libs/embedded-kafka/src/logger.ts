export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** One line per event on stderr, so stdout stays free for the `listening on …` line. */
export function createLogger(level: LogLevel, name = 'embedded-kafka'): Logger {
  const emit = (at: LogLevel) => (message: string) => {
    if (RANK[at] < RANK[level]) return;
    process.stderr.write(`${new Date().toISOString()} ${at.toUpperCase()} [${name}] ${message}\n`);
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

export const LOG_LEVELS = Object.keys(RANK) as LogLevel[];
