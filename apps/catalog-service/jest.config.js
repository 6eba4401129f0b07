module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'catalog-service',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
  testTimeout: 60_000,
};
