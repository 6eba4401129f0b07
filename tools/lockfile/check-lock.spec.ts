import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { missingOptionalBuilds, type PackageLock } from './missing-optional-builds';

const REPO_ROOT = join(__dirname, '../..');

/** A lock as npm writes it for a native package, with its Linux build only (what the old lock had). */
const linuxOnly: PackageLock = {
  lockfileVersion: 3,
  packages: {
    '': { optionalDependencies: {} },
    'node_modules/@swc/core': { optionalDependencies: { '@swc/core-linux-x64-gnu': '1.16.22', '@swc/core-darwin-arm64': '1.16.22' } },
    'node_modules/@swc/core-linux-x64-gnu': {},
  },
};

function runCheck(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(
      process.execPath,
      ['-r', '@swc-node/register', join(__dirname, 'check-lock.ts'), ...args],
      { cwd: REPO_ROOT },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    ),
  );
}

describe('the lock file lists every platform build of the native packages', () => {
  it('holds for the committed package-lock.json (npm ci on a Mac or Windows gets its nx and swc bindings)', async () => {
    const { code, stdout, stderr } = await runCheck();
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('every optional (platform) build is listed');
  });

  it('names the builds a lock written on one platform lacks', () => {
    expect(missingOptionalBuilds(linuxOnly)).toEqual(['@swc/core -> @swc/core-darwin-arm64']);
  });

  it('finds a build where Node would: nested under its package, or in a parent node_modules', () => {
    const nested: PackageLock = {
      lockfileVersion: 3,
      packages: {
        'node_modules/a/node_modules/nx': { optionalDependencies: { '@nx/nx-win32-x64-msvc': '1', '@nx/nx-darwin-x64': '1' } },
        'node_modules/a/node_modules/@nx/nx-win32-x64-msvc': {},
        'node_modules/@nx/nx-darwin-x64': {},
      },
    };
    expect(missingOptionalBuilds(nested)).toEqual([]);
  });

  it('fails with one readable line and exit 1 on such a lock, or on a file that is no lock', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'check-lock-'));
    try {
      await writeFile(join(dir, 'linux-only.json'), JSON.stringify(linuxOnly));
      await writeFile(join(dir, 'not-a-lock.json'), '{"name":"x"}');
      const linux = await runCheck(join(dir, 'linux-only.json'));
      expect(linux.code).toBe(1);
      expect(linux.stderr.trim().split('\n')).toHaveLength(1);
      expect(linux.stderr).toContain('lacks 1 optional builds (@swc/core -> @swc/core-darwin-arm64)');
      const notLock = await runCheck(join(dir, 'not-a-lock.json'));
      expect(notLock.code).toBe(1);
      expect(notLock.stderr.trim()).toMatch(/not-a-lock\.json: not a package-lock\.json of lockfileVersion 2 or 3$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
