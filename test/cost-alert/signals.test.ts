/** The signals in the check: one hourly read per product, the forecast and spike evaluator, and their failures. */
import { runCheck } from '../../functions/cost-alert/use-cases/check/run-check';
import type { UsageQuery, UsageRow } from '../../functions/cost-alert/domain/usage';
import { TelnyxDeadlineError } from '../../functions/cost-alert/telnyx/errors';
import { checkDependencies, fakeUsage, row, thresholdStore } from './fakes';

const NOW = '2026-11-26T14:20:00Z';
const HOUR = 3_600_000;

/** Hourly rows for a product: `perHour` every hour of the window, `burst` in the 13:00 hour of the 26th. */
function hourlyRows(query: UsageQuery, perHour: string, burst?: string, dateTime = (hour: Date) => `${hour.toISOString().slice(0, 19)}Z`): UsageRow[] {
  const rows: UsageRow[] = [];
  const window = query.window!;
  for (let hour = window.start.getTime(); hour < window.end.getTime(); hour += HOUR) {
    const at = new Date(hour);
    const cost = burst !== undefined && at.toISOString() === '2026-11-26T13:00:00.000Z' ? burst : perHour;
    rows.push(row(query.product, cost, 'USD', { date_time: dateTime(at), direction: 'outbound' }));
  }
  return rows;
}

const isHourly = (query: UsageQuery) => query.dimensions.includes('date_time');

describe('signals in the check', () => {
  it('reads each product once for both signals, over the 8 local days up to now, and sends a forecast and a spike', async () => {
    // Prepare: 1.00 an hour for a week; today 13:00-14:00 spent 30.00; the day read says 44.00 so far
    const usage = fakeUsage(['messaging'], (query) => (isHourly(query) ? hourlyRows(query, '1.00', '30.00') : [row('messaging', '44.00')]));
    const deps = checkDependencies({
      at: NOW,
      usage: usage.source,
      thresholds: thresholdStore({ messaging: '{"daily": 50, "forecast": true, "spike": true}' }),
      lateUsageHours: 0,
    });

    // Act
    const report = await runCheck(deps);

    // Assess: day read + hourly read; the hourly window starts at 00:00 on the 19th
    const hourly = usage.queries.filter(isHourly);
    expect(usage.queries).toHaveLength(2);
    expect(hourly).toHaveLength(1);
    expect(hourly[0]?.window?.start.toISOString()).toBe('2026-11-19T00:00:00.000Z');
    expect(hourly[0]?.window?.end.toISOString()).toBe('2026-11-26T14:20:00.000Z');
    expect(report.alerts.map(({ alert }) => [alert.signal, alert.severity, alert.period])).toEqual([
      ['forecast', 'warning', 'daily'],
      ['spike', 'critical', 'hourly'],
    ]);
    // 44 + 9 hours (15:00-23:00) x 1.00 = 53
    expect(deps.publisher.alerts[0]?.message.sms).toBe('Telnyx FORECAST: messaging on pace for 53.00 USD today, limit 50.00 USD (44.00 so far).');
    expect(deps.publisher.alerts[1]?.message.sms).toBe('Telnyx SPIKE: messaging 30.00 USD in the last hour, 30x the usual 1.00 USD/h.');
    expect(report.failures).toEqual([]);
  });

  it('sends nothing twice: the next run finds both in the ledger', async () => {
    const usage = fakeUsage(['messaging'], (query) => (isHourly(query) ? hourlyRows(query, '1.00', '30.00') : [row('messaging', '44.00')]));
    const deps = checkDependencies({
      at: NOW,
      usage: usage.source,
      thresholds: thresholdStore({ messaging: '{"daily": 50, "forecast": true, "spike": true}' }),
      lateUsageHours: 0,
    });

    await runCheck(deps);
    const second = await runCheck(deps);

    expect(second.alerts.map(({ outcome }) => outcome)).toEqual(['already-sent', 'already-sent']);
    expect(deps.publisher.alerts).toHaveLength(2);
  });

  it('reads nothing hourly when no threshold asks for a signal', async () => {
    const usage = fakeUsage(['messaging'], () => [row('messaging', '1.00')]);
    await runCheck(checkDependencies({ at: NOW, usage: usage.source, thresholds: thresholdStore({ messaging: '50' }), lateUsageHours: 0 }));

    expect(usage.queries.filter(isHourly)).toEqual([]);
  });

  it('reads every product for a signalling total, filtered rows for a product threshold, and adds them up', async () => {
    // Prepare: two products at 0.50 an hour, each with 15.00 in the 13:00 hour: the total's hour is 30.00 over 1.00
    const usage = fakeUsage(['messaging', 'sip-trunking'], (query) =>
      isHourly(query) ? hourlyRows(query, '0.50', '15.00') : [row(query.product, '1.00', 'USD', { direction: 'outbound' })],
    );
    const deps = checkDependencies({
      at: NOW,
      usage: usage.source,
      thresholds: thresholdStore({ total: '{"spike": {"factor": 20, "minimumPerHour": 20}}', messaging: '{"daily": 50, "filter": {"direction": "outbound"}}' }),
      lateUsageHours: 0,
    });

    const report = await runCheck(deps);

    expect(usage.queries.filter(isHourly).map((query) => [query.product, query.dimensions])).toEqual([
      ['messaging', ['date_time', 'currency', 'direction']],
      ['sip-trunking', ['date_time', 'currency']],
    ]);
    expect(report.alerts.map(({ alert }) => alert.message.sms)).toEqual(['Telnyx SPIKE: total 30.00 USD in the last hour, 30x the usual 1.00 USD/h.']);
  });

  it('makes an unreadable date_time one error alert for the product, and leaves its limit alert alone', async () => {
    // Prepare: the day's spend is over the limit; the hourly rows carry a time nobody can read
    const usage = fakeUsage(['messaging'], (query) =>
      isHourly(query) ? hourlyRows(query, '1.00', '30.00', () => '26/11/2026 14h') : [row('messaging', '60.00')],
    );
    const deps = checkDependencies({
      at: NOW,
      usage: usage.source,
      thresholds: thresholdStore({ messaging: '{"daily": 50, "forecast": true, "spike": true}' }),
      lateUsageHours: 0,
    });

    // Act
    const report = await runCheck(deps);
    const again = await runCheck(deps);

    // Assess
    expect(report.alerts.map(({ alert }) => [alert.signal, alert.severity, alert.product])).toEqual([
      ['error', 'error', 'messaging'],
      ['limit', 'critical', 'messaging'],
    ]);
    expect(report.alerts[0]?.alert.message.email).toContain('date_time "26/11/2026 14h" is not an ISO 8601 date and time');
    expect(report.alerts[0]?.alert.message.email).toContain('Its limits are checked as usual.');
    expect(report.evaluations.map((evaluation) => evaluation.level)).toEqual(['critical']);
    expect(report.failures).toEqual(['messaging hourly: unreadable date_time "26/11/2026 14h"']);
    // once a day
    expect(again.alerts.map(({ outcome }) => outcome)).toEqual(['already-sent', 'already-sent']);
  });

  it('says a failed hourly read once, as such, and still checks the limits', async () => {
    const usage = fakeUsage(['messaging', 'fax-api'], (query) =>
      isHourly(query)
        ? query.product === 'messaging'
          ? new Error('Telnyx answered 500')
          : new TelnyxDeadlineError('too slow', 'fax-api')
        : [row(query.product, '60.00')],
    );
    const deps = checkDependencies({
      at: NOW,
      usage: usage.source,
      thresholds: thresholdStore({ messaging: '{"daily": 50, "spike": true}', 'fax-api': '{"daily": 50, "spike": true}' }),
      lateUsageHours: 0,
    });

    const report = await runCheck(deps);

    expect(report.alerts.map(({ alert }) => alert.message.subject).sort()).toEqual([
      '[CRITICAL] Telnyx fax-api daily spend 60.00 USD reached limit 50.00 USD',
      '[CRITICAL] Telnyx messaging daily spend 60.00 USD reached limit 50.00 USD',
      '[ERROR] Telnyx cost alert, all: Telnyx too slow for the forecast and spike',
      '[ERROR] Telnyx cost alert, messaging: Hourly usage could not be read',
    ]);
    expect(report.alerts.find(({ alert }) => alert.product === 'messaging' && alert.signal === 'error')?.alert.message.email).toContain(
      'Telnyx answered 500. The forecast and spike of messaging were not evaluated this time; its limits were checked as usual.',
    );
  });

  it('leaves a product whose spend and hourly reads both failed to the one usage alert', async () => {
    const usage = fakeUsage(['messaging'], () => new Error('Telnyx answered 500'));
    const deps = checkDependencies({
      at: NOW,
      usage: usage.source,
      thresholds: thresholdStore({ messaging: '{"daily": 50, "forecast": true, "spike": true}' }),
      lateUsageHours: 0,
    });

    const report = await runCheck(deps);

    expect(report.alerts.map(({ alert }) => alert.message.subject)).toEqual(['[ERROR] Telnyx cost alert, messaging: Usage could not be read']);
  });

  it('makes no forecast from a spend so far that could not be read whole', async () => {
    const usage = fakeUsage(['messaging'], (query) => (isHourly(query) ? hourlyRows(query, '5.00') : new Error('Telnyx answered 500')));
    const deps = checkDependencies({
      at: NOW,
      usage: usage.source,
      thresholds: thresholdStore({ messaging: '{"daily": 50, "forecast": true}' }),
      lateUsageHours: 0,
    });

    const report = await runCheck(deps);

    expect(report.alerts.map(({ alert }) => alert.signal)).toEqual(['error']);
  });
});
