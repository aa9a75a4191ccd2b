/** `npm run simulator -- --help` prints its options instead of `Unknown option '--help'`. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { PACKAGE_ROOT } from '../../bin/cli/threshold-source';

const run = promisify(execFile);

describe('npm run simulator -- --help', () => {
  it.each(['--help', '-h'])('prints the options for %s and exits 0 without starting a server', async (flag) => {
    // Act: execFile rejects on a non-zero exit code, and the timeout catches a server left running
    const { stdout, stderr } = await run('npm', ['run', '-s', 'simulator', '--', flag], { cwd: PACKAGE_ROOT, timeout: 30_000 });

    // Assess
    expect(stdout).toMatch(/^Usage: npm run simulator -- \[options\]/);
    for (const option of ['--port <n>', '--host <address>', '--latency <ms>', '--page-size-cap <n>', '--api-key <key>']) expect(stdout).toContain(option);
    expect(stdout).not.toContain('listening');
    expect(stderr).toBe('');
  });
});
