/** The one spawned run: what `npm start` does, from another directory, as a user would see it. */
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PACKAGE_ROOT } from '../../bin/cli/threshold-source';

const run = promisify(execFile);

describe('npm start', () => {
  it('runs the check against the built-in simulator and exits 0', async () => {
    // Prepare: no API key; a working directory outside the package
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.TELNYX_API_KEY;

    // Act: execFile rejects on a non-zero exit code
    const { stdout, stderr } = await run(join(PACKAGE_ROOT, 'node_modules/.bin/tsx'), [join(PACKAGE_ROOT, 'bin/telnyx-cost-alert.ts'), 'check'], {
      cwd: tmpdir(),
      env,
      timeout: 50_000,
    });

    // Assess
    expect(stderr).toContain('No TELNYX_API_KEY: using the built-in Telnyx simulator with a sample day');
    expect(stdout).toMatch(/^product\s+period\s+spend\s+limit\s+% of limit\s+level\s+note$/m);
    expect(stdout).toContain('dry run: nothing was sent');
    expect(stdout).toMatch(/Subject: \[(WARNING|CRITICAL)\]/);
    // The sample balance is below the sample thresholds' minimum
    expect(stdout).toContain('SMS: Telnyx BALANCE: 38.40 USD available, below your 50.00 USD minimum. Top up to keep calls and messages running.');
  });
});
