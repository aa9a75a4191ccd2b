/**
 * The README's commands run as documented. Its `sh` blocks are tagged: `quickstart` (exactly the two
 * commands of the quick start), `offline` (run here against the built-in simulator), `aws` and `needs-key`
 * (need an AWS account or a Telnyx key: shown, not run). An offline line ends in `# exit code N` when it
 * does not exit 0. Output redirected to a file goes to a temporary directory and must be clean.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PACKAGE_ROOT } from '../../bin/cli/threshold-source';
import { fencedBlocks, readDoc } from './markdown';

const execute = promisify(execFile);
const TAGS = ['quickstart', 'offline', 'aws', 'needs-key'];
const shellBlocks = fencedBlocks(readDoc('README.md')).filter((block) => /^(sh|bash|shell)\b/.test(block.info));

interface OfflineCommand {
  readonly command: string;
  readonly exitCode: number;
}

function offlineCommands(): OfflineCommand[] {
  return shellBlocks
    .filter((block) => block.info.split(/\s+/)[1] === 'offline')
    .flatMap((block) => block.lines)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const comment = line.indexOf(' #');
      const exitCode = Number(/#\s*exit code (\d+)/.exec(line)?.[1] ?? 0);
      return { command: (comment === -1 ? line : line.slice(0, comment)).trim(), exitCode };
    });
}

/** Runs a command line in bash from the package root, as a user would type it, with pipefail and without a Telnyx key. */
async function shell(command: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.TELNYX_API_KEY;
  return execute('bash', ['-c', `set -o pipefail; ${command}`], { cwd: PACKAGE_ROOT, env, timeout: 55_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

describe('the README commands', () => {
  let out: string;

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'readme-commands-'));
  });

  afterAll(() => {
    rmSync(out, { recursive: true, force: true });
  });

  it('tags every sh block, so that each example is either run here or knowingly not', () => {
    expect(shellBlocks.length).toBeGreaterThan(0);
    expect(shellBlocks.filter((block) => !TAGS.includes(block.info.split(/\s+/)[1] ?? '')).map((block) => block.info)).toEqual([]);
  });

  it('has a quick start of exactly two commands: npm ci && npm start, then npm test', () => {
    // Act
    const quickstart = shellBlocks.filter((block) => block.info.split(/\s+/)[1] === 'quickstart');

    // Assess
    expect(quickstart).toHaveLength(1);
    expect(quickstart[0]!.lines.map((line) => line.trim()).filter(Boolean)).toEqual(['npm ci && npm start', 'npm test']);
  });

  it('runs the quick start check: npm start exits 0 (npm ci is what CI runs first; npm test is this suite)', async () => {
    // Act
    const result = await shell('npm start');

    // Assess
    expect(result.stderr).toContain('No TELNYX_API_KEY: using the built-in Telnyx simulator');
    expect(result.stdout).toContain('dry run: nothing was sent');
    expect(result.code).toBe(0);
  });

  it('shows offline examples for files and pipes, all through `npm run -s cli --`', () => {
    // Act
    const commands = offlineCommands();

    // Assess
    expect(commands.length).toBeGreaterThanOrEqual(3);
    for (const { command } of commands) expect(command).toMatch(/^npm run -s cli -- /);
  });

  it.each(offlineCommands().map(({ command, exitCode }) => [command, exitCode] as const))('`%s` exits %d', async (command, exitCode) => {
    // Prepare: a redirect writes into the temporary directory instead of the work tree
    const files: string[] = [];
    const redirected = command.replace(/>\s*(\S+)/g, (_match, file: string) => {
      files.push(join(out, file));
      return `> '${join(out, file)}'`;
    });

    // Act
    const result = await shell(redirected);

    // Assess
    expect(result.code).toBe(exitCode);
    expect(result.stderr).not.toMatch(/EPIPE|\n\s+at /);
    for (const file of files) {
      const content = readFileSync(file, 'utf8');
      // Clean: what the command printed and nothing of npm's own
      expect(content).not.toMatch(/^>/m);
      if (file.endsWith('.json')) expect(() => JSON.parse(content) as unknown).not.toThrow();
      if (file.endsWith('.csv')) expect(content.split('\n')[0]).toMatch(/^[a-z_]+(,[a-z_]+)+$/);
    }
  });
});
