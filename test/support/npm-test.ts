/**
 * `npm test`: the static checks beside jest, so that two cores stay busy; one after the other they left a core idle
 * for most of a minute. The checks run one after another, one process at a time, so that they take at most one
 * core's share from jest's two workers: first the typecheck and ESLint, in one process on one TypeScript program
 * (./typecheck-and-lint.ts: `npm run typecheck` and `npm run lint` each built it), then Biome's format check. jest's
 * output streams as it runs; each check's output is printed in one piece, under its name, when it ends. It fails
 * when any of them fails, and says which. Arguments go to jest (`npm test -- test/cli`); the checks always run whole.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';

interface Step {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** jest's output is long and live; a check's is short and only read when it fails. */
  readonly buffered: boolean;
}

const SUPPORT = __dirname;
/** TypeScript through this Node with tsx's loader: the `tsx` command starts a second Node process for the same. */
const TSX = ['--import', 'tsx'];

/** Lanes run at the same time; the steps of a lane one after another (each whatever the one before did). */
function lanes(jestArgs: readonly string[]): Step[][] {
  return [
    [
      { name: 'typecheck and lint', command: process.execPath, args: [...TSX, path.join(SUPPORT, 'typecheck-and-lint.ts')], buffered: true },
      { name: 'format:check', command: 'npm', args: ['run', '--silent', 'format:check'], buffered: true },
    ],
    // jest runs with the tests' Python chosen first (test/support/with-test-python.ts).
    [{ name: 'jest', command: process.execPath, args: [...TSX, path.join(SUPPORT, 'with-test-python.ts'), 'jest', ...jestArgs], buffered: false }],
  ];
}

/** Runs one step; resolves to whether it passed. A buffered step's output is written at once when it ends. */
function run(step: Step): Promise<boolean> {
  const started = Date.now();
  const child = spawn(step.command, step.args, { stdio: step.buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit', shell: process.platform === 'win32' });
  const output: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
  return new Promise((resolve) => {
    child.on('error', (error) => {
      output.push(Buffer.from(`${error.message}\n`));
    });
    child.on('close', (code, signal) => {
      const passed = code === 0;
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      const verdict = passed ? 'passed' : `failed (${signal ?? `exit code ${code ?? 'none'}`})`;
      const text = Buffer.concat(output).toString('utf8').trimEnd();
      process.stderr.write(`\nnpm test: ${step.name} ${verdict} in ${seconds} s${text === '' ? '' : `\n${text}`}\n`);
      resolve(passed);
    });
  });
}

/** Runs a lane's steps in order, every one of them (a failed check does not hide the next one's findings). */
async function runLane(lane: readonly Step[]): Promise<string[]> {
  const failed: string[] = [];
  for (const step of lane) if (!(await run(step))) failed.push(step.name);
  return failed;
}

async function main(argv: readonly string[]): Promise<number> {
  const failed = (await Promise.all(lanes(argv).map(runLane))).flat();
  if (failed.length === 0) return 0;
  process.stderr.write(`npm test: failed: ${failed.join(', ')}\n`);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
