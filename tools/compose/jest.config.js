module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'compose',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
  testTimeout: 60_000,
};
