/** The parts of package-lock.json (lockfileVersion 2 or 3) this check reads. */
export interface PackageLock {
  lockfileVersion?: number;
  packages?: Record<string, { optionalDependencies?: Record<string, string> }>;
}

/**
 * Optional dependencies that the lock does not list, as `package -> dependency`.
 *
 * Native packages (nx, @swc/core, unrs-resolver…) ship one optional dependency per platform.
 * A lock written on one machine can miss the other platforms' entries (npm/cli#4828), and
 * `npm ci` then installs none of them on a Mac or on Windows, so nx or swc has no binding there.
 * An entry is found the way Node resolves it: the package's own node_modules, then each parent's.
 */
export function missingOptionalBuilds(lock: PackageLock): string[] {
  if (!lock.packages || (lock.lockfileVersion ?? 0) < 2) throw new Error('not a package-lock.json of lockfileVersion 2 or 3');
  const packages = lock.packages;
  const resolves = (from: string, name: string): boolean => {
    for (let dir = from; ;) {
      if (packages[`${dir ? `${dir}/` : ''}node_modules/${name}`]) return true;
      if (!dir) return false;
      const parent = dir.lastIndexOf('/node_modules/');
      dir = parent < 0 ? '' : dir.slice(0, parent);
    }
  };
  const missing: string[] = [];
  for (const [path, entry] of Object.entries(packages)) {
    for (const name of Object.keys(entry.optionalDependencies ?? {})) {
      if (!resolves(path, name)) missing.push(`${path.replace(/^.*node_modules\//, '') || '(root)'} -> ${name}`);
    }
  }
  return missing;
}
