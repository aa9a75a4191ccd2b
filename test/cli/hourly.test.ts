/** `usage PRODUCT --hourly` and what `thresholds validate` says about the early warnings, against the built-in simulator. */
import { bar } from '../../bin/cli/hourly-table';
import { runCli } from './run-cli';

describe('usage --hourly', () => {
  it('prints the last 24 hours, one row each, with the burst hour as the longest bar', async () => {
    // Act: 14:00 on the sample day; its burst is 13:00-14:00
    const run = await runCli(['usage', 'messaging', '--hourly', '--filter', 'direction=outbound']);

    // Assess
    expect(run.exitCode).toBe(0);
    const rows = run.stdout.split('\n').filter((line) => /^\d{4}-\d{2}-\d{2} \d{2}:00/.test(line));
    expect(rows).toHaveLength(24);
    expect(rows[0]).toMatch(/^2026-11-25 15:00 /);
    expect(rows[23]).toMatch(/^2026-11-26 14:00 \(so far\) /);
    const longest = rows.reduce((best, row) => ((row.match(/#+$/)?.[0].length ?? 0) > (best.match(/#+$/)?.[0].length ?? 0) ? row : best));
    expect(longest).toMatch(/^2026-11-26 13:00 .*#{40}$/);
    expect(run.stdout).toMatch(/^hour \(UTC\)\s+EUR\s+USD\s+USD per hour$/m);
    expect(run.stdout).toMatch(/^24 hour\(s\) of messaging \(direction=outbound\): \d+\.\d\d EUR, \d+\.\d\d USD\.$/m);
  });

  it('shows the hours on the TIME_ZONE clock, and up to 48 of them', async () => {
    const run = await runCli(['usage', 'messaging', '--hourly', '--hours', '48'], { env: { TIME_ZONE: 'Asia/Kolkata' } });

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^hour \(Asia\/Kolkata\)/m);
    // 14:00 UTC is 19:30 in Kolkata: the hours straddle its clock's hours
    expect(run.stdout).toMatch(/^2026-11-26 19:30 \(so far\) /m);
    expect(run.stdout).toContain('48 hour(s) of messaging');
  });

  it('refuses more than 48 hours, and options that shape another query', async () => {
    const tooMany = await runCli(['usage', 'messaging', '--hourly', '--hours', '49']);
    const clash = await runCli(['usage', 'messaging', '--hourly', '--dimensions', 'direction']);

    expect(tooMany.exitCode).toBe(2);
    expect(tooMany.stderr).toContain('--hours must be a whole number from 1 to 48 (default 24)');
    expect(clash.exitCode).not.toBe(0);
    expect(clash.stderr).toContain('leave out --dimensions');
  });

  it.each([['0'], ['-3'], ['1.5'], ['many']])('refuses --hours %s as a usage error (exit code 2), before reading anything', async (hours) => {
    const run = await runCli(['usage', 'messaging', '--hourly', '--hours', hours]);

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe('error: --hours must be a whole number from 1 to 48 (default 24)\n');
    expect(run.stdout).toBe('');
  });

  it('names the values seen when the filter matched none of the hours', async () => {
    const run = await runCli(['usage', 'messaging', '--hourly', '--filter', 'direction=outbond']);

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^24 hour\(s\) of messaging \(direction=outbond\): no spend\.$/m);
    expect(run.stderr).toMatch(/^warning: filter direction=outbond matched none of \d+ rows; values seen: inbound, outbound$/m);
  });

  it('draws bars in proportion, at least one mark for any spend and none for a credit', () => {
    expect(bar(10n, 10n, 40)).toBe('#'.repeat(40));
    expect(bar(5n, 10n, 40)).toBe('#'.repeat(20));
    expect(bar(1n, 1000n, 40)).toBe('#');
    expect(bar(0n, 10n, 40)).toBe('');
    expect(bar(-5n, 10n, 40)).toBe('');
  });
});

describe('thresholds validate', () => {
  it('explains the forecast and spike of the thresholds that ask for them', async () => {
    const run = await runCli(['thresholds', 'validate']);

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('Early warnings (forecast, spike):');
    expect(run.stdout).toMatch(/^ {2}- messaging spike: a critical alert when the last hour's spend is at least 5x the usual hourly spend/m);
    expect(run.stdout).toMatch(/^ {2}- wireless forecast: a warning when the spend projected to the end of the day \(month\) reaches its limit/m);
  });
});
