/** Output into a pipe that closes early (`| head -1`) ends quietly: no EPIPE, no stack trace, the command's exit code. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { PACKAGE_ROOT } from '../../bin/cli/threshold-source';

const run = promisify(execFile);

/** Runs `CLI ARGS | READER` in bash with pipefail, so the exit code is the CLI's; the reader exits before the CLI writes. */
async function pipeInto(reader: string, args: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.TELNYX_API_KEY;
  const command = `set -o pipefail; node_modules/.bin/node --import tsx bin/telnyx-cost-alert.ts ${args} | ${reader}`;
  return run('bash', ['-c', command], { cwd: PACKAGE_ROOT, env, timeout: 50_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

describe('a closed pipe', () => {
  it.each([
    ['check', 0],
    ['usage messaging --dimensions direction,country_iso', 0],
    ['thresholds list', 0],
  ])('`%s | true` (reader gone before the first write) exits %d without EPIPE', async (args, exitCode) => {
    // Act
    const result = await pipeInto('true', args);

    // Assess
    expect(result.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(result.code).toBe(exitCode);
  });

  it('`check | head -1` prints the first line and ends quietly', async () => {
    // Act
    const result = await pipeInto('head -1', 'check');

    // Assess
    expect(result.stdout.split('\n')).toHaveLength(2);
    expect(result.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(result.code).toBe(0);
  });
});
