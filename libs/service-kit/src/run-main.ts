import { ConfigError } from './env';

/**
 * Runs a service's start function; any start-up failure ends the process with one readable line
 * on stderr and exit code 1 (a ConfigError names the setting).
 */
export function runMain(service: string, start: () => Promise<void>): void {
  start().catch((error: Error) => {
    const reason = error instanceof ConfigError ? `invalid configuration: ${error.message}` : error.message;
    process.stderr.write(`${service}: ${reason.split('\n')[0]}\n`);
    process.exit(1);
  });
}
