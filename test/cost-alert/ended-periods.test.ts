/**
 * A day or month that has ended is still evaluated for LATE_USAGE_HOURS, in the same ledger series
 * as its live alerts: spend after the last run of the day, or reported late, still alerts (once).
 */
import { runCheck } from '../../functions/cost-alert/use-cases/check/run-check';
import { MemoryAlertLedger } from '../../functions/cost-alert/local/memory-ledger';
import { RecordingPublisher } from '../../functions/cost-alert/local/console-publisher';
import { checkDependencies, thresholdStore, timedUsage, type UsageEvent } from './fakes';

/** Runs the check at each instant with one ledger and publisher, as the schedule would. */
async function runsAt(
  instants: readonly string[],
  options: { thresholds: Record<string, string>; events: readonly UsageEvent[]; timeZone?: string; lateUsageHours?: number },
) {
  const ledger = new MemoryAlertLedger();
  const publisher = new RecordingPublisher();
  let now = 0;
  const usage = timedUsage(['messaging', 'voice'], options.events, () => now);
  const reports = [];
  for (const instant of instants) {
    now = Date.parse(instant);
    const before = usage.queries.length;
    const report = await runCheck(
      checkDependencies({
        at: instant,
        clock: () => now,
        ledger,
        publisher,
        usage: usage.source,
        thresholds: thresholdStore(options.thresholds),
        timeZone: options.timeZone ?? 'UTC',
        lateUsageHours: options.lateUsageHours,
      }),
    );
    reports.push({ report, queries: usage.queries.slice(before) });
  }
  return { publisher, reports };
}

describe('ended periods', () => {
  it("sends the ended day's critical once, from the first run after midnight (daily 50; 30 at 10:00, 40 at 23:50)", async () => {
    const { publisher, reports } = await runsAt(['2026-11-29T23:45:00Z', '2026-11-30T00:00:05Z', '2026-11-30T00:15:00Z'], {
      thresholds: { messaging: '50' },
      events: [
        { product: 'messaging', at: '2026-11-29T10:00:00Z', cost: '30' },
        { product: 'messaging', at: '2026-11-29T23:50:00Z', cost: '40' },
      ],
    });

    expect(publisher.alerts.map((a) => [a.severity, a.period, a.message.subject])).toEqual([
      ['critical', 'daily', '[CRITICAL] Telnyx messaging yesterday, 2026-11-29: 70.00 USD of a 50.00 USD daily limit'],
    ]);
    const [alert] = publisher.alerts;
    expect(alert?.message.sms).toBe('Telnyx CRITICAL: messaging yesterday, 2026-11-29: 70.00 USD of a 50.00 USD daily limit (140%).');
    expect(alert?.message.email).toContain('in a day that has ended: yesterday, 2026-11-29: 70.00 USD of a 50.00 USD daily limit.');
    expect(alert?.message.payload).toMatchObject({ periodKey: '2026-11-29', periodState: 'ended', spend: '70.00', limit: '50.00' });
    // The same series as the live alerts of that day: the key holds the day, not the state.
    expect(alert?.key).toBe('breach|messaging|daily|2026-11-29|50 USD|');
    expect(reports[2]?.report.alerts.map((a) => a.outcome)).toEqual(['already-sent']);
    // One extra query for the ended day, none for it once the current day is the only one left.
    expect(reports[0]?.queries).toHaveLength(1);
    expect(reports[1]?.queries.map((q) => `${q.window?.start.toISOString()} ${q.window?.end.toISOString()}`)).toEqual([
      '2026-11-30T00:00:00.000Z 2026-11-30T00:00:05.000Z',
      '2026-11-29T00:00:00.000Z 2026-11-30T00:00:00.000Z',
    ]);
    expect(reports[1]?.report.evaluations.map((e) => [e.periodKey, e.periodState, e.level])).toEqual([
      ['2026-11-30', 'current', undefined],
      ['2026-11-29', 'ended', 'critical'],
    ]);
  });

  it('does not repeat for the ended day what its live series already sent; only a higher level goes out', async () => {
    const { publisher } = await runsAt(['2026-11-29T23:45:00Z', '2026-11-30T00:00:05Z', '2026-11-30T00:30:00Z'], {
      thresholds: { messaging: '{"daily": 50, "warnAt": [0.8]}' },
      events: [
        { product: 'messaging', at: '2026-11-29T10:00:00Z', cost: '42' },
        // reported after midnight and after the second run: late usage
        { product: 'messaging', at: '2026-11-29T23:50:00Z', cost: '10', reportedAt: '2026-11-30T00:20:00Z' },
      ],
    });
    expect(publisher.alerts.map((a) => [a.severity, a.message.payload['periodState']])).toEqual([
      ['warning', 'current'],
      ['critical', 'ended'],
    ]);
  });

  it("sends the ended month's critical (monthly total 1000, 5000 spent five minutes before the month ends)", async () => {
    const { publisher, reports } = await runsAt(['2026-11-30T23:45:00Z', '2026-12-01T00:00:05Z', '2026-12-01T00:15:00Z'], {
      thresholds: { total: '{"monthly": 1000}' },
      events: [{ product: 'voice', at: '2026-11-30T23:55:00Z', cost: '5000' }],
    });
    expect(publisher.alerts.map((a) => [a.severity, a.product, a.period, a.message.subject])).toEqual([
      ['critical', 'total', 'monthly', '[CRITICAL] Telnyx total last month, 2026-11: 5000.00 USD of a 1000.00 USD monthly limit'],
    ]);
    expect(publisher.alerts[0]?.message.payload).toMatchObject({ periodKey: '2026-11', periodState: 'ended' });
    // One extra query per product for the ended month.
    expect(reports[1]?.queries.filter((q) => q.window?.start.toISOString() === '2026-11-01T00:00:00.000Z')).toHaveLength(2);
  });

  it('takes the whole 25-hour day in a DST time zone (America/New_York, 2026-11-01)', async () => {
    // 23:50 local on 1 November (EST, UTC-5) is 04:50Z on 2 November; the day began at 04:00Z (EDT, UTC-4).
    const { publisher, reports } = await runsAt(['2026-11-02T04:45:00Z', '2026-11-02T05:00:05Z'], {
      thresholds: { messaging: '50' },
      timeZone: 'America/New_York',
      events: [
        { product: 'messaging', at: '2026-11-01T04:30:00Z', cost: '30' },
        { product: 'messaging', at: '2026-11-02T04:50:00Z', cost: '40' },
      ],
    });
    expect(publisher.alerts.map((a) => a.message.subject)).toEqual(['[CRITICAL] Telnyx messaging yesterday, 2026-11-01: 70.00 USD of a 50.00 USD daily limit']);
    expect(reports[1]?.queries.map((q) => `${q.window?.start.toISOString()} ${q.window?.end.toISOString()}`)).toContain(
      '2026-11-01T04:00:00.000Z 2026-11-02T05:00:00.000Z',
    );
  });

  it('stops evaluating the ended day once LATE_USAGE_HOURS have passed', async () => {
    const events: UsageEvent[] = [{ product: 'messaging', at: '2026-11-29T23:50:00Z', cost: '70', reportedAt: '2026-11-30T05:30:00Z' }];
    const inGrace = await runsAt(['2026-11-30T05:45:00Z'], { thresholds: { messaging: '50' }, events });
    expect(inGrace.publisher.alerts.map((a) => a.message.payload['periodKey'])).toEqual(['2026-11-29']);

    const after = await runsAt(['2026-11-30T06:00:00Z'], { thresholds: { messaging: '50' }, events });
    expect(after.publisher.alerts).toEqual([]);
    expect(after.reports[0]?.queries).toHaveLength(1);

    const shorter = await runsAt(['2026-11-30T05:45:00Z'], { thresholds: { messaging: '50' }, events, lateUsageHours: 5 });
    expect(shorter.publisher.alerts).toEqual([]);
    expect(shorter.reports[0]?.report.evaluations.map((e) => e.periodState)).toEqual(['current']);
  });
});
