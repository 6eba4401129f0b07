/**
 * npm run e2e:compose [-- --profile cluster] [--keep]
 *
 * The one e2e suite (test/) against the docker compose stack: builds the images, brings the stack
 * up and waits until every service is healthy (`up --build --wait`), runs the suite through its
 * running-stack target, then takes the stack down with its volumes (`down -v`) whatever the
 * suite's outcome (--keep leaves it running). Needs Docker with the Compose plugin; without it,
 * it says so in one line and exits 1.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

export const REPO_ROOT = join(__dirname, '../..');
export const COMPOSE_FILE = 'docker/compose.yaml';
/** The cluster profile's overrides (three brokers, replication factor 3): used with --profile cluster. */
export const CLUSTER_FILE = 'docker/compose.cluster.yaml';
export const ENV_FILE = 'docker/.env';
export const ENV_EXAMPLE = 'docker/.env.example';

export type Profile = 'single' | 'cluster';

export interface Step {
  what: string;
  command: string[];
  env?: Record<string, string>;
}

export interface Plan {
  up: Step;
  suite: Step;
  down: Step;
}

/** What the compose stack publishes on 127.0.0.1 (docker/compose.yaml), as the e2e suite reaches it. */
export const PUBLISHED = {
  gateway: 'http://127.0.0.1:8000',
  orders: ['http://127.0.0.1:8081', 'http://127.0.0.1:8082'],
  catalog: 'http://127.0.0.1:8090',
  mariadbPort: 3306,
} as const;

/** `docker compose` with this stack's files, env file and profile, exactly as docker/README.md writes it. */
export function composeCommand(profile: Profile, ...args: string[]): string[] {
  const files = profile === 'cluster' ? ['-f', COMPOSE_FILE, '-f', CLUSTER_FILE] : ['-f', COMPOSE_FILE];
  const profileArgs = profile === 'cluster' ? ['--profile', 'cluster'] : [];
  return ['docker', 'compose', '--project-directory', 'docker', ...files, '--env-file', ENV_FILE, ...profileArgs, ...args];
}

/** A shell-safe rendering of a command, for the E2E_*_COMMAND variables (run by the suite with a shell). */
export function shellLine(command: string[]): string {
  return command.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/**
 * The steps for one profile. The suite's database user is MariaDB's root (password from
 * docker/.env): it reads both services' tables and tops up stock, which no service user may do.
 */
export function plan(profile: Profile, rootPassword: string): Plan {
  const suiteEnv: Record<string, string> = {
    E2E_GATEWAY_URL: PUBLISHED.gateway,
    E2E_ORDERS_URLS: PUBLISHED.orders.join(','),
    E2E_CATALOG_URL: PUBLISHED.catalog,
    DATABASE_URL: `mysql://root:${encodeURIComponent(rootPassword)}@127.0.0.1:${PUBLISHED.mariadbPort}`,
    ORDERS_DB: 'orders',
    CATALOG_DB: 'catalog',
    E2E_KILL_ORDERS_COMMAND: shellLine(composeCommand(profile, 'kill', '-s', 'SIGKILL', 'orders-2')),
    E2E_KILL_CATALOG_COMMAND: shellLine(composeCommand(profile, 'kill', '-s', 'SIGKILL', 'catalog')),
    E2E_START_CATALOG_COMMAND: shellLine(composeCommand(profile, 'start', 'catalog')),
  };
  if (profile === 'cluster') {
    suiteEnv.E2E_STOP_BROKER_COMMAND = shellLine(composeCommand(profile, 'stop', 'kafka-2'));
    suiteEnv.E2E_START_BROKER_COMMAND = shellLine(composeCommand(profile, 'start', 'kafka-2'));
  }
  return {
    up: { what: `docker compose up (${profile})`, command: composeCommand(profile, 'up', '--build', '--wait') },
    suite: {
      what: 'the e2e suite (test/) against the compose stack',
      command: ['npx', 'jest', '-c', 'test/jest.config.js'],
      env: suiteEnv,
    },
    down: { what: 'docker compose down -v', command: composeCommand(profile, 'down', '-v') },
  };
}

/** The one line to print when Docker cannot run the stack, or null when it can. */
export function dockerProblem(env: NodeJS.ProcessEnv = process.env): string | null {
  const probe = spawnSync('docker', ['compose', 'version'], { env, encoding: 'utf8' });
  if (probe.error)
    return 'e2e:compose needs Docker with the Compose plugin, and `docker` is not on this PATH (npm test checks the compose files statically)';
  if (probe.status !== 0)
    return `e2e:compose needs the Docker Compose plugin: \`docker compose version\` failed: ${(probe.stderr || probe.stdout).trim().split('\n')[0]}`;
  const daemon = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { env, encoding: 'utf8' });
  if (daemon.status !== 0)
    return `e2e:compose needs a running Docker engine: \`docker info\` failed: ${(daemon.stderr || daemon.stdout).trim().split('\n')[0]}`;
  return null;
}

/** MARIADB_ROOT_PASSWORD from docker/.env (KEY=value lines). */
export function rootPasswordFrom(envFileText: string): string {
  const line = envFileText.split('\n').find((l) => l.startsWith('MARIADB_ROOT_PASSWORD='));
  if (!line) throw new Error(`${ENV_FILE} has no MARIADB_ROOT_PASSWORD`);
  return line.slice('MARIADB_ROOT_PASSWORD='.length).trim();
}

function run(step: Step): Promise<number> {
  process.stdout.write(`[e2e:compose] ${step.what}: ${shellLine(step.command)}\n`);
  return new Promise((resolve) => {
    const child = spawn(step.command[0], step.command.slice(1), { cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, ...step.env } });
    child.on('error', () => resolve(127));
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { profile: { type: 'string', default: 'single' }, keep: { type: 'boolean', default: false } } });
  if (values.profile !== 'single' && values.profile !== 'cluster') {
    process.stderr.write(`e2e:compose: --profile must be single or cluster, got "${values.profile}"\n`);
    return 2;
  }
  const problem = dockerProblem();
  if (problem) {
    process.stderr.write(`${problem}\n`);
    return 1;
  }
  const envFile = join(REPO_ROOT, ENV_FILE);
  if (!existsSync(envFile)) {
    copyFileSync(join(REPO_ROOT, ENV_EXAMPLE), envFile);
    process.stdout.write(`[e2e:compose] created ${ENV_FILE} from ${ENV_EXAMPLE} (development placeholders; edit it for anything else)\n`);
  }
  const steps = plan(values.profile, rootPasswordFrom(readFileSync(envFile, 'utf8')));
  const up = await run(steps.up);
  let result = up;
  if (up === 0) result = await run(steps.suite);
  else process.stderr.write(`e2e:compose: the stack did not come up (exit ${up}); see the compose output above\n`);
  if (!values.keep) await run(steps.down);
  return result;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: Error) => {
      process.stderr.write(`e2e:compose: ${error.message}\n`);
      process.exit(1);
    },
  );
}
