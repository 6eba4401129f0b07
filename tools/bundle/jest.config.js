module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'bundle',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts'],
  testTimeout: 60_000,
};
