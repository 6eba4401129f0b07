import { EmbeddedKafka } from '@kafka-sync/embedded-kafka';
import { freePort, http, TEST_DATABASE_URL, throwawayDatabase, waitFor } from '@kafka-sync/testing';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BundleError, buildBundle, installProductionPackages } from './build-bundle';
import { expandArgs, parseDockerfile, shellWords, type Stage } from './dockerfile';
import type { PackageLock } from './prune-lock';

const REPO_ROOT = join(__dirname, '../..');
const SERVICES = ['orders-service', 'catalog-service', 'gateway', 'connect-worker'] as const;
type Service = (typeof SERVICES)[number];

const rootPackage = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const rootLock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as PackageLock;

// What the image does, read from docker/node/Dockerfile so that this test runs exactly that.
const { globals, stages } = parseDockerfile(readFileSync(join(REPO_ROOT, 'docker/node/Dockerfile'), 'utf8'));
const [build, runtime] = stages as [Stage, Stage];
const bundleRun = build.instructions.find((i) => i.keyword === 'RUN' && i.args.includes('tools/bundle/bundle.ts'));
const bundleWords = shellWords(bundleRun?.args ?? '');
const bundleOut = bundleWords[bundleWords.length - 1];
const jsonArray = (args: string | undefined) => JSON.parse(args ?? 'null') as string[];
const cmd = jsonArray(runtime?.instructions.find((i) => i.keyword === 'CMD')?.args);
const healthcheck = jsonArray(/\bCMD\s+(\[.*\])$/.exec(runtime?.instructions.find((i) => i.keyword === 'HEALTHCHECK')?.args ?? '')?.[1]);
const runtimeEnv = Object.fromEntries(
  runtime?.instructions.filter((i) => i.keyword === 'ENV').map((i) => i.args.split(/=(.*)/s).slice(0, 2) as [string, string]) ?? [],
);
/** `node` of a CMD is this test's node; the rest is the command as the image runs it. */
const asRun = ([program, ...args]: string[]): [string, string[]] => [program === 'node' ? process.execPath : program, args];

interface Child {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A process with nothing of the workspace around it: no NODE_OPTIONS, no NODE_PATH, its cwd the bundle. */
function start(cwd: string, command: string[], env: Record<string, string>): Child {
  const [program, args] = asRun(command);
  const child = spawn(program, args, { cwd, env: { PATH: process.env.PATH!, ...runtimeEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

/**
 * The Dockerfile's bundle command for `service`, its output directory replaced by `outDir`, and
 * --no-install: the test runs one `npm ci` per distinct production tree (see beforeAll).
 */
function runBundleCommand(service: Service, outDir: string): Promise<{ code: number | null; output: string }> {
  const words = bundleWords.map((word) => (word === '$SERVICE' || word === '${SERVICE}' ? service : word));
  words[words.length - 1] = outDir;
  const run = start(REPO_ROOT, [...words, '--no-install'], { HOME: process.env.HOME ?? tmpdir() });
  return run.exited.then(({ code }) => ({ code, output: run.output() }));
}

/** Top-level package names in a bundle's node_modules (scoped ones as @scope/name). */
function installedPackages(bundle: string): string[] {
  const modules = join(bundle, 'node_modules');
  return readdirSync(modules)
    .filter((entry) => !entry.startsWith('.'))
    .flatMap((entry) => (entry.startsWith('@') ? readdirSync(join(modules, entry)).map((scoped) => `${entry}/${scoped}`) : [entry]));
}

describe('the Node services run from the production bundle docker/node/Dockerfile builds', () => {
  let work: string;
  const bundles = {} as Record<Service, string>;
  const built: Partial<Record<Service, { code: number | null; output: string }>> = {};
  const children: Child[] = [];
  const ordersDb = throwawayDatabase('bundle_orders');
  const catalogDb = throwawayDatabase('bundle_catalog');
  let broker: EmbeddedKafka | undefined;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'bundle-spec-'));
    for (const service of SERVICES) bundles[service] = join(work, service);
    const results = await Promise.all(SERVICES.map((service) => runBundleCommand(service, bundles[service])));
    SERVICES.forEach((service, i) => (built[service] = results[i]));
    // What the image's `npm ci` does, once per distinct tree: a bundle whose lock lists the same
    // packages at the same places as another's (orders, catalog and the worker) links to that
    // node_modules, which is what its own `npm ci` would have made (copying it takes longer than npm).
    const trees = new Map<string, Service[]>();
    for (const service of SERVICES.filter((s) => built[s]!.code === 0)) {
      const { '': _root, ...packages } = (JSON.parse(readFileSync(join(bundles[service], 'package-lock.json'), 'utf8')) as PackageLock)
        .packages;
      const key = JSON.stringify(packages);
      trees.set(key, [...(trees.get(key) ?? []), service]);
    }
    await Promise.all(
      [...trees.values()].map(async ([first, ...others]) => {
        await installProductionPackages(bundles[first]);
        for (const other of others) symlinkSync(join(bundles[first], 'node_modules'), join(bundles[other], 'node_modules'), 'dir');
      }),
    );
    broker = await EmbeddedKafka.start({ dataDir: join(work, 'kafka'), port: 0, logLevel: 'warn' });
  }, 120_000);

  afterAll(async () => {
    for (const { child } of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
    await broker?.stop();
    await Promise.all([ordersDb.drop(), catalogDb.drop()]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('the image: a pinned Node 20 slim for both stages, the bundle command for $SERVICE, only its output at run time, as user node', () => {
    expect(stages).toHaveLength(2);
    const images = stages.map((stage) => expandArgs(stage.from, globals));
    expect(images[0]).toMatch(/^node:20\.\d+\.\d+-bookworm-slim$/);
    expect(images[1]).toBe(images[0]);
    expect(bundleWords.slice(0, 4)).toEqual(['node', '-r', '@swc-node/register', 'tools/bundle/bundle.ts']);
    expect(['$SERVICE', '${SERVICE}']).toContain(bundleWords[4]);
    expect(bundleWords).toHaveLength(6);
    expect(build.instructions.some((i) => i.keyword === 'ARG' && i.args === 'SERVICE')).toBe(true);

    const keywords = runtime.instructions.map((i) => i.keyword);
    expect(keywords).not.toContain('RUN'); // nothing installed or built in the runtime stage
    const copies = runtime.instructions.filter((i) => i.keyword === 'COPY').map((i) => i.args);
    const workdir = runtime.instructions.find((i) => i.keyword === 'WORKDIR')?.args;
    expect(copies).toEqual([`--from=${build.name} ${bundleOut} ${workdir}`]);
    expect(runtime.instructions.find((i) => i.keyword === 'USER')?.args).toBe('node');
    expect(runtimeEnv).toEqual({ NODE_ENV: 'production' });
    expect(cmd[0]).toBe('node'); // exec form, node itself is PID 1 and gets SIGTERM
    expect(cmd[cmd.length - 1]).toBe('main.js');
    expect(healthcheck).toEqual(['node', 'healthcheck.js']);
  });

  it('the build context: what the bundle is made of is copied into the build stage, and node_modules, dist, .data, .nx stay out', () => {
    const copied = build.instructions.filter((i) => i.keyword === 'COPY').flatMap((i) => shellWords(i.args).slice(0, -1));
    for (const file of ['package.json', 'package-lock.json', 'tsconfig.base.json', '.swcrc', 'apps', 'libs', 'tools'])
      expect(copied).toContain(file);
    for (const service of SERVICES) {
      const sourceDirs = readdirSync(bundles[service]).filter((entry) => !entry.includes('.') && entry !== 'node_modules');
      expect(sourceDirs.every((dir) => copied.includes(dir))).toBe(true);
    }
    const ignored = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const pattern of ['**/node_modules', '**/dist', '**/.data', '**/.nx', '.git']) expect(ignored).toContain(pattern);
  });

  describe.each(SERVICES)('%s', (service) => {
    it('bundles, with production packages only, at the workspace lock versions', () => {
      expect(built[service]).toMatchObject({ code: 0 });
      expect(built[service]!.output).toContain(`bundle: ${service} → `);
      const bundle = bundles[service];
      const installed = installedPackages(bundle);
      // A devDependency of the workspace is there only as a required peer of a production package
      // (npm installs those: mysql2 wants @types/node), never for the service's code.
      const lock = JSON.parse(readFileSync(join(bundle, 'package-lock.json'), 'utf8')) as PackageLock;
      const requiredPeers = new Set(
        Object.values(lock.packages).flatMap((entry) =>
          Object.keys(entry.peerDependencies ?? {}).filter((peer) => !entry.peerDependenciesMeta?.[peer]?.optional),
        ),
      );
      expect(installed.filter((name) => rootPackage.devDependencies[name] && !requiredPeers.has(name))).toEqual([]);
      expect(installed.filter((name) => rootPackage.devDependencies[name] && !name.startsWith('@types/'))).toEqual([]);
      for (const tool of ['@swc/core', '@swc-node/register', '@swc/cli', 'typescript', 'jest', 'nx', 'eslint'])
        expect(installed).not.toContain(tool);

      const { dependencies } = JSON.parse(readFileSync(join(bundle, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
      expect(Object.keys(dependencies).length).toBeGreaterThan(0);
      for (const [name, range] of Object.entries(dependencies)) {
        expect(rootPackage.dependencies[name]).toBe(range);
        const { version } = JSON.parse(readFileSync(join(bundle, 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
        expect(`${name}@${version}`).toBe(`${name}@${rootLock.packages[`node_modules/${name}`].version}`);
      }
      // The workspace is not above the bundle: what the bundle lacks, the service cannot load.
      const resolveJest = spawnSync(process.execPath, ['-e', "require.resolve('jest')"], { cwd: bundle, env: { PATH: process.env.PATH! } });
      expect(resolveJest.status).toBe(1);
      expect(resolveJest.stderr.toString()).toContain("Cannot find module 'jest'");
    });
  });

  it('each service starts from its bundle with the image CMD; /health and /health/ready answer 200 (the gateway: with both services as upstreams), the HEALTHCHECK passes, SIGTERM stops it', async () => {
    const kafka = broker!.bootstrap;
    const ports = { orders: await freePort(), catalog: await freePort(), gateway: await freePort(), connect: await freePort() };
    const env: Record<Service, Record<string, string>> = {
      'orders-service': {
        PORT: String(ports.orders),
        KAFKA_BROKERS: kafka,
        DATABASE_URL: TEST_DATABASE_URL,
        ORDERS_DB: ordersDb.name,
        INSTANCE_ID: 'orders-bundle',
      },
      'catalog-service': {
        PORT: String(ports.catalog),
        KAFKA_BROKERS: kafka,
        DATABASE_URL: TEST_DATABASE_URL,
        CATALOG_DB: catalogDb.name,
        CATALOG_GROUP_ID: `bundle-spec-${process.pid}`,
      },
      // GATEWAY_PORT wins over PORT, in the service and in its healthcheck alike.
      gateway: {
        PORT: '1',
        GATEWAY_PORT: String(ports.gateway),
        GATEWAY_HOST: '127.0.0.1',
        ORDERS_URLS: `http://127.0.0.1:${ports.orders}`,
        CATALOG_URLS: `http://127.0.0.1:${ports.catalog}`,
      },
      'connect-worker': { PORT: '1', CONNECT_PORT: String(ports.connect), CONNECT_HOST: '127.0.0.1', KAFKA_BROKERS: kafka },
    };
    const url: Record<Service, string> = {
      'orders-service': `http://127.0.0.1:${ports.orders}`,
      'catalog-service': `http://127.0.0.1:${ports.catalog}`,
      gateway: `http://127.0.0.1:${ports.gateway}`,
      'connect-worker': `http://127.0.0.1:${ports.connect}`,
    };
    const running = {} as Record<Service, Child>;
    const ready = async (service: Service) => {
      const { exitCode } = running[service].child;
      if (exitCode !== null) throw new Error(`${service} exited with ${exitCode}: ${running[service].output().slice(-2000)}`);
      return (await http('GET', `${url[service]}/health/ready`).catch(() => ({ status: 0 }))).status === 200;
    };

    for (const service of ['orders-service', 'catalog-service', 'connect-worker'] as const) {
      running[service] = start(bundles[service], cmd, env[service]);
      children.push(running[service]);
    }
    await Promise.all(
      (['orders-service', 'catalog-service', 'connect-worker'] as const).map((s) => waitFor(`${s} to be ready`, () => ready(s), 45_000)),
    );
    running.gateway = start(bundles.gateway, cmd, env.gateway);
    children.push(running.gateway);
    await waitFor('the gateway to be ready', () => ready('gateway'), 30_000);

    for (const service of SERVICES) {
      expect({ service, status: (await http('GET', `${url[service]}/health`)).status }).toEqual({ service, status: 200 });
      expect({ service, status: (await http('GET', `${url[service]}/health/ready`)).status }).toEqual({ service, status: 200 });
      const probe = start(bundles[service], healthcheck, env[service]);
      expect({ service, exit: await probe.exited }).toEqual({ service, exit: { code: 0, signal: null } });
    }
    const gatewayHealth = await http('GET', `${url.gateway}/health`);
    expect(gatewayHealth.body).toEqual({
      status: 'ok',
      upstreams: {
        'orders-service': { [url['orders-service']]: { status: 'up' } },
        'catalog-service': { [url['catalog-service']]: { status: 'up' } },
      },
    });
    // The services answer through the gateway from their bundles: the orders table and the seeded catalog.
    expect((await http('GET', `${url.gateway}/orders?userId=u1`)).body).toMatchObject({ items: [], total: 0 });
    expect((await http('GET', `${url.gateway}/catalogs`)).body).toEqual(
      expect.arrayContaining([expect.objectContaining({ productId: 'CATALOG-001' })]),
    );

    for (const service of ['gateway', 'orders-service', 'catalog-service', 'connect-worker'] as const) {
      running[service].child.kill('SIGTERM');
      // Nest runs its shutdown hooks, then re-raises the signal: the exit is "by SIGTERM".
      expect({ service, exit: await running[service].exited }).toEqual({ service, exit: { code: null, signal: 'SIGTERM' } });
    }
    // With the service gone, the image's HEALTHCHECK fails.
    const probe = start(bundles['orders-service'], healthcheck, env['orders-service']);
    expect(await probe.exited).toEqual({ code: 1, signal: null });
  }, 120_000);
});

describe('the bundle refuses code a production image cannot run', () => {
  // A workspace in miniature (`fixture`/ws): a prod and a dev dependency, a test-helper library
  // behind an alias; the bundles go to `fixture`/out-<n>.
  let fixture: string;
  const write = (path: string, content: unknown) => {
    mkdirSync(dirname(join(fixture, 'ws', path)), { recursive: true });
    writeFileSync(join(fixture, 'ws', path), typeof content === 'string' ? content : JSON.stringify(content));
  };
  let outDirs = 0;
  const bundleMain = (main: string) => {
    write('apps/orders-service/src/main.ts', main);
    return buildBundle({
      workspace: join(fixture, 'ws'),
      service: 'orders-service',
      outDir: join(fixture, `out-${outDirs++}`),
      install: false,
    });
  };

  beforeAll(() => {
    fixture = mkdtempSync(join(tmpdir(), 'bundle-fixture-'));
    write('package.json', {
      name: 'fixture',
      version: '1.0.0',
      dependencies: { 'left-pad': '^1.3.0' },
      devDependencies: { jest: '^30.0.0' },
    });
    write('package-lock.json', {
      lockfileVersion: 3,
      packages: { '': { dependencies: { 'left-pad': '^1.3.0' } }, 'node_modules/left-pad': { version: '1.3.0' } },
    });
    write('tsconfig.base.json', { compilerOptions: { paths: { '@kafka-sync/testing': ['libs/testing/src/index.ts'] } } });
    write('.swcrc', readFileSync(join(REPO_ROOT, '.swcrc'), 'utf8'));
    write('apps/orders-service/project.json', { name: 'orders-service', sourceRoot: 'apps/orders-service/src', tags: ['type:app'] });
    write('apps/orders-service/test/helper.ts', 'export const helper = 1;\n');
    write('libs/testing/project.json', { name: 'testing', sourceRoot: 'libs/testing/src', tags: ['type:testing'] });
    write('libs/testing/src/index.ts', 'export const waitFor = () => undefined;\n');
  });

  afterAll(() => {
    if (fixture) rmSync(fixture, { recursive: true, force: true });
  });

  it('a devDependency imported for its value', async () => {
    await expect(bundleMain("import { run } from 'jest';\nvoid run();\n")).rejects.toThrow(
      new BundleError(
        'apps/orders-service/src/main.ts requires "jest": jest is a devDependency, which the production image does not install',
      ),
    );
  });

  it('a package package.json does not list', async () => {
    await expect(bundleMain("import 'express';\n")).rejects.toThrow(
      new BundleError(`apps/orders-service/src/main.ts requires "express": express is not in package.json's dependencies`),
    );
  });

  it('a test-helper library (type:testing), through its alias, and a test file of the service', async () => {
    await expect(bundleMain("import { waitFor } from '@kafka-sync/testing';\nwaitFor();\n")).rejects.toThrow(
      /imports libs\/testing\/src\/index\.ts \(project testing, type:testing\): only type:lib projects ship/,
    );
    await expect(bundleMain("import { helper } from '../test/helper';\nconsole.log(helper);\n")).rejects.toThrow(
      /imports apps\/orders-service\/test\/helper\.ts, which is not shipped source of orders-service/,
    );
  });

  it('but not a type-only import of a devDependency (it is gone after compilation), nor a production package', async () => {
    const result = await bundleMain(
      "import type { Config } from 'jest';\nimport leftPad from 'left-pad';\nexport const config: Config = {};\nconsole.log(leftPad('x', 2));\n",
    );
    expect(result.dependencies).toEqual({ 'left-pad': '^1.3.0' });
    expect(existsSync(join(fixture, `out-${outDirs - 1}`, 'apps/orders-service/src/main.js'))).toBe(true);
  });
});
