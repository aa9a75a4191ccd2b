/** `usage --start/--end` take only dates the calendar has (Date would roll 2026-11-31 over to 1 December). */
import { buildUsageQuery } from '../../bin/cli/usage-query';
import { CHECK_TIME, runCli } from './run-cli';

const io = { stdout: () => undefined, stderr: () => undefined, env: {}, clock: () => CHECK_TIME };

describe('usage --start and --end refuse a date that does not exist', () => {
  it.each([
    ['--start', '2026-11-31', 'November 2026 has 30 days'],
    ['--start', '2026-02-30', 'February 2026 has 28 days'],
    ['--start', '2026-02-29T12:00:00Z', 'February 2026 has 28 days'],
    ['--start', '2026-04-31T08:00+02:00', 'April 2026 has 30 days'],
    ['--start', '2026-11-00', 'November 2026 has 30 days'],
    ['--start', '2026-13-01', 'there is no month 13'],
    ['--end', '2026-06-31', 'June 2026 has 30 days'],
  ])('refuses %s %s, naming the option and the date', (option, date, reason) => {
    // Prepare
    const options = option === '--start' ? { start: date } : { start: '2026-06-01', end: date };

    // Act
    const build = () => buildUsageQuery('messaging', options, io);

    // Assess
    expect(build).toThrow(`${option} "${date}" is not a date: ${reason}`);
  });

  it('still takes real dates, a leap day included, as the same instants', () => {
    // Act
    const leapDay = buildUsageQuery('messaging', { start: '2028-02-29', end: '2028-03-01T00:00:00Z' }, io);
    const monthEnd = buildUsageQuery('messaging', { start: '2026-11-30T23:00', end: '2026-12-31' }, io);

    // Assess
    expect(leapDay.window).toEqual({ start: new Date('2028-02-29T00:00:00Z'), end: new Date('2028-03-01T00:00:00Z') });
    expect(monthEnd.window).toEqual({ start: new Date('2026-11-30T23:00:00Z'), end: new Date('2026-12-31T00:00:00Z') });
  });

  it('exits 2 (a usage error) with the message and queries nothing', async () => {
    // Act
    const run = await runCli(['usage', 'messaging', '--start', '2026-11-31']);

    // Assess
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('--start "2026-11-31" is not a date: November 2026 has 30 days');
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toContain('simulator');
  });
});

describe('usage: a query Telnyx would never be asked is a usage error (exit code 2), like a bad date', () => {
  it.each([
    [['--start', '2026-11-01', '--end', '2026-10-01'], 'The usage window for messaging is empty'],
    [['--start', '2026-10-01', '--end', '2026-11-15'], 'spans more than 31 days'],
    [['--date-range', 'last_0_days'], 'date_range "last_0_days" is not one Telnyx knows'],
    [['--sort', 'x y'], 'sort "x y" is not a field name'],
    [['--dimensions', 'a b'], '"a b" in dimensions for messaging is not a field name'],
    [['--hours', '5'], '--hours goes with --hourly'],
  ])('exits 2 for %j, saying why, and queries nothing', async (options, message) => {
    // Act
    const run = await runCli(['usage', 'messaging', ...options]);

    // Assess
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toContain('simulator');
  });
});
