// Prints one plain closing line ("jest: N passed, N failed, N skipped") that CI systems can read
// whatever the runner; jest's own summary stays as it is.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    process.stdout.write(
      `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests + results.numTodoTests} skipped\n`,
    );
  }
}
module.exports = SummaryReporter;
