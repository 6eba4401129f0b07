import { optionalPeers, pruneLock, type PackageLock } from './prune-lock';

// A workspace lock: `app` needs a@1 whose b@2 is nested (b@1 is hoisted for the dev tool), an
// optional platform build that is recorded and one that is not, a required and an optional peer.
const root: PackageLock = {
  lockfileVersion: 3,
  packages: {
    '': { dependencies: { a: '^1.0.0', c: '^1.0.0' }, devDependencies: { tool: '^1.0.0' } },
    'node_modules/a': {
      version: '1.0.0',
      dependencies: { b: '^2.0.0' },
      optionalDependencies: { 'a-linux': '1.0.0', 'a-darwin': '1.0.0' },
    },
    'node_modules/a/node_modules/b': { version: '2.0.0' },
    'node_modules/a-linux': { version: '1.0.0', optional: true },
    'node_modules/b': { version: '1.0.0', dev: true },
    'node_modules/c': {
      version: '1.0.0',
      peerDependencies: { d: '*', e: '*' },
      peerDependenciesMeta: { e: { optional: true } },
    },
    'node_modules/d': { version: '1.0.0', devOptional: true },
    'node_modules/e': { version: '1.0.0' },
    'node_modules/tool': { version: '1.0.0', dev: true, dependencies: { b: '^1.0.0' } },
  },
};

describe('pruneLock', () => {
  it('keeps what the dependencies reach, at their locked places, with flags for the smaller tree', () => {
    expect(pruneLock(root, 'svc', '0.1.0', { a: '^1.0.0', c: '^1.0.0' }).packages).toEqual({
      '': { name: 'svc', version: '0.1.0', dependencies: { a: '^1.0.0', c: '^1.0.0' } },
      'node_modules/a': root.packages['node_modules/a'],
      'node_modules/a/node_modules/b': { version: '2.0.0' }, // the nested b@2, not the hoisted b@1 of the dev tool
      'node_modules/a-linux': { version: '1.0.0', optional: true }, // a-darwin is not in the lock: skipped, as npm does
      'node_modules/c': root.packages['node_modules/c'],
      'node_modules/d': { version: '1.0.0' }, // a required peer; no longer dev
    });
  });

  it('lists the optional peers of what it kept, and refuses a dependency the lock lacks', () => {
    expect(optionalPeers(pruneLock(root, 'svc', '0.1.0', { c: '^1.0.0' }))).toEqual([{ name: 'e', of: 'c' }]);
    expect(() => pruneLock(root, 'svc', '0.1.0', { missing: '^1.0.0' })).toThrow('package-lock.json has no entry for missing');
  });
});
