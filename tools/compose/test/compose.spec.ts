// docker/compose.yaml (+ compose.cluster.yaml) checked statically, as far as a machine without a
// Docker engine can: Debian's docker-compose (a real Compose implementation; tools/ensure-test-tools.sh
// installs it) parses and resolves both profiles, and what it resolves is checked against the
// repository (files it names, the connector file the embedded stack uses, the contracts' topics).
// Running the stack is `npm run e2e:compose`, where Docker exists.
import { CATALOG_TOPIC, deadLetterTopicFor, ORDER_STATUS_TOPIC, ORDERS_TOPIC } from '@kafka-sync/contracts';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { plan, rootPasswordFrom, shellLine } from '../e2e-compose';

const REPO_ROOT = join(__dirname, '../../..');
const DOCKER_DIR = join(REPO_ROOT, 'docker');
const COMPOSE_FILE = join(DOCKER_DIR, 'compose.yaml');
const CLUSTER_FILE = join(DOCKER_DIR, 'compose.cluster.yaml');
const ENV_EXAMPLE = join(DOCKER_DIR, '.env.example');
/** The file the embedded stack registers (tools/stack: ordersSinkConnector reads it) and compose mounts. */
const ORDERS_SINK_FILE = join(DOCKER_DIR, 'connect/orders-sink.json');

type Profile = 'single' | 'cluster';
const PROFILES: Profile[] = ['single', 'cluster'];

interface Service {
  image?: string;
  build?: { context: string; dockerfile?: string; args?: Record<string, string> };
  environment?: Record<string, string | number | null>;
  ports?: Array<string | { host_ip?: string; published?: string | number; target: number }>;
  volumes?: Array<string | { type: string; source: string; target: string }>;
  depends_on?: Record<string, { condition: string }> | string[];
  healthcheck?: { test: string[] | string; disable?: boolean };
  restart?: string;
  entrypoint?: string[];
  profiles?: string[];
}
interface ComposeConfig {
  services: Record<string, Service>;
}

/** The arguments that select a profile: the cluster is the override file plus its profile (docker/README.md). */
function profileArgs(profile: Profile): string[] {
  return profile === 'cluster' ? ['-f', COMPOSE_FILE, '-f', CLUSTER_FILE, '--profile', 'cluster'] : ['-f', COMPOSE_FILE];
}

let workDir: string;
let envFile: string;

function dockerCompose(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('docker-compose', ['--project-directory', DOCKER_DIR, ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.error) throw new Error(`docker-compose could not run (${result.error.message}): tools/ensure-test-tools.sh installs it`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `docker-compose config` for a profile, parsed as YAML by python3-yaml (docker-compose's own dependency). */
function resolved(profile: Profile, env = envFile): ComposeConfig {
  const { status, stdout, stderr } = dockerCompose([...profileArgs(profile), '--env-file', env, 'config']);
  if (status !== 0) throw new Error(`docker-compose config (${profile}) failed: ${stderr}`);
  const json = execFileSync('/usr/bin/python3', ['-c', 'import yaml,json,sys; print(json.dumps(yaml.safe_load(sys.stdin)))'], {
    input: stdout,
    encoding: 'utf8',
  });
  return JSON.parse(json) as ComposeConfig;
}

const configs = {} as Record<Profile, ComposeConfig>;

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'compose-spec-'));
  envFile = join(workDir, '.env');
  writeFileSync(envFile, readFileSync(ENV_EXAMPLE));
  for (const profile of PROFILES) configs[profile] = resolved(profile);
});

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

function env(service: Service, name: string): string {
  const value = service.environment?.[name];
  if (value === undefined || value === null) throw new Error(`${name} is not set`);
  return String(value);
}

function dependsOn(service: Service): Record<string, string> {
  const deps = service.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((name) => [name, 'service_started']));
  return Object.fromEntries(Object.entries(deps).map(([name, dep]) => [name, dep.condition]));
}

const isJob = (service: Service): boolean => service.restart === 'no';

/** Bind mounts as [absolute host path, container path]. */
function binds(service: Service): Array<[string, string]> {
  return (service.volumes ?? []).flatMap((volume): Array<[string, string]> => {
    if (typeof volume !== 'string') return volume.type === 'bind' ? [[volume.source, volume.target]] : [];
    const [source, target] = volume.split(':');
    return isAbsolute(source) ? [[source, target]] : [];
  });
}

/** Published ports as {hostIp, published}. */
function published(service: Service): Array<{ hostIp: string; port: number }> {
  return (service.ports ?? []).map((port) => {
    if (typeof port !== 'string') return { hostIp: port.host_ip ?? '', port: Number(port.published) };
    const parts = port.replace(/\/\w+$/, '').split(':');
    return parts.length === 3 ? { hostIp: parts[0], port: Number(parts[1]) } : { hostIp: '', port: Number(parts[0]) };
  });
}

/** "name:partitions name:partitions" → {name: partitions}. */
function topicSpecs(list: string): Record<string, number> {
  return Object.fromEntries(
    list
      .split(/\s+/)
      .filter(Boolean)
      .map((spec) => {
        const [name, partitions] = spec.split(':');
        return [name, Number(partitions)];
      }),
  );
}

const BROKERS: Record<Profile, string[]> = { single: ['kafka-1'], cluster: ['kafka-1', 'kafka-2', 'kafka-3'] };
const LONG_RUNNING = ['kafka-1', 'connect', 'mariadb', 'orders-1', 'orders-2', 'catalog', 'gateway'];
const JOBS = ['kafka-topics', 'db-grants', 'connect-register'];

describe.each(PROFILES)('docker compose, profile %s', (profile) => {
  const config = (): ComposeConfig => configs[profile];

  it('resolves with docker-compose to exactly the services of the profile', () => {
    const expected = [...new Set([...LONG_RUNNING, ...BROKERS[profile], ...JOBS])].sort();
    expect(Object.keys(config().services).sort()).toEqual(expected);
  });

  it('names only files and build contexts that exist: Dockerfiles, scripts, the init directory, the connector', () => {
    const missing: string[] = [];
    for (const [name, service] of Object.entries(config().services)) {
      if (service.build) {
        const dockerfile = join(service.build.context, service.build.dockerfile ?? 'Dockerfile');
        if (!existsSync(service.build.context)) missing.push(`${name}: build context ${service.build.context}`);
        if (!existsSync(dockerfile)) missing.push(`${name}: ${relative(REPO_ROOT, dockerfile)}`);
      }
      for (const [source] of binds(service)) if (!existsSync(source)) missing.push(`${name}: ${relative(REPO_ROOT, source)}`);
    }
    expect(missing).toEqual([]);
  });

  it('pins every image to an exact version, pulled or built FROM (no latest, no floating major)', () => {
    const exact = /^[\w./-]+:(\d+\.\d+\.\d+)([-.][\w.-]+)?$|@sha256:[0-9a-f]{64}$/;
    const unpinned: string[] = [];
    for (const [name, service] of Object.entries(config().services)) {
      if (!service.build) {
        if (!service.image || !exact.test(service.image)) unpinned.push(`${name}: ${service.image}`);
        continue;
      }
      const dockerfile = readFileSync(join(service.build.context, service.build.dockerfile ?? 'Dockerfile'), 'utf8');
      // FROM ${ARG}: the ARG's default before the first FROM, unless compose passes the build arg.
      const globalArgs = dockerfile.slice(0, dockerfile.search(/^FROM\s/im));
      const args: Record<string, string> = Object.fromEntries(
        [...globalArgs.matchAll(/^ARG\s+(\w+)=(\S+)/gim)].map(([, arg, value]) => [arg, value.replace(/^"(.*)"$/, '$1')]),
      );
      Object.assign(args, service.build.args);
      const stages = new Set<string>();
      for (const [, written, stage] of dockerfile.matchAll(/^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/gim)) {
        const from = written.replace(
          /\$\{(\w+)\}|\$(\w+)/g,
          (whole, a: string | undefined, b: string | undefined) => args[a ?? b ?? ''] ?? whole,
        );
        if (!stages.has(from.toLowerCase()) && !exact.test(from)) unpinned.push(`${name}: FROM ${written} (${from})`);
        if (stage) stages.add(stage.toLowerCase());
      }
      // The tag compose gives the built image says what it is, never latest.
      if (!service.image || /:latest$|^[^:]+$/.test(service.image)) unpinned.push(`${name}: builds ${service.image}`);
    }
    expect(unpinned).toEqual([]);
  });

  it('publishes only what the walkthrough and the e2e suite reach, on 127.0.0.1 only', () => {
    const ports = Object.entries(config().services).flatMap(([name, service]) => published(service).map((p) => ({ name, ...p })));
    expect(ports.filter((p) => p.hostIp !== '127.0.0.1')).toEqual([]);
    const expected: Record<string, number[]> = {
      gateway: [8000],
      'orders-1': [8081],
      'orders-2': [8082],
      catalog: [8090],
      connect: [8083],
      mariadb: [3306],
      'kafka-1': [9092],
      ...(profile === 'cluster' ? { 'kafka-2': [9093], 'kafka-3': [9094] } : {}),
    };
    const actual: Record<string, number[]> = {};
    for (const p of ports) actual[p.name] = [...(actual[p.name] ?? []), p.port];
    expect(actual).toEqual(expected);
  });

  it('converges under `up --wait`: every long-running service has a healthcheck, every job is waited for', () => {
    const services = config().services;
    for (const [name, service] of Object.entries(services)) {
      if (isJob(service)) continue;
      expect([name, service.healthcheck?.test ?? 'no healthcheck']).not.toEqual([name, 'no healthcheck']);
      expect([name, service.healthcheck?.disable ?? false]).toEqual([name, false]);
    }
    // A job that no long-running service waits for with service_completed_successfully makes
    // `docker compose up --wait` report its exit as a failure; the gateway, started last, waits for all.
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, condition] of Object.entries(dependsOn(service))) {
        expect(`${name} → ${dependency}: ${condition}`).toBe(
          `${name} → ${dependency}: ${isJob(services[dependency]) ? 'service_completed_successfully' : 'service_healthy'}`,
        );
      }
    }
    const jobs = Object.keys(services).filter((name) => isJob(services[name]));
    expect(jobs.sort()).toEqual([...JOBS].sort());
    expect(
      Object.entries(dependsOn(services.gateway))
        .filter(([, c]) => c === 'service_completed_successfully')
        .map(([n]) => n)
        .sort(),
    ).toEqual([...JOBS].sort());
  });

  it("creates, before anything produces, the contracts' topics and their dead letters, with the chosen partitions", () => {
    const services = config().services;
    const topics = services['kafka-topics'];
    const sink = JSON.parse(readFileSync(ORDERS_SINK_FILE, 'utf8')) as { config: Record<string, string> };
    // catalog-service consumes with partitionsConsumedConcurrently 4; the sink's task reads all of
    // orders' and order-status's partitions (3 leave room for tasks.max up to 3); dead letters are
    // rare, one partition.
    expect(topicSpecs(env(topics, 'TOPICS'))).toEqual({
      [ORDERS_TOPIC]: 3,
      [ORDER_STATUS_TOPIC]: 3,
      [CATALOG_TOPIC]: 4,
      [deadLetterTopicFor(ORDERS_TOPIC)]: 1,
      [deadLetterTopicFor(CATALOG_TOPIC)]: 1,
    });
    expect(topicSpecs(env(topics, 'TOPICS'))).toHaveProperty([sink.config['errors.deadletterqueue.topic.name']]);
    for (const topic of sink.config.topics.split(',')) expect(topicSpecs(env(topics, 'TOPICS'))).toHaveProperty([topic]);
    // Kafka Connect's internal topics, compacted: the config topic must have exactly one partition.
    const connect = services.connect;
    expect(topicSpecs(env(topics, 'COMPACTED_TOPICS'))).toEqual({
      [env(connect, 'CONNECT_CONFIG_STORAGE_TOPIC')]: 1,
      [env(connect, 'CONNECT_OFFSET_STORAGE_TOPIC')]: Number(env(connect, 'CONNECT_OFFSET_STORAGE_PARTITIONS')),
      [env(connect, 'CONNECT_STATUS_STORAGE_TOPIC')]: Number(env(connect, 'CONNECT_STATUS_STORAGE_PARTITIONS')),
    });
    for (const broker of BROKERS[profile])
      expect([broker, env(services[broker], 'KAFKA_AUTO_CREATE_TOPICS_ENABLE')]).toEqual([broker, 'false']);
    for (const name of ['orders-1', 'orders-2', 'catalog', 'connect']) {
      expect([name, dependsOn(services[name])['kafka-topics'] ?? dependsOn(services[name])['orders-1']]).not.toEqual([name, undefined]);
    }
  });

  it('replicates for the profile: every topic, internal ones included, and the brokers agree on one quorum', () => {
    const services = config().services;
    const [replication, minIsr] = profile === 'cluster' ? ['3', '2'] : ['1', '1'];
    const topics = services['kafka-topics'];
    expect([env(topics, 'REPLICATION_FACTOR'), env(topics, 'MIN_INSYNC_REPLICAS')]).toEqual([replication, minIsr]);
    for (const kind of ['CONFIG', 'OFFSET', 'STATUS'])
      expect(env(services.connect, `CONNECT_${kind}_STORAGE_REPLICATION_FACTOR`)).toBe(replication);
    const voters = BROKERS[profile].map((broker, i) => `${i + 1}@${broker}:19093`).join(',');
    const clusterIds = new Set<string>();
    for (const [i, broker] of BROKERS[profile].entries()) {
      const node = services[broker];
      expect({
        broker,
        id: env(node, 'KAFKA_NODE_ID'),
        roles: env(node, 'KAFKA_PROCESS_ROLES'),
        voters: env(node, 'KAFKA_CONTROLLER_QUORUM_VOTERS'),
        replication: env(node, 'KAFKA_DEFAULT_REPLICATION_FACTOR'),
        offsets: env(node, 'KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR'),
        minIsr: env(node, 'KAFKA_MIN_INSYNC_REPLICAS'),
        internal: env(node, 'KAFKA_ADVERTISED_LISTENERS').split(',')[0],
      }).toEqual({
        broker,
        id: String(i + 1),
        roles: 'broker,controller',
        voters,
        replication,
        offsets: replication,
        minIsr,
        internal: `INTERNAL://${broker}:19092`,
      });
      clusterIds.add(env(node, 'CLUSTER_ID'));
    }
    expect(clusterIds.size).toBe(1);
    // Every client's bootstrap list names every broker, so that any one can be down.
    const bootstrap = BROKERS[profile].map((broker) => `${broker}:19092`).join(',');
    for (const name of ['orders-1', 'orders-2', 'catalog']) expect([name, env(services[name], 'KAFKA_BROKERS')]).toEqual([name, bootstrap]);
    expect(env(services.connect, 'CONNECT_BOOTSTRAP_SERVERS')).toBe(bootstrap);
    expect(env(topics, 'BOOTSTRAP_SERVERS')).toBe(bootstrap);
  });

  it('registers docker/connect/orders-sink.json itself, whose credentials the worker reads from its environment', () => {
    const services = config().services;
    const register = services['connect-register'];
    const mounted = binds(register).find(([, target]) => target === env(register, 'CONNECTOR_FILE'));
    expect(mounted?.[0]).toBe(ORDERS_SINK_FILE);
    const file = JSON.parse(readFileSync(ORDERS_SINK_FILE, 'utf8')) as { name: string; config: Record<string, string> };
    // The same file the embedded stack registers: tools/stack's ordersSinkConnector reads it and only
    // points connection.* at its own database, with literal credentials (the connect-worker has no
    // config providers). Run as npm start runs it, in a child process: a tool's tests may not import
    // another tool (eslint.config.mjs).
    const script = `process.stdout.write(JSON.stringify(require('./tools/stack').ordersSinkConnector('mysql://someone:secret@db.example:3307', 'somedb')))`;
    const embedded = JSON.parse(
      execFileSync(process.execPath, ['-r', '@swc-node/register', '-e', script], { cwd: REPO_ROOT, encoding: 'utf8' }),
    ) as { name: string; config: Record<string, string> };
    const withoutConnection = (config: Record<string, string>): Record<string, string> =>
      Object.fromEntries(Object.entries(config).filter(([key]) => !key.startsWith('connection.')));
    expect({ name: embedded.name, config: withoutConnection(embedded.config) }).toEqual({
      name: file.name,
      config: withoutConnection(file.config),
    });
    expect(embedded.config).toMatchObject({
      'connection.url': 'jdbc:mariadb://db.example:3307/somedb',
      'connection.user': 'someone',
      'connection.password': 'secret',
    });
    // In compose: the mariadb service's orders database, credentials as ${env:…} from the worker's environment.
    expect(file.config['connection.url']).toBe('jdbc:mariadb://mariadb:3306/orders');
    const connect = services.connect;
    expect(env(connect, 'CONNECT_CONFIG_PROVIDERS')).toBe('env');
    expect(env(connect, 'CONNECT_CONFIG_PROVIDERS_ENV_CLASS')).toBe('org.apache.kafka.common.config.provider.EnvVarConfigProvider');
    const allowed = new RegExp(env(connect, 'CONNECT_CONFIG_PROVIDERS_ENV_PARAM_ALLOWLIST_PATTERN'));
    for (const key of ['connection.user', 'connection.password']) {
      const variable = /^\$\{env:(\w+)\}$/.exec(file.config[key])?.[1];
      expect([key, variable && allowed.test(variable) && connect.environment?.[variable] !== undefined]).toEqual([key, true]);
    }
    // What the job PUTs is the file's "config" object, parsed by the job's own script.
    const printed = execFileSync('sh', [join(DOCKER_DIR, 'connect/register-connector.sh'), '--print'], {
      env: { ...process.env, CONNECTOR_FILE: ORDERS_SINK_FILE },
      encoding: 'utf8',
    });
    const [request, ...body] = printed.split('\n');
    expect(request).toBe(`PUT /connectors/${file.name}/config`);
    expect(JSON.parse(body.join('\n'))).toEqual(file.config);
  });

  it('gives each service its own database user, the sink only a grant on orders.orders', () => {
    const services = config().services;
    const example = envExample();
    const url = (name: string): URL => new URL(env(services[name], 'DATABASE_URL'));
    for (const name of ['orders-1', 'orders-2'])
      expect([name, url(name).username, env(services[name], 'ORDERS_DB')]).toEqual([name, example.ORDERS_DB_USER, 'orders']);
    expect([url('catalog').username, env(services.catalog, 'CATALOG_DB')]).toEqual([example.CATALOG_DB_USER, 'catalog']);
    expect(new Set([example.ORDERS_DB_USER, example.CATALOG_DB_USER, example.ORDERS_SINK_DB_USER, 'root']).size).toBe(4);
    // The init script is sourced by the image's entrypoint (not executable), so it runs with its SQL helper.
    const initDir = binds(services.mariadb).find(([, target]) => target === '/docker-entrypoint-initdb.d')?.[0];
    expect(initDir).toBe(join(DOCKER_DIR, 'mariadb/initdb'));
    const init = join(initDir!, '10-databases-and-users.sh');
    expect(statSync(init).mode & 0o111).toBe(0);
    const grants = readFileSync(join(DOCKER_DIR, 'mariadb/grant-orders-sink.sh'), 'utf8');
    expect(grants).toMatch(/GRANT SELECT, INSERT, UPDATE ON \\`\$\{ORDERS_DB.*\}\\`\.\\`orders\\` TO \$user;/);
    expect(dependsOn(services['db-grants'])).toEqual({ 'orders-1': 'service_healthy' });
  });
});

function envExample(): Record<string, string> {
  return Object.fromEntries(
    readFileSync(ENV_EXAMPLE, 'utf8')
      .split('\n')
      .filter((line) => /^\w+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

describe('docker compose credentials', () => {
  it('are all read from docker/.env: every variable the compose files require is in .env.example, and none is literal', () => {
    const required = new Set<string>();
    for (const file of [COMPOSE_FILE, CLUSTER_FILE]) {
      const text = readFileSync(file, 'utf8');
      for (const [, name] of text.matchAll(/\$\{(\w+):\?/g)) required.add(name);
      // No credential, literal or defaulted, in the compose files themselves: with every ${VAR:?…}
      // taken out, no password setting has a value and no URL carries user:password@.
      expect(text).not.toMatch(/\$\{\w*(PASSWORD|USER)\w*(:?-)/);
      const bare = text.replace(/\$\{\w+:\?[^}]*\}/g, '');
      expect(bare.split('\n').filter((line) => /PASSWORD\w*\s*[:=]\s*\S/.test(line))).toEqual([]);
      expect(bare.match(/\/\/[^\s/@:]*:[^\s/@]+@/g)).toBeNull();
    }
    expect([...required].sort()).toEqual(Object.keys(envExample()).sort());
  });

  it('stop compose with the variable named when docker/.env lacks one', () => {
    const partial = join(workDir, 'partial.env');
    writeFileSync(partial, readFileSync(ENV_EXAMPLE, 'utf8').replace(/^ORDERS_SINK_DB_PASSWORD=.*$/m, ''));
    const { status, stderr } = dockerCompose([...profileArgs('single'), '--env-file', partial, 'config']);
    expect(status).not.toBe(0);
    expect(stderr).toContain('set ORDERS_SINK_DB_PASSWORD in docker/.env');
  });

  it('docker/.env is git-ignored and not committed; the example holds placeholders only', () => {
    expect(spawnSync('git', ['check-ignore', '-q', 'docker/.env'], { cwd: REPO_ROOT }).status).toBe(0);
    expect(spawnSync('git', ['check-ignore', '-q', 'docker/.env.example'], { cwd: REPO_ROOT }).status).toBe(1);
    expect(execFileSync('git', ['ls-files', 'docker/.env'], { cwd: REPO_ROOT, encoding: 'utf8' })).toBe('');
    const passwords = Object.entries(envExample()).filter(([name]) => name.endsWith('PASSWORD'));
    expect(passwords.length).toBeGreaterThan(0);
    for (const [name, value] of passwords) expect([name, value]).toEqual([name, expect.stringMatching(/^dev-[\w-]*change-me$/)]);
  });
});

// npm run e2e:compose: what it runs can only be executed where Docker exists, so what it WOULD run
// is checked here against the same resolved files and docker/README.md, and its refusal without
// Docker is run for real.
describe.each(PROFILES)('npm run e2e:compose, profile %s', (profile) => {
  const steps = () => plan(profile, rootPasswordFrom(readFileSync(ENV_EXAMPLE, 'utf8')));
  const portOf = (url: string) => Number(new URL(url).port);
  const publishedPort = (service: string) => published(configs[profile].services[service])[0]?.port;

  it('runs docker compose with the files, env file and profile docker/README.md documents', () => {
    const readme = readFileSync(join(DOCKER_DIR, 'README.md'), 'utf8');
    for (const step of [steps().up, steps().down]) expect(readme).toContain(shellLine(step.command));
    expect(readme).toContain(steps().suite.env!.E2E_KILL_ORDERS_COMMAND);
    if (profile === 'cluster') {
      expect(readme).toContain(steps().suite.env!.E2E_STOP_BROKER_COMMAND);
      expect(readme).toContain(steps().suite.env!.E2E_START_BROKER_COMMAND);
    }
    expect(steps().up.command.slice(-3)).toEqual(['up', '--build', '--wait']);
    expect(steps().down.command.slice(-2)).toEqual(['down', '-v']);
  });

  it('hands the suite the URLs the stack publishes, and kill/stop commands naming services of this profile', () => {
    const env = steps().suite.env!;
    expect(portOf(env.E2E_GATEWAY_URL)).toBe(publishedPort('gateway'));
    expect(env.E2E_ORDERS_URLS.split(',').map(portOf)).toEqual([publishedPort('orders-1'), publishedPort('orders-2')]);
    expect(portOf(env.E2E_CATALOG_URL)).toBe(publishedPort('catalog'));
    expect(portOf(env.DATABASE_URL.replace(/^mysql:/, 'http:'))).toBe(publishedPort('mariadb'));
    // B, the instance the kill scenario kills, is the second orders URL.
    expect(env.E2E_KILL_ORDERS_COMMAND).toMatch(/ kill -s SIGKILL orders-2$/);
    if (profile === 'cluster') {
      expect(env.E2E_STOP_BROKER_COMMAND).toMatch(/ stop kafka-2$/);
      expect(Object.keys(configs[profile].services)).toContain('kafka-2');
    } else {
      expect(env.E2E_STOP_BROKER_COMMAND).toBeUndefined();
    }
  });

  it("reads the tables as MariaDB's root, with the password compose gives MariaDB", () => {
    const url = new URL(steps().suite.env!.DATABASE_URL);
    expect(url.username).toBe('root');
    expect(decodeURIComponent(url.password)).toBe(env(configs[profile].services.mariadb, 'MARIADB_ROOT_PASSWORD'));
  });
});

describe('npm run e2e:compose without Docker', () => {
  const runner = (args: string[], path: string) =>
    spawnSync(process.execPath, ['-r', '@swc-node/register', 'tools/compose/e2e-compose.ts', ...args], {
      cwd: REPO_ROOT,
      env: { PATH: path, HOME: workDir },
      encoding: 'utf8',
    });

  it('says in one line that Docker is needed, and exits 1', () => {
    const { status, stderr, stdout } = runner([], workDir); // a PATH with no docker on it
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([expect.stringContaining('needs Docker with the Compose plugin')]);
  });

  it('refuses an unknown profile in one line', () => {
    const { status, stderr } = runner(['--profile', 'triple'], workDir);
    expect(status).toBe(2);
    expect(stderr.trim()).toBe('e2e:compose: --profile must be single or cluster, got "triple"');
  });
});
