// jest's test order: slowest first, by the seconds each suite took in an npm test run (./suite-seconds.json), so that
// the two workers finish together. jest orders by the durations of its last run only when its cache has them; a fresh
// clone (CI) has none and jest falls back to file size, which left slow suites to start last: an npm test of 118 s
// with jest's cache took 137 s without it. A suite not in the file (a new one) counts as UNLISTED_SECONDS; the
// figures only order the suites, a stale one costs time, never a result. Refresh: `npx jest --json --outputFile=r.json`,
// then each suite's endTime - startTime.
const Sequencer = require('@jest/test-sequencer').default;
const SECONDS = require('./suite-seconds.json');

const UNLISTED_SECONDS = 2;

class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    const seconds = (test) => {
      const suite = test.path.split('/test/').pop();
      return SECONDS[suite] ?? UNLISTED_SECONDS;
    };
    // Array.prototype.sort is stable: suites of equal weight keep jest's order.
    return [...super.sort(tests)].sort((a, b) => seconds(b) - seconds(a));
  }
}

module.exports = SlowFirstSequencer;
