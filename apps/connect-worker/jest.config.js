module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'connect-worker',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
  testTimeout: 60_000,
};
