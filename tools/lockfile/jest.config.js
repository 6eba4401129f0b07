module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'lockfile',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts'],
  testTimeout: 30_000,
};
