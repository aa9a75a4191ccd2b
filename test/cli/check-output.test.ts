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

/** Today's spend of each product at CHECK_TIME, read through the CLI itself, so that tests set limits around it. */
async function spendToday(products: readonly string[]): Promise<Record<string, number>> {
  const huge = Object.fromEntries(products.map((product) => [product, 1_000_000]));
  const run = await runCli(['check', '-o', 'json', '--thresholds-file', await thresholdsFile(huge)]);
  const evaluations = (JSON.parse(run.stdout) as { evaluations: Array<{ product: string; period: string; spend: string }> }).evaluations;
  const spend = Object.fromEntries(
    evaluations.filter((evaluation) => evaluation.period === 'daily').map((evaluation) => [evaluation.product, Number(evaluation.spend)]),
  );
  for (const product of products) expect(spend[product]).toBeGreaterThan(0);
  return spend;
}

/** A daily limit at which `spend` is `share` of it (rounded up to the cent, so the share is at most the one asked). */
function limitAt(spend: number | undefined, share: number): string {
  return (Math.ceil(((spend ?? 0) / share) * 100) / 100).toFixed(2);
}

/** Thresholds of call-control that give no alert, a warning only, or a critical alert. */
async function callControlThresholds(): Promise<Record<'none' | 'warning' | 'critical', Record<string, unknown>>> {
  const spend = (await spendToday(['call-control']))['call-control'];
  return {
    none: { 'call-control': limitAt(spend, 0.3) },
    warning: { 'call-control': { daily: limitAt(spend, 0.9), warnAt: [0.8] } },
    critical: { 'call-control': limitAt(spend, 2) },
  };
}

const ANSI = /\u001b\[/;

describe('check -o json', () => {
  it('prints one JSON document with the documented fields, and nothing else on stdout', async () => {
    // Act
    const run = await runCli(['check', '-o', 'json']);

    // Assess: stdout parses as a whole (nothing before or after the document)
    expect(run.exitCode).toBe(0);
    const document = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(document).sort()).toEqual(
      ['accounts', 'alerts', 'balance', 'checkedAt', 'dryRun', 'evaluations', 'problems', 'thresholdsSource', 'timeZone', 'topicArn', 'usageSource'].sort(),
    );
    // The sample thresholds have a balance threshold: its evaluation, amounts as exact decimals
    expect(document.balance).toMatchObject({ parameter: '/telnyx-cost-alert/thresholds/balance', available: '38.40', currency: 'USD', level: 'critical' });
    expect(document).toMatchObject({
      checkedAt: '2026-11-26T14:00:00.000Z',
      timeZone: 'UTC',
      dryRun: true,
      topicArn: null,
      usageSource: 'the built-in simulator',
      problems: [],
    });
    const evaluations = document.evaluations as Array<Record<string, unknown>>;
    expect(evaluations.length).toBeGreaterThanOrEqual(6);
    for (const evaluation of evaluations) {
      expect(evaluation).toEqual(
        expect.objectContaining({
          product: expect.any(String),
          period: expect.stringMatching(/^(daily|monthly)$/),
          periodKey: expect.stringMatching(/^2026-11(-2[56])?$/),
          currency: 'USD',
          filter: expect.any(Object),
          spend: expect.stringMatching(/^\d+\.\d{2,9}$/),
          limit: expect.stringMatching(/^\d+\.\d{2,9}$/),
          percentOfLimit: expect.any(Number),
          level: expect.stringMatching(/^(ok|warning|critical)$/),
          complete: true,
          parameter: expect.stringMatching(/^\/telnyx-cost-alert\/thresholds\//),
        }),
      );
      // Exact decimals instead of nano-units (a bigint left over would have made JSON.stringify throw)
      expect(evaluation).not.toHaveProperty('spendNanos');
      expect(evaluation).not.toHaveProperty('limitNanos');
    }
    expect(evaluations).toContainEqual(
      expect.objectContaining({ product: 'sip-trunking', period: 'daily', periodKey: '2026-11-26', limit: '20.00', level: 'critical' }),
    );
    const alerts = document.alerts as Array<Record<string, unknown>>;
    expect(alerts.length).toBeGreaterThanOrEqual(3);
    for (const alert of alerts) {
      // `account` only on a managed account's alert.
      expect(
        Object.keys(alert)
          .filter((key) => key !== 'account')
          .sort(),
      ).toEqual(['key', 'outcome', 'period', 'product', 'severity', 'signal', 'subject']);
      expect(alert).toMatchObject({
        severity: expect.stringMatching(/^(info|warning|critical|error)$/),
        signal: expect.stringMatching(/^(limit|forecast|spike|balance|error)$/),
        product: expect.any(String),
        subject: expect.stringMatching(/^\[(INFO|WARNING|CRITICAL|ERROR)\] /),
        outcome: 'not-sent',
        key: expect.any(String),
      });
    }
    expect(alerts).toContainEqual({
      severity: 'critical',
      signal: 'limit',
      product: 'sip-trunking',
      period: 'daily',
      subject: expect.stringMatching(/^\[CRITICAL\] Telnyx sip-trunking daily spend \d+\.\d\d USD reached limit 20\.00 USD$/),
      outcome: 'not-sent',
      key: expect.stringMatching(/\|sip-trunking\|daily\|2026-11-26\|/),
    });
    // Notes stay on stderr
    expect(run.stderr).toContain('No TELNYX_API_KEY: using the built-in Telnyx simulator');
  });

  it('lists an invalid threshold under problems with its error alert, and exits 1', async () => {
    // Prepare
    const file = await thresholdsFile({ 'call-control': 1_000_000, wireless: { daily: 'lots' } });

    // Act
    const run = await runCli(['check', '-o', 'json', '--thresholds-file', file]);

    // Assess
    expect(run.exitCode).toBe(1);
    const document = JSON.parse(run.stdout) as { problems: string[]; alerts: Array<Record<string, unknown>> };
    expect(document.problems).toEqual([expect.stringContaining('thresholds.json key "wireless": "daily" must be a positive amount')]);
    expect(document.alerts).toEqual([expect.objectContaining({ severity: 'error', signal: 'error', product: 'wireless', outcome: 'not-sent' })]);
  });

  it('keeps --verbose log lines on stderr, one JSON object each', async () => {
    // Act
    const run = await runCli(['check', '-o', 'json', '--verbose', '--thresholds-file', await thresholdsFile({ 'call-control': 1_000_000 })]);

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
    expect(run.stdout).toMatch(
      /^\d+ alerts \(\d+ critical(, \d+ warning)?\) found; dry run: nothing was sent \(add --publish --topic-arn ARN to send them through SNS\)\.\n$/,
    );
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
    ['no alert, no --fail-on', 'none', [], 0],
    ['no alert, --fail-on warning', 'none', ['--fail-on', 'warning'], 0],
    ['a warning, no --fail-on', 'warning', [], 0],
    ['a warning, --fail-on warning', 'warning', ['--fail-on', 'warning'], 3],
    ['a warning, --fail-on critical', 'warning', ['--fail-on', 'critical'], 0],
    ['a critical alert, --fail-on critical', 'critical', ['--fail-on', 'critical'], 3],
    ['a critical alert, --fail-on warning', 'critical', ['--fail-on', 'warning'], 3],
  ] as const)('%s: exit code %d', async (_case, level, flags, exitCode) => {
    // Prepare
    const thresholds = (await callControlThresholds())[level];

    // Act
    const run = await runCli(['check', '-o', 'json', '--thresholds-file', await thresholdsFile(thresholds), ...flags]);

    // Assess: the level is the one prepared, and the exit code follows from it
    const document = JSON.parse(run.stdout) as { alerts: Array<{ severity: string }> };
    expect(document.alerts.map((alert) => alert.severity)).toEqual(level === 'none' ? [] : [level]);
    expect(run.exitCode).toBe(exitCode);
  });

  it('exits 1 when a problem comes with an alert at the --fail-on level (the problem wins)', async () => {
    // Prepare
    const thresholds = { ...(await callControlThresholds()).critical, wireless: 'abc' };

    // Act
    const run = await runCli(['check', '-q', '--fail-on', 'warning', '--thresholds-file', await thresholdsFile(thresholds)]);

    // Assess
    expect(run.exitCode).toBe(1);
  });

  it('exits 3 with --fail-on critical when the sample finds a critical alert, and says why on stderr', async () => {
    // Act
    const run = await runCli(['check', '--fail-on', 'critical']);

    // Assess
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toMatch(/\d+ alert\(s\) at or above critical \(--fail-on critical\): exit code 3/);
  });
});

describe('colour', () => {
  /** call-control critical, fax-api warning, sip-trunking ok. */
  async function threeLevels(): Promise<string> {
    const spend = await spendToday(['call-control', 'fax-api', 'sip-trunking']);
    return thresholdsFile({
      'call-control': limitAt(spend['call-control'], 2),
      'fax-api': { daily: limitAt(spend['fax-api'], 0.9), warnAt: [0.8] },
      'sip-trunking': limitAt(spend['sip-trunking'], 0.3),
    });
  }

  it('colours the level column on a terminal', async () => {
    // Act
    const run = await runCli(['check', '--thresholds-file', await threeLevels()], { stdoutIsTTY: true });

    // Assess
    expect(run.stdout).toMatch(/^call-control .*\u001b\[1;31mcritical\u001b\[0m/m);
    expect(run.stdout).toMatch(/^fax-api .*\u001b\[33mwarning\u001b\[0m/m);
    expect(run.stdout).toMatch(/^sip-trunking .*\u001b\[32mok\u001b\[0m/m);
  });

  it.each([
    ['NO_COLOR is set on a terminal', { NO_COLOR: '1' }, true],
    ['stdout is not a terminal', {}, false],
  ])('uses none when %s', async (_case, env, stdoutIsTTY) => {
    // Act
    const run = await runCli(['check', '--thresholds-file', await threeLevels()], { env, stdoutIsTTY });

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.stdout).not.toMatch(ANSI);
    expect(run.stdout).toMatch(/^call-control\s+daily 2026-11-26\s+\d+\.\d\d USD\s+\d+\.\d\d USD\s+\d+\.\d%\s+critical$/m);
  });
});
