import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningSimulator, startSimulator } from '../../functions/telnyx-simulator/server';
import { CHECK_TIME, runCli } from './run-cli';

const MARKER = 'KEY-MARKER-7f3a9c-never-printed';

describe('with TELNYX_API_KEY set', () => {
  let simulator: RunningSimulator;
  let dir: string;
  const env = { TELNYX_API_KEY: MARKER };

  beforeAll(async () => {
    simulator = await startSimulator({ apiKey: MARKER, now: () => new Date(CHECK_TIME) });
    dir = await mkdtemp(join(tmpdir(), 'cli-key-'));
  });

  afterAll(async () => {
    await simulator.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('checks against --base-url with the key in the Authorization header only, never printed', async () => {
    // Act
    const run = await runCli(['check', '--base-url', simulator.url], { env });

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.stderr).not.toContain('simulator with a sample day');
    expect(run.stdout).toContain('Subject: [CRITICAL] Telnyx sip-trunking');
    expect(simulator.requests.length).toBeGreaterThan(0);
    expect(simulator.requests.every((request) => request.headers.authorization === `Bearer ${MARKER}`)).toBe(true);
    expect(`${run.stdout}${run.stderr}`).not.toContain(MARKER);
  });

  it('does not print a refused key either', async () => {
    // Prepare
    const other = await startSimulator({ apiKey: 'a-different-key', now: () => new Date(CHECK_TIME) });

    try {
      // Act
      const check = await runCli(['check', '--base-url', other.url], { env });
      const usage = await runCli(['usage', 'messaging', '--base-url', other.url], { env });

      // Assess
      expect(check.exitCode).toBe(1);
      expect(check.stdout).toContain('Telnyx usage cannot be read');
      expect(check.stdout).toContain('Telnyx did not accept the API key (HTTP 401');
      expect(usage.exitCode).toBe(1);
      expect(usage.stderr).toContain('Check the TELNYX_API_KEY environment variable');
      expect(`${check.stdout}${check.stderr}${usage.stdout}${usage.stderr}`).not.toContain(MARKER);
    } finally {
      await other.close();
    }
  });

  it('checks product names against Telnyx when validating, without printing the key', async () => {
    // Prepare
    const file = join(dir, 'thresholds.json');
    await writeFile(file, JSON.stringify({ messagin: 50, 'fax-api': 5 }));

    // Act
    const validate = await runCli(['thresholds', 'validate', '--file', file, '--base-url', simulator.url], { env });
    const list = await runCli(['thresholds', 'list', '--file', file, '--base-url', simulator.url], { env });
    const usage = await runCli(['usage', 'messaging', '--base-url', simulator.url, '--format', 'json'], { env });

    // Assess
    expect(validate.exitCode).toBe(1);
    expect(validate.stdout).toContain('- "messagin": "messagin" is not a Telnyx product with a cost metric: did you mean "messaging"?');
    expect(list.exitCode).toBe(1);
    expect(usage.exitCode).toBe(0);
    const printed = [validate, list, usage].map((run) => `${run.stdout}${run.stderr}`).join('');
    expect(printed).not.toContain(MARKER);
  });

  it('refuses a plain-http --base-url beyond this machine', async () => {
    // Act
    const run = await runCli(['check', '--base-url', 'http://telnyx.example.com/v2'], { env });

    // Assess
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('must use https (plain http only to localhost)');
  });

  it('refuses a --base-url without /v2 (exit code 2), saying what to use', async () => {
    // Act
    const run = await runCli(['usage', 'messaging', '--base-url', 'https://api.telnyx.com/'], { env });

    // Assess
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe('error: --base-url "https://api.telnyx.com/" does not end in /v2, where Telnyx\'s API lives: use e.g. https://api.telnyx.com/v2\n');
  });

  it('names TELNYX_API_BASE_URL when that one lacks /v2 (exit code 1: the environment, not the command line)', async () => {
    // Act
    const run = await runCli(['check'], { env: { ...env, TELNYX_API_BASE_URL: simulator.url.replace(/\/v2$/, '') } });

    // Assess
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`error: TELNYX_API_BASE_URL "${simulator.url.replace(/\/v2$/, '')}" does not end in /v2`);
  });

  it('refuses --base-url without a key, saying what to set', async () => {
    // Act
    const run = await runCli(['usage', 'messaging', '--base-url', simulator.url]);

    // Assess
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('--base-url needs a Telnyx API key: run `export TELNYX_API_KEY=<your key>` first');
  });
});
