/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  // A dynamic import() of a .ts module names it .js (TypeScript's nodenext rule); jest resolves it to the .ts file.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // aws-sdk-client-mock-jest's matchers are imported by the suites that use them: set up for every suite, they cost
  // about 30 ms of CPU each in 140 suites, 9 of which use them.
  // A directory per run for the synthesized CDK templates, which suites share (test/cdk/synthesize.ts).
  globalSetup: '<rootDir>/test/support/jest-global-setup.ts',
  globalTeardown: '<rootDir>/test/support/jest-global-teardown.ts',
  // jest's default (one worker less than the cores) is a single worker on two cores; the parent mostly waits.
  maxWorkers: '100%',
  // jest gives a worker 500 ms to exit after the run, then kills it and prints "A worker process has failed to exit
  // gracefully". On two busy cores even the domain suites alone (no server, no timer: no handle is open after any
  // suite) miss that window, so the warning meant nothing. A worker that really leaks a handle never exits, and
  // still gets the warning, 5 s later.
  workerGracefulExitTimeout: 5_000,
  // Slowest first (test/support/suite-seconds.json), so that the two workers finish together on a fresh clone too.
  testSequencer: '<rootDir>/test/support/slow-first-sequencer.js',
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  // CDK synthesis and Prism start-up are slow on two cores; the budget is per test, not a timing assertion.
  testTimeout: 60_000,
};
