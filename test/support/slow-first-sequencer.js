// jest's test order: the suites known to be slow first, slowest first, then the rest in jest's own order. jest
// orders by the durations of its last run when its cache has them; a fresh clone (CI) has none and jest falls back
// to file size, which left a 20-second suite to start last on one worker while the other sat idle. Keep the list
// to the suites over about 4 s in an npm test run (seconds from `npx jest --json`: each suite's perfStats); order matters, not the figures.
const Sequencer = require('@jest/test-sequencer').default;

const SLOW_FIRST = [
  'cdk/synth-cli.test.ts',
  'docs/readme-commands.test.ts',
  'cdk/cfn-lint.test.ts',
  'support/test-python.test.ts',
  'integration/handler.test.ts',
  'cli/pipes.test.ts',
  'signals/sweep.test.ts',
  'cli/thresholds-edit.test.ts',
  'integration/relay.test.ts',
  'cdk/alert-routes.test.ts',
  'integration/edges.test.ts',
  'cli/npm-start.test.ts',
];

class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    const rank = (test) => {
      const index = SLOW_FIRST.findIndex((suffix) => test.path.endsWith(`/test/${suffix}`));
      return index === -1 ? SLOW_FIRST.length : index;
    };
    // Array.prototype.sort is stable: the suites not listed keep jest's order.
    return [...super.sort(tests)].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = SlowFirstSequencer;
