/**
 * `npm run test:unit`: the inner loop, under a minute. The domain, the use cases, the adapters (AWS faked with
 * aws-sdk-client-mock), the Telnyx client on the simulator (in-process), the relay and the CLI in-process.
 * Left to `npm test`: the CDK suites, moto, the end-to-end handler runs, the docs, and the tests that start
 * processes (the CLI through npm and pipes, Prism).
 */
const base = require('./jest.config');

const UNIT = ['domain', 'cost-alert', 'aws', 'local', 'alert-relay', 'telnyx', 'telnyx-simulator', 'cli', 'signals'];

module.exports = {
  ...base,
  // No CDK here: no template directory to set up.
  globalSetup: undefined,
  globalTeardown: undefined,
  testMatch: UNIT.map((folder) => `<rootDir>/test/${folder}/**/*.test.ts`),
  testPathIgnorePatterns: [
    '/node_modules/',
    // moto (a Python server per suite)
    '\\.moto\\.test\\.ts$',
    '/test/cli/(check-edges|test-alert-subscriptions|thresholds-apply|thresholds-edit)\\.test\\.ts$',
    // processes: npm, node and tsx started per test, Prism
    '/test/cli/(node-version|npm-start|pipes|simulator-help)\\.test\\.ts$',
    '/test/telnyx/conformance\\.test\\.ts$',
  ],
};
