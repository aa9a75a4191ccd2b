import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLE_THRESHOLDS_FILE } from '../../bin/cli/threshold-source';
import { runCli } from './run-cli';

describe('check against the built-in simulator', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cli-check-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("prints the sample thresholds' alerts and the table of spend against limits, and exits 0", async () => {
    // Prepare: no TELNYX_API_KEY, the sample thresholds by default

    // Act
    const run = await runCli(['check']);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain('No TELNYX_API_KEY: using the built-in Telnyx simulator with a sample day');
    expect(run.stdout).toContain('Subject: [CRITICAL] Telnyx sip-trunking daily spend');
    expect(run.stdout).toContain('Subject: [CRITICAL] Telnyx messaging daily spend');
    expect(run.stdout).toContain('Subject: [WARNING] Telnyx total daily spend');
    expect(run.stdout).toMatch(/SMS: Telnyx CRITICAL: sip-trunking today \d+\.\d\d USD >= limit 20\.00 USD/);
    // The sample day's early warnings: the messaging burst in the last hour, and wireless on pace past its limit
    expect(run.stdout).toMatch(/SMS: Telnyx SPIKE: messaging \d+\.\d\d USD in the last hour, \d+(\.\d)?x the usual \d+\.\d\d USD\/h\./);
    expect(run.stdout).toMatch(/SMS: Telnyx FORECAST: wireless on pace for \d+\.\d\d USD today, limit 5\.00 USD \(\d+\.\d\d so far\)\./);
    expect(run.stdout).toMatch(/^product\s+period\s+spend\s+limit\s+% of limit\s+level\s+note$/m);
    expect(run.stdout).toMatch(/^sip-trunking\s+daily 2026-11-26\s+\d+\.\d\d USD\s+20\.00 USD\s+\d+\.\d%\s+critical$/m);
    expect(run.stdout).toMatch(/^call-control\s+daily 2026-11-26\s+\d+\.\d\d USD\s+15\.00 USD\s+\d+\.\d%\s+ok$/m);
    expect(run.stdout).toMatch(/^wireless\s+monthly 2026-11\s+\d+\.\d\d USD\s+300\.00 USD\s+\d+\.\d%\s+ok$/m);
    expect(run.stdout).toMatch(/^total\s+monthly 2026-11\s+/m);
    // The sample's managed accounts: Alpha Dental LLC over its daily limit of 20, Brightside Bakery under 80 % of it
    expect(run.stdout).toMatch(/^Subject: \[CRITICAL\] Telnyx messaging for Alpha Dental LLC: \d+\.\d\d USD of a 20\.00 USD daily limit$/m);
    expect(run.stdout).toMatch(/SMS: Telnyx CRITICAL: messaging for Alpha Dental LLC today \d+\.\d\d USD >= limit 20\.00 USD/);
    expect(run.stdout).not.toContain('Brightside Bakery');
    expect(run.stdout).toMatch(/^Managed accounts: 2 with spend, 1 over a limit/m);
    // The sample balance (38.40 USD) is below the sample minimum (50), and lasts less than a day at the sample pace
    expect(run.stdout).toContain('SMS: Telnyx BALANCE: 38.40 USD available, below your 50.00 USD minimum. Top up to keep calls and messages running.');
    expect(run.stdout).toMatch(/SMS: Telnyx RUNWAY: 38\.40 USD left, about \d+ hours at the last 24 hours' pace \(\d+\.\d\d USD\/h\)\./);
    expect(run.stdout).toMatch(
      /^Available credit: 38\.40 USD \(critical: below the minimum, runway short; minimum 50\.00 USD, warn below 200\.00 USD\); runway about \d+ hours at/m,
    );
    expect(run.stdout).toContain('9 alerts (5 critical, 4 warning) printed above; dry run: nothing was sent');
    expect(run.stdout).not.toContain('Problems');
  });

  it('exits 1 for an error alert that does not fail the run (a filter that matched nothing), with --fail-on too', async () => {
    // Prepare: the Lambda run does not fail for a filter miss (a quiet day looks the same), but it sends an error alert
    const file = join(dir, 'thresholds.json');
    await writeFile(file, JSON.stringify({ messaging: { daily: 500, filter: { direction: 'outbond' } } }));

    // Act
    const plain = await runCli(['check', '--thresholds-file', file]);
    const failOn = await runCli(['check', '-q', '--fail-on', 'warning', '--thresholds-file', file]);

    // Assess
    expect(plain.stdout).toContain('Subject: [ERROR] Telnyx cost alert, messaging: Threshold filter matched no usage');
    expect(plain.stderr).toContain('The check found 1 error alert(s) (printed above): exit code 1');
    expect(plain.exitCode).toBe(1);
    expect(failOn.stdout).toContain('1 alert (1 error) found');
    expect(failOn.exitCode).toBe(1);
  });

  it('keeps checking the other products when one threshold is invalid, prints its error alert and exits 1', async () => {
    // Prepare
    const sample = JSON.parse(await readFile(SAMPLE_THRESHOLDS_FILE, 'utf8')) as Record<string, unknown>;
    const file = join(dir, 'thresholds.json');
    await writeFile(file, JSON.stringify({ ...sample, 'sip-trunking': { daily: 'lots' } }));

    // Act
    const run = await runCli(['check', '--thresholds-file', file]);

    // Assess
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('Subject: [ERROR] Telnyx cost alert, sip-trunking: Invalid threshold');
    expect(run.stdout).toContain('"daily" must be a positive amount');
    expect(run.stdout).toContain('Subject: [CRITICAL] Telnyx messaging daily spend');
    expect(run.stdout).toContain('Subject: [WARNING] Telnyx total daily spend');
    expect(run.stdout).not.toMatch(/^sip-trunking\s+daily/m);
    expect(run.stdout).toMatch(/^Problems \(1\):\n {2}- .* key "sip-trunking": "daily" must be a positive amount/m);
    expect(run.stderr).toContain('The check finished with 1 problem(s)');
  });

  it.each(['2026-11-26T00:00:05Z', '2026-11-26T06:30:00Z', '2026-11-27T23:59:59Z', '2026-12-01T00:10:00Z'])(
    'shows at least one alert with the sample thresholds at %s',
    async (at) => {
      // Act
      const run = await runCli(['check'], { clock: () => Date.parse(at) });

      // Assess
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toMatch(/Subject: \[(WARNING|CRITICAL)\] Telnyx /);
    },
  );

  it('resolves the sample file from the package root, not the working directory', async () => {
    // Act
    const run = await runCli(['check'], { cwd: dir });

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain(`Checking thresholds from file ${SAMPLE_THRESHOLDS_FILE}`);
  });

  it('refuses --publish without a topic and says what to add', async () => {
    // Act
    const run = await runCli(['check', '--publish']);

    // Assess
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('error: --publish needs the topic to send to: add --topic-arn arn:aws:sns:');
    expect(run.stdout).toBe('');
  });

  it("refuses to publish the simulator's made-up spend to a real topic", async () => {
    // Act: no TELNYX_API_KEY, so usage would come from the simulator
    const run = await runCli(['check', '--publish', '--topic-arn', 'arn:aws:sns:eu-central-1:123456789012:telnyx-cost-alerts']);

    // Assess
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('error: --publish needs TELNYX_API_KEY');
    expect(run.stdout).toBe('');
  });

  it('names TELNYX_MAX_CONCURRENCY when its value is unusable', async () => {
    // Act
    const run = await runCli(['check'], { env: { TELNYX_MAX_CONCURRENCY: 'abc' } });

    // Assess
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/^error: TELNYX_MAX_CONCURRENCY "abc" must be a whole number from 1 to 10/m);
  });

  it('refuses a time zone that is not an IANA name', async () => {
    // Act
    const run = await runCli(['check', '--time-zone', '+01:00']);

    // Assess
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('--time-zone "+01:00" is not an IANA time zone: use a name such as UTC, Europe/Berlin');
  });

  it('takes the time zone from TIME_ZONE and shows the check time in it', async () => {
    // Act
    const run = await runCli(['check'], { env: { TIME_ZONE: 'Asia/Tokyo' } });

    // Assess: 14:00 UTC is 23:00 in Tokyo, still the 26th there
    expect(run.stdout).toContain('Spend against limits at 2026-11-26T23:00:00+09:00 (Asia/Tokyo)');
  });
});
