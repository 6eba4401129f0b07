// Builds a Node service's production bundle: the service's code and the libraries it imports,
// compiled by SWC with the workspace's .swcrc, laid out as in the workspace (so relative requires
// and source maps keep their meaning), plus a package.json, a pruned lock and node_modules with
// only the production packages that compiled code requires. `node main.js` in the bundle runs the
// service without the workspace, dev dependencies or SWC.

import { parseSync, transformFileSync, type Options } from '@swc/core';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { optionalPeers, pruneLock, type PackageLock } from './prune-lock';

/** What the image needs to know about a service beyond its code: where it listens and what says "ready". */
export interface ServiceRuntime {
  /** Environment variables naming the HTTP port, first set wins (as the service's config reads them). */
  portEnv: string[];
  defaultPort: number;
  /** 200 once the service can do its work (its database and Kafka reachable, or its upstreams up). */
  readyPath: string;
}

/** The Node services an image can be built for, with their config's port variables and defaults. */
export const SERVICES: Record<string, ServiceRuntime> = {
  'orders-service': { portEnv: ['PORT'], defaultPort: 8081, readyPath: '/health/ready' },
  'catalog-service': { portEnv: ['PORT'], defaultPort: 8090, readyPath: '/health/ready' },
  gateway: { portEnv: ['GATEWAY_PORT', 'PORT'], defaultPort: 8000, readyPath: '/health/ready' },
  'connect-worker': { portEnv: ['CONNECT_PORT', 'PORT'], defaultPort: 8083, readyPath: '/health/ready' },
};

/** Tags of the projects whose source may ship in a service's bundle (besides the service itself). */
const SHIPPABLE_TAGS = ['type:lib'];

export class BundleError extends Error {}

interface Project {
  name: string;
  root: string; // relative to the workspace, with '/'
  sourceRoot: string;
  tags: string[];
}

interface PackageJson {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export interface BundleOptions {
  workspace: string;
  service: string;
  outDir: string;
  /** Run `npm ci --omit=dev` in the bundle (default true); false writes package.json and the lock only. */
  install?: boolean;
}

export interface BundleResult {
  /** The bundle's entry, relative to outDir. */
  entry: string;
  /** Workspace-relative source files compiled into the bundle. */
  modules: string[];
  /** Workspace-relative files copied as they are (JSON and other non-TypeScript files of the shipped projects). */
  assets: string[];
  /** Projects whose code is in the bundle, the service first. */
  projects: string[];
  /** Production packages the compiled code requires, or that those load as optional peers; the root package.json's ranges. */
  dependencies: Record<string, string>;
  /** Of `dependencies`, those in only as an optional peer: package → the package that loads it. */
  loadedByPackages: Record<string, string>;
  /** Packages in the bundle whose install scripts `npm ci --ignore-scripts` did not run. */
  scriptsNotRun: string[];
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
const toPosix = (path: string) => path.split(sep).join('/');
const sorted = (record: Record<string, string>) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));

function readProjects(workspace: string): Project[] {
  const projects: Project[] = [];
  for (const group of ['apps', 'libs', 'tools']) {
    const groupDir = join(workspace, group);
    if (!existsSync(groupDir)) continue;
    for (const folder of readdirSync(groupDir)) {
      const file = join(groupDir, folder, 'project.json');
      if (!existsSync(file)) continue;
      const project = readJson<{ name: string; sourceRoot?: string; tags?: string[] }>(file);
      const root = `${group}/${folder}`;
      projects.push({ name: project.name, root, sourceRoot: project.sourceRoot ?? root, tags: project.tags ?? [] });
    }
  }
  return projects;
}

/** `@scope/name/deep/path` → `@scope/name`; `name/deep` → `name`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Every string passed to `require(…)` in a CommonJS module (what SWC's output loads at run time). */
function requiredSpecifiers(code: string, file: string): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as {
      type?: string;
      callee?: { type?: string; value?: string };
      arguments?: Array<{ expression: { type: string; value?: string } }>;
    };
    if (n.type === 'CallExpression' && n.callee?.type === 'Identifier' && n.callee.value === 'require') {
      const argument = n.arguments?.[0]?.expression;
      if (argument?.type !== 'StringLiteral')
        throw new BundleError(`${file}: require() of a computed name cannot be bundled; require a string literal`);
      found.push(argument.value!);
    }
    if (n.type === 'CallExpression' && n.callee?.type === 'Import')
      throw new BundleError(`${file}: import() survived compilation to CommonJS; the bundle cannot follow it`);
    for (const value of Object.values(node)) if (value && typeof value === 'object') walk(value);
  };
  walk(parseSync(code, { syntax: 'ecmascript', target: 'es2022', isModule: false }));
  return found;
}

/** The file a relative require of a compiled module means in the workspace's TypeScript sources. */
function resolveSource(fromFile: string, specifier: string): string | undefined {
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [base, `${base}.ts`, `${base}.json`, join(base, 'index.ts')];
  return candidates.find(
    (candidate) => existsSync(candidate) && statSync(candidate).isFile() && ['.ts', '.json'].includes(extname(candidate)),
  );
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** A small script the image runs as its HEALTHCHECK: exit 0 when the service's readiness path answers 200. */
export function healthcheckScript(service: string, runtime: ServiceRuntime): string {
  const portFrom = runtime.portEnv.map((name) => `process.env.${name}`).join(' || ');
  return `// ${service}'s readiness probe (written by tools/bundle): exit 0 when GET ${runtime.readyPath} answers 200.
'use strict';
const port = ${portFrom} || ${runtime.defaultPort};
fetch('http://127.0.0.1:' + port + ${JSON.stringify(runtime.readyPath)}, { signal: AbortSignal.timeout(4000) }).then(
  (response) => process.exit(response.status === 200 ? 0 : 1),
  () => process.exit(1),
);
`;
}

export async function buildBundle(options: BundleOptions): Promise<BundleResult> {
  const workspace = resolve(options.workspace);
  const outDir = resolve(options.outDir);
  const { service } = options;
  const runtime = SERVICES[service];
  if (!runtime) throw new BundleError(`unknown service "${service}"; one of: ${Object.keys(SERVICES).join(', ')}`);
  const insideWorkspace = relative(workspace, outDir);
  if (!insideWorkspace.startsWith('..') && !isAbsolute(insideWorkspace))
    throw new BundleError(
      `${outDir} is inside the workspace: node would find the workspace's node_modules above the bundle; choose a directory outside it`,
    );
  if (existsSync(outDir) && readdirSync(outDir).length > 0) throw new BundleError(`${outDir} is not empty`);

  const projects = readProjects(workspace);
  const app = projects.find((p) => p.root === `apps/${service}`);
  if (!app || !app.tags.includes('type:app')) throw new BundleError(`apps/${service} is not an app project (type:app)`);
  const entrySource = join(workspace, app.sourceRoot, 'main.ts');
  if (!existsSync(entrySource)) throw new BundleError(`${toPosix(relative(workspace, entrySource))} does not exist`);

  const rootPackage = readJson<PackageJson>(join(workspace, 'package.json'));
  const production = rootPackage.dependencies ?? {};
  const development = rootPackage.devDependencies ?? {};
  const { compilerOptions } = readJson<{ compilerOptions: { paths?: Record<string, string[]> } }>(join(workspace, 'tsconfig.base.json'));
  const swcrc = readJson<Options>(join(workspace, '.swcrc'));

  const projectOf = (file: string): Project | undefined => {
    const path = toPosix(relative(workspace, file));
    return projects.filter((p) => path.startsWith(`${p.root}/`)).sort((a, b) => b.root.length - a.root.length)[0];
  };
  const shippable = (file: string, from: string): Project => {
    const path = toPosix(relative(workspace, file));
    const project = projectOf(file);
    const why = `${from} imports ${path}`;
    if (!project) throw new BundleError(`${why}, which belongs to no project`);
    if (project !== app && !project.tags.some((tag) => SHIPPABLE_TAGS.includes(tag)))
      throw new BundleError(
        `${why} (project ${project.name}, ${project.tags.join(', ') || 'untagged'}): only ${SHIPPABLE_TAGS.join(', ')} projects ship in a service`,
      );
    if (!path.startsWith(`${project.sourceRoot}/`) || /\.(spec|test)\.ts$/.test(path))
      throw new BundleError(`${why}, which is not shipped source of ${project.name} (outside ${project.sourceRoot}, or a test)`);
    return project;
  };

  const modules: string[] = [];
  const dependencies: Record<string, string> = {};
  const reachedProjects = new Set<Project>([app]);
  const seen = new Set<string>([entrySource]);
  const queue = [entrySource];
  while (queue.length > 0) {
    const file = queue.shift()!;
    const path = toPosix(relative(workspace, file));
    const target = join(outDir, path);
    mkdirSync(dirname(target), { recursive: true });
    if (extname(file) === '.json') {
      copyFileSync(file, target);
      modules.push(path);
      continue;
    }
    const output = transformFileSync(file, {
      ...swcrc,
      swcrc: false,
      configFile: false,
      filename: file,
      sourceFileName: basename(file),
      jsc: { ...swcrc.jsc, baseUrl: workspace, paths: compilerOptions.paths ?? {} },
    });
    const js = target.replace(/\.ts$/, '.js');
    let code = output.code;
    if (output.map) {
      writeFileSync(`${js}.map`, output.map);
      code += `\n//# sourceMappingURL=${basename(js)}.map\n`;
    }
    writeFileSync(js, code);
    modules.push(path);

    for (const specifier of requiredSpecifiers(output.code, path)) {
      if (specifier.startsWith('.')) {
        const source = resolveSource(file, specifier);
        if (!source) throw new BundleError(`${path} requires "${specifier}", which resolves to no .ts or .json file`);
        reachedProjects.add(shippable(source, path));
        if (!seen.has(source)) {
          seen.add(source);
          queue.push(source);
        }
      } else if (!isBuiltin(specifier)) {
        const name = packageName(specifier);
        if (production[name]) dependencies[name] = production[name];
        else if (development[name])
          throw new BundleError(`${path} requires "${specifier}": ${name} is a devDependency, which the production image does not install`);
        else throw new BundleError(`${path} requires "${specifier}": ${name} is not in package.json's dependencies`);
      }
    }
  }

  // What the shipped projects may read at run time besides their modules (e.g. JSON read with fs).
  const assets: string[] = [];
  for (const project of reachedProjects) {
    for (const file of listFiles(join(workspace, project.sourceRoot))) {
      const path = toPosix(relative(workspace, file));
      if (file.endsWith('.ts') || seen.has(file)) continue;
      mkdirSync(dirname(join(outDir, path)), { recursive: true });
      copyFileSync(file, join(outDir, path));
      assets.push(path);
    }
  }

  const entry = 'main.js';
  const appMain = toPosix(relative(workspace, entrySource)).replace(/\.ts$/, '.js');
  writeFileSync(
    join(outDir, entry),
    `// ${service}'s production bundle (tools/bundle): the service's own main.\nrequire('./${appMain}');\n`,
  );
  writeFileSync(join(outDir, 'healthcheck.js'), healthcheckScript(service, runtime));

  // A package the code requires may itself load an optional peer at run time (@nestjs/core loads
  // @nestjs/platform-express when the app names no adapter). The workspace's production
  // dependencies among those peers are what it runs with, so they ship too, until nothing is added.
  const rootLock = readJson<PackageLock>(join(workspace, 'package-lock.json'));
  const name = `${service}-bundle`;
  const loadedByPackages: Record<string, string> = {};
  let lock: PackageLock;
  for (;;) {
    lock = pruneLock(rootLock, name, rootPackage.version, sorted(dependencies));
    const added = optionalPeers(lock).filter((peer) => production[peer.name] && !dependencies[peer.name]);
    if (added.length === 0) break;
    for (const peer of added) {
      dependencies[peer.name] = production[peer.name];
      loadedByPackages[peer.name] = peer.of;
    }
  }
  const packageJson = { name, version: rootPackage.version, private: true, main: entry, dependencies: sorted(dependencies) };
  writeFileSync(join(outDir, 'package.json'), `${JSON.stringify(packageJson, null, 2)}\n`);
  writeFileSync(join(outDir, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);

  if (options.install !== false) await installProductionPackages(outDir);

  return {
    entry,
    modules,
    assets,
    projects: [...reachedProjects].map((p) => p.name),
    dependencies: sorted(dependencies),
    loadedByPackages,
    scriptsNotRun: Object.entries(lock.packages)
      .filter(([, entry]) => entry.hasInstallScript)
      .map(([location]) => location.replace(/^.*node_modules\//, '')),
  };
}

/**
 * `npm ci --omit=dev` in a bundle: exactly its pruned lock, from the cache `npm ci` in the
 * workspace filled. No install scripts: the services' packages are plain JavaScript (the one with
 * a script, @scarf/scarf under @nestjs/swagger, only reports downloads); the bundle names any it skipped.
 */
export async function installProductionPackages(outDir: string): Promise<void> {
  const npm = spawn('npm', ['ci', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: outDir,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  npm.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => npm.on('error', reject).on('close', resolve));
  if (code !== 0) throw new BundleError(`npm ci in ${outDir} failed (exit ${code}): ${stderr.trim()}`);
}
