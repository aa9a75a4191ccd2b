/** `check -o json`, `-q`, `--fail-on` and colour: what scripts, cron jobs and terminals rely on. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-check-output-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function thresholdsFile(content: unknown): Promise<string> {
  const file = join(dir, 'thresholds.json');
  await writeFile(file, JSON.stringify(content));
  return file;
}

/** At CHECK_TIME the simulator's messaging outbound spend is 98% of 50 USD: a warning, never critical. */
const WARNING_ONLY = { messaging: { daily: 50, warnAt: [0.8], filter: { direction: 'outbound' } } };
/** call-control is at 39% of 15 USD: no alert. */
const NO_ALERT = { 'call-control': 15 };
const ANSI = /\u001b\[/;

describe('check -o json', () => {
  it('prints one JSON document with the documented fields, and nothing else on stdout', async () => {
    // Act
    const run = await runCli(['check', '-o', 'json']);

    // Assess: stdout parses as a whole (nothing before or after the document)
    expect(run.exitCode).toBe(0);
    const document = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(document).sort()).toEqual(
      ['alerts', 'checkedAt', 'dryRun', 'evaluations', 'problems', 'thresholdsSource', 'timeZone', 'topicArn', 'usageSource'].sort(),
    );
    expect(document).toMatchObject({
      checkedAt: '2026-11-26T14:00:00.000Z',
      timeZone: 'UTC',
      dryRun: true,
      topicArn: null,
      usageSource: 'the built-in simulator',
      problems: [],
    });
    const evaluations = document.evaluations as Array<Record<string, unknown>>;
    expect(evaluations).toHaveLength(8);
    for (const evaluation of evaluations) {
      expect(evaluation).toEqual(
        expect.objectContaining({
          product: expect.any(String),
          period: expect.stringMatching(/^(daily|monthly)$/),
          periodKey: expect.stringMatching(/^2026-11(-26)?$/),
          currency: 'USD',
          spend: expect.stringMatching(/^\d+\.\d{2,9}$/),
          limit: expect.stringMatching(/^\d+\.\d{2,9}$/),
          percentOfLimit: expect.any(Number),
          level: expect.stringMatching(/^(ok|warning|critical)$/),
          complete: true,
          parameter: expect.stringMatching(/^\/telnyx-cost-alert\/thresholds\//),
        }),
      );
      // Exact decimals, no bigint left over (JSON.stringify would have thrown) and no nano-unit fields.
      expect(evaluation).not.toHaveProperty('spendNanos');
    }
    expect(evaluations.find((evaluation) => evaluation.product === 'sip-trunking')).toMatchObject({ period: 'daily', periodKey: '2026-11-26', limit: '20.00', level: 'critical' });
    expect(document.alerts).toEqual([
      {
        severity: 'warning',
        signal: 'limit',
        product: 'messaging',
        period: 'daily',
        subject: expect.stringMatching(/^\[WARNING\] Telnyx messaging daily spend/),
        outcome: 'not-sent',
        key: expect.stringMatching(/^breach\|messaging\|daily\|2026-11-26\|/),
      },
      expect.objectContaining({ severity: 'critical', signal: 'limit', product: 'sip-trunking', period: 'daily', outcome: 'not-sent' }),
      expect.objectContaining({ severity: 'warning', signal: 'limit', product: 'total', period: 'daily', outcome: 'not-sent' }),
    ]);
    // Notes stay on stderr
    expect(run.stderr).toContain('No TELNYX_API_KEY: using the built-in Telnyx simulator');
  });

  it('lists an invalid threshold under problems with its error alert, and exits 1', async () => {
    // Prepare
    const file = await thresholdsFile({ ...NO_ALERT, wireless: { daily: 'lots' } });

    // Act
    const run = await runCli(['check', '-o', 'json', '--thresholds-file', file]);

    // Assess
    expect(run.exitCode).toBe(1);
    const document = JSON.parse(run.stdout) as { problems: string[]; alerts: Array<Record<string, unknown>> };
    expect(document.problems).toEqual([expect.stringContaining('wireless: "daily" must be a positive amount')]);
    expect(document.alerts).toEqual([expect.objectContaining({ severity: 'error', signal: 'error', product: 'wireless', outcome: 'not-sent' })]);
  });

  it('keeps --verbose log lines on stderr, one JSON object each', async () => {
    // Act
    const run = await runCli(['check', '-o', 'json', '--verbose', '--thresholds-file', await thresholdsFile(NO_ALERT)]);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(() => JSON.parse(run.stdout) as unknown).not.toThrow();
    const logLines = run.stderr.split('\n').filter((line) => line.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.map((line) => JSON.parse(line) as Record<string, unknown>)).toContainEqual(
      expect.objectContaining({ level: 'INFO', message: 'Evaluated', product: 'call-control', service: 'telnyx-cost-alert' }),
    );
  });
});

describe('check -q', () => {
  it('prints the summary line only', async () => {
    // Act
    const run = await runCli(['check', '-q']);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe('3 alerts (1 critical, 2 warning) found; dry run: nothing was sent (add --publish --topic-arn ARN to send them through SNS).\n');
    expect(run.stderr).toBe('');
  });

  it('counts the problems in the summary line', async () => {
    // Act
    const run = await runCli(['check', '--quiet', '--thresholds-file', await thresholdsFile({ wireless: 'abc' })]);

    // Assess
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('1 alert (1 error) found; dry run: nothing was sent (add --publish --topic-arn ARN to send them through SNS). 1 problem(s).\n');
  });
});

describe('check exit codes and --fail-on', () => {
  it.each([
    ['no alert, no --fail-on', NO_ALERT, [], 0],
    ['no alert, --fail-on warning', NO_ALERT, ['--fail-on', 'warning'], 0],
    ['a warning, no --fail-on', WARNING_ONLY, [], 0],
    ['a warning, --fail-on warning', WARNING_ONLY, ['--fail-on', 'warning'], 3],
    ['a warning, --fail-on critical', WARNING_ONLY, ['--fail-on', 'critical'], 0],
    ['a problem and a warning, --fail-on warning (the problem wins)', { ...WARNING_ONLY, wireless: 'abc' }, ['--fail-on', 'warning'], 1],
  ] as const)('%s: exit code %d', async (_case, thresholds, flags, exitCode) => {
    // Act
    const run = await runCli(['check', '-q', '--thresholds-file', await thresholdsFile(thresholds), ...flags]);

    // Assess
    expect(run.exitCode).toBe(exitCode);
  });

  it('exits 3 with --fail-on critical when the sample finds a critical alert, and says why on stderr', async () => {
    // Act
    const run = await runCli(['check', '--fail-on', 'critical']);

    // Assess
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain('1 alert(s) at or above critical (--fail-on critical): exit code 3');
  });
});

describe('colour', () => {
  it('colours the level column on a terminal', async () => {
    // Act
    const run = await runCli(['check'], { stdoutIsTTY: true });

    // Assess
    expect(run.stdout).toMatch(/\u001b\[1;31mcritical\u001b\[0m/);
    expect(run.stdout).toMatch(/\u001b\[33mwarning\u001b\[0m/);
    expect(run.stdout).toMatch(/\u001b\[32mok\u001b\[0m/);
  });

  it.each([
    ['NO_COLOR is set on a terminal', { NO_COLOR: '1' }, true],
    ['stdout is not a terminal', {}, false],
  ])('uses none when %s', async (_case, env, stdoutIsTTY) => {
    // Act
    const run = await runCli(['check'], { env, stdoutIsTTY });

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.stdout).not.toMatch(ANSI);
    expect(run.stdout).toMatch(/^sip-trunking\s+daily 2026-11-26\s+\d+\.\d\d USD\s+20\.00 USD\s+\d+\.\d%\s+critical$/m);
  });
});
