module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'embedded-kafka',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
  testTimeout: 60_000,
};
