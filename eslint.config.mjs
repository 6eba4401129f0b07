// Flat config shared by every project; projects lint their own folder through Nx.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/**
 * What may import what, by the tags in each project.json:
 * - type:app (apps/*) are deployables: they import libraries, never another app;
 * - type:lib (contracts, embedded-kafka, service-kit) import only other libraries;
 * - type:testing (libs/testing) is for tests only: no shipped code imports it;
 * - type:tool (tools/stack, tools/bench) are what npm runs: they import libraries;
 * - type:e2e (test/) may import everything but apps (it runs them as processes).
 * Tests and benchmarks of a project may also use libs/testing and the tools.
 */
const boundaries = (forTestsAndBenchmarks) => {
  const extra = forTestsAndBenchmarks ? ['type:testing', 'type:tool'] : [];
  return [
    'error',
    {
      allow: [],
      depConstraints: [
        { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', ...extra] },
        { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', ...extra] },
        { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib'] },
        { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', ...extra] },
        { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:testing', 'type:tool'] },
      ],
    },
  ];
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/tmp/**', '**/.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // CommonJS config files (jest.config.js and the preset).
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: { '@nx/enforce-module-boundaries': boundaries(false) },
  },
  {
    files: ['{apps,libs}/*/test/**/*.ts', '{apps,libs}/*/bench/**/*.ts', 'tools/bench/**/*.ts', 'tools/bundle/**/*.spec.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(true) },
  },
);
