/** `digest`: the daily digest made locally against the built-in simulator, printed, never sent without a key. */
import { toGsm7 } from '../../functions/cost-alert/domain/channel-text';
import { type RunningSimulator, startSimulator } from '../../functions/telnyx-simulator/server';
import { CHECK_TIME, runCli } from './run-cli';

describe('telnyx-cost-alert digest', () => {
  it('prints the digest as email and SMS from the simulator without a key (a dry run)', async () => {
    // Act
    const run = await runCli(['digest']);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain('No TELNYX_API_KEY: using the built-in Telnyx simulator with a sample day');
    expect(run.stdout).toContain('Subject: Telnyx spend digest 2026-11-25: ');
    expect(run.stdout).toContain('Telnyx spend digest for 2026-11-25 (UTC), sent 2026-11-26T14:00:00+00:00.');
    for (const heading of ['Yesterday, 2026-11-25:', 'Month to date, 2026-11-01 to 2026-11-25:', 'Thresholds (', 'Last 14 days, 2026-11-12 to 2026-11-25']) {
      expect(run.stdout).toContain(heading);
    }
    // Every product of the sample with a cost, in its sparkline
    for (const product of ['messaging', 'sip-trunking', 'call-control', 'wireless', 'fax-api'])
      expect(run.stdout).toMatch(new RegExp(`\\n  ${product} USD +[·▁▂▃▄▅▆▇█]{14}  max `));
    const sms = /\nSMS: (.*) \((\d+) characters\)\n/.exec(run.stdout);
    expect(sms?.[1]).toMatch(/^Telnyx yesterday \d+\.\d\d USD \([+-]\d+% vs 7-day avg\); month \d+\.\d\d USD, \d+% of 1500\.00\./);
    expect(Number(sms?.[2])).toBeLessThanOrEqual(160);
    expect(toGsm7(sms?.[1] ?? '', 1000)).toBe(sms?.[1]);
    // The sample's managed accounts, by name: one more query (the managed accounts' messaging yesterday)
    expect(run.stdout).toMatch(/Top managed accounts yesterday \(2 with spend[^\n]*\n  Brightside Bakery  messaging [^\n]*\n  Alpha Dental LLC   messaging /);
    expect(run.stdout).toContain('Digest digest#2026-11-26 printed above (6 usage queries); dry run: nothing was sent');
  });

  it('refuses --publish without a key: the simulated spend must not reach subscribers', async () => {
    const run = await runCli(['digest', '--publish', '--topic-arn', 'arn:aws:sns:us-east-1:123456789012:telnyx-cost-alerts']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('--publish needs TELNYX_API_KEY');
  });

  it('refuses --topic-arn without --publish, and a topic ARN that is none: usage errors (exit code 2, as --help says)', async () => {
    const withoutPublish = await runCli(['digest', '--topic-arn', 'arn:aws:sns:us-east-1:123456789012:t']);
    expect(withoutPublish.stderr).toContain('--topic-arn is only used with --publish');
    expect(withoutPublish.exitCode).toBe(2);
    const notAnArn = await runCli(['digest', '--publish', '--topic-arn', 'topic']);
    expect(notAnArn.stderr).toContain('is not an SNS topic ARN');
    expect(notAnArn.exitCode).toBe(2);
  });

  it('fails with the reason when Telnyx refuses the key, sending nothing', async () => {
    const simulator: RunningSimulator = await startSimulator({ apiKey: 'the-right-key', now: () => new Date(CHECK_TIME) });
    try {
      const run = await runCli(['digest', '--base-url', simulator.url], { env: { TELNYX_API_KEY: 'KEY-wrong-never-printed' } });
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toMatch(/error: The digest was not sent: no Telnyx usage could be read \(.*401/);
      expect(`${run.stdout}${run.stderr}`).not.toContain('KEY-wrong-never-printed');
    } finally {
      await simulator.close();
    }
  });
});
