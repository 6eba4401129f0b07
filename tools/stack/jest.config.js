module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'stack',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
  testTimeout: 30_000,
};
