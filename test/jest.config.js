// The end-to-end suite: the whole system as child processes (tools/stack), or a running stack
// (E2E_GATEWAY_URL …, see test/README.md).
module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.e2e.spec.ts'],
  testTimeout: 180_000,
};
