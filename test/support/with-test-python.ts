/**
 * `tsx test/support/with-test-python.ts jest [args]`: picks the tests' Python (test-python.ts), then runs the
 * command with TEST_PYTHON set to it. npm test runs jest this way; when no Python can be had, it stops in one
 * line saying what to install and how, before any test starts.
 */
import { spawnSync } from 'node:child_process';
import { chooseTestPython, TEST_PYTHON_VARIABLE, TestPythonError } from './test-python';

function main(argv: readonly string[]): number {
  const [command, ...args] = argv;
  if (command === undefined) {
    console.error('usage: tsx test/support/with-test-python.ts <command> [args...]');
    return 2;
  }
  let python: string;
  try {
    const choice = chooseTestPython({ log: (line) => console.error(`npm test: ${line}`) });
    if (choice.source === 'venv') console.error(`npm test: moto and cfn-lint from ${choice.python}`);
    python = choice.python;
  } catch (error) {
    if (!(error instanceof TestPythonError)) throw error;
    console.error(`npm test: ${error.message}`);
    return 1;
  }
  const run = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, [TEST_PYTHON_VARIABLE]: python },
    shell: process.platform === 'win32',
  });
  if (run.error) throw run.error;
  return run.status ?? 1;
}

process.exitCode = main(process.argv.slice(2));
