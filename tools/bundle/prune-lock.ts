// The workspace's package-lock.json cut down to what a set of production packages needs, so that
// `npm ci` installs exactly the versions the workspace was tested with, and nothing else.

export interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [key: string]: unknown;
}

export interface PackageLock {
  name?: string;
  version?: string;
  lockfileVersion: number;
  requires?: boolean;
  packages: Record<string, LockEntry>;
}

/** `node_modules/a/node_modules/@s/b` → `node_modules/a`; `node_modules/a` → '' (the root). */
function parentOf(location: string): string {
  const at = location.lastIndexOf('node_modules/');
  return location.slice(0, Math.max(0, at - 1));
}

/** Where node finds `name` from the package at `from`, as npm laid the tree out; undefined if nowhere. */
function resolveIn(packages: PackageLock['packages'], from: string, name: string): string | undefined {
  for (let dir = from; ; dir = parentOf(dir)) {
    const candidate = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!dir) return undefined;
  }
}

/**
 * A lock for a package whose `dependencies` are `dependencies` (name → range, as in the root
 * package.json): the root lock's entries reachable from them through dependencies, optional
 * dependencies that are in the lock and non-optional peers, at their locked places and versions.
 * Flags are recomputed for the smaller tree: nothing is dev; `optional` only when every path to
 * the entry is optional.
 */
export function pruneLock(root: PackageLock, name: string, version: string, dependencies: Record<string, string>): PackageLock {
  if (root.lockfileVersion < 2) throw new Error(`package-lock.json has lockfileVersion ${root.lockfileVersion}; npm 7+ writes 2 or 3`);
  const packages = root.packages;
  /** location → reached by a required path (false: only through optional dependencies). */
  const reached = new Map<string, boolean>();
  const queue: Array<[string, boolean]> = [];
  const visit = (from: string, dependency: string, required: boolean, mayBeMissing: boolean) => {
    const location = resolveIn(packages, from, dependency);
    if (!location) {
      if (mayBeMissing) return;
      throw new Error(`package-lock.json has no entry for ${dependency} (needed by ${from || 'the bundle'}): run npm install`);
    }
    const before = reached.get(location);
    if (before === true || (before === false && !required)) return;
    reached.set(location, required);
    queue.push([location, required]);
  };
  for (const dependency of Object.keys(dependencies)) visit('', dependency, true, false);
  while (queue.length > 0) {
    const [location, required] = queue.shift()!;
    const entry = packages[location];
    if (entry.link) throw new Error(`${location} is a link (a workspace package); the bundle lays libraries out itself`);
    for (const dependency of Object.keys(entry.dependencies ?? {})) visit(location, dependency, required, false);
    // A platform's build that npm did not record is not installable anywhere: skipping it is npm's own behaviour.
    for (const dependency of Object.keys(entry.optionalDependencies ?? {})) visit(location, dependency, false, true);
    for (const dependency of Object.keys(entry.peerDependencies ?? {})) {
      if (entry.peerDependenciesMeta?.[dependency]?.optional) continue; // npm does not install optional peers for it either
      visit(location, dependency, required, false);
    }
  }

  const pruned: PackageLock['packages'] = { '': { name, version, dependencies } };
  for (const location of [...reached.keys()].sort()) {
    const { dev: _dev, devOptional: _devOptional, optional: _optional, peer: _peer, ...entry } = packages[location];
    pruned[location] = reached.get(location) ? entry : { ...entry, optional: true };
  }
  return { name, version, lockfileVersion: root.lockfileVersion, requires: true, packages: pruned };
}

/** The optional peers the entries of a (pruned) lock declare, e.g. @nestjs/core's @nestjs/platform-express. */
export function optionalPeers(lock: PackageLock): Array<{ name: string; of: string }> {
  return Object.entries(lock.packages).flatMap(([location, entry]) =>
    Object.entries(entry.peerDependenciesMeta ?? {})
      .filter(([, meta]) => meta.optional)
      .map(([name]) => ({ name, of: location.replace(/^.*node_modules\//, '') })),
  );
}
