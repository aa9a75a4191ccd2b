/** The balance in the check: its reads (one balance request, the pace from the hourly series), its alerts, and its failures. */
import type { AccountBalance } from '../../functions/cost-alert/domain/balance';
import type { UsageQuery, UsageRow } from '../../functions/cost-alert/domain/usage';
import { TelnyxAuthError, TelnyxProductForbiddenError, TelnyxServerError } from '../../functions/cost-alert/telnyx/errors';
import type { UsageSource } from '../../functions/cost-alert/ports';
import { runCheck } from '../../functions/cost-alert/use-cases/check/run-check';
import { checkDependencies, fakeUsage, row, thresholdStore } from './fakes';

const NOW = '2026-11-27T14:20:00Z';
const HOUR = 3_600_000;
const USD = (text: string) => BigInt(Math.round(Number(text) * 100)) * 10_000_000n;
const isHourly = (query: UsageQuery) => query.dimensions.includes('date_time');

/** `perHour` every hour of the window, per product, in USD (and 99.00 EUR an hour, never counted in a USD pace). */
function hourlyRows(query: UsageQuery, perHour: string): UsageRow[] {
  const rows: UsageRow[] = [];
  for (let hour = query.window!.start.getTime(); hour < query.window!.end.getTime(); hour += HOUR) {
    const dateTime = `${new Date(hour).toISOString().slice(0, 19)}Z`;
    rows.push(row(query.product, perHour, 'USD', { date_time: dateTime }), row(query.product, '99.00', 'EUR', { date_time: dateTime }));
  }
  return rows;
}

/** Two products at 5.00 USD an hour each (a pace of 10.00 USD/h), and the balance the test gives. */
function account(
  balance: AccountBalance | Error,
  answer: (query: UsageQuery) => readonly UsageRow[] | Error = (query) => (isHourly(query) ? hourlyRows(query, '5.00') : [row(query.product, '1.00')]),
) {
  const usage = fakeUsage(['messaging', 'sip-trunking'], answer);
  let balanceCalls = 0;
  const source: UsageSource = {
    ...usage.source,
    balance: async () => {
      balanceCalls++;
      if (balance instanceof Error) throw balance;
      return balance;
    },
  };
  return { source, queries: usage.queries, balanceCalls: () => balanceCalls };
}

const usd = (available: string): AccountBalance => ({ available: USD(available), balance: USD(available), creditLimit: 0n, pending: 0n, currency: 'USD' });
const ISSUE_VALUE = '{"minimum": 100, "warnBelow": 250, "runwayHours": 24, "currency": "USD", "enabled": true}';

function deps(source: UsageSource, thresholds: Record<string, string>) {
  return checkDependencies({ at: NOW, usage: source, thresholds: thresholdStore(thresholds), lateUsageHours: 0 });
}

const summary = (report: Awaited<ReturnType<typeof runCheck>>) =>
  report.alerts.map(({ alert }) => [alert.signal, alert.severity, alert.product, alert.period ?? '-', alert.message.sms]);

describe('the balance in the check', () => {
  it('alerts critical below the minimum and warns of the runway, each with the SMS of the issue', async () => {
    // Prepare: 50.00 left at 10.00 USD/h
    const { source } = account(usd('50'));

    // Act
    const report = await runCheck(deps(source, { balance: ISSUE_VALUE }));

    // Assess
    expect(summary(report)).toEqual([
      [
        'balance',
        'critical',
        'balance',
        'daily',
        'Telnyx BALANCE: 50.00 USD available, below your 100.00 USD minimum. Top up to keep calls and messages running.',
      ],
      ['balance', 'warning', 'balance', 'daily', "Telnyx RUNWAY: 50.00 USD left, about 5 hours at the last 24 hours' pace (10.00 USD/h)."],
    ]);
    expect(report.balance).toMatchObject({ status: 'critical', crossed: ['minimum', 'runway'], runway: { hoursLeft: 5n, perHour: USD('10') } });
    expect(report.failures).toEqual([]);
  });

  it('warns below warnBelow, and not of the runway when the credit lasts long enough', async () => {
    const { source } = account(usd('240.01'));
    const report = await runCheck(deps(source, { balance: ISSUE_VALUE }));
    expect(summary(report)).toEqual([
      [
        'balance',
        'warning',
        'balance',
        'daily',
        'Telnyx BALANCE: 240.01 USD available, below your 250.00 USD warning level. Top up to keep calls and messages running.',
      ],
    ]);
  });

  it('sends nothing above every level', async () => {
    const { source } = account(usd('1000'));
    const report = await runCheck(deps(source, { balance: ISSUE_VALUE }));
    expect(report.alerts).toEqual([]);
    expect(report.balance).toMatchObject({ status: 'ok', crossed: [], runway: { hoursLeft: 100n } });
  });

  it('sends each level once a local day: the next run is silent, the next day speaks again', async () => {
    const { source } = account(usd('50'));
    const check = deps(source, { balance: ISSUE_VALUE });
    await runCheck(check);
    const again = await runCheck(check);
    const tomorrow = await runCheck({ ...check, clock: () => Date.parse('2026-11-28T09:00:00Z') });

    expect(again.alerts.map(({ outcome }) => outcome)).toEqual(['already-sent', 'already-sent']);
    expect(tomorrow.alerts.map(({ outcome }) => outcome)).toEqual(['published', 'published']);
    expect(check.publisher.alerts).toHaveLength(4);
  });

  it('reads the balance once and, without signals, one hourly series per product with a cost for the pace', async () => {
    const usage = account(usd('50'));
    await runCheck(deps(usage.source, { balance: ISSUE_VALUE }));
    expect(usage.balanceCalls()).toBe(1);
    expect(usage.queries.map((query) => query.product)).toEqual(['messaging', 'sip-trunking']);
    expect(usage.queries.every(isHourly)).toBe(true);
    expect(usage.queries[0]?.window).toEqual({ start: new Date('2026-11-20T00:00:00Z'), end: new Date('2026-11-27T14:20:00Z') });
  });

  it('costs only the balance request when the forecast and spike already read every product', async () => {
    // Prepare: the same thresholds with and without the balance
    const signals = { total: '{"daily": 1000, "spike": true}' };
    const without = account(usd('50'));
    const withBalance = account(usd('50'));

    // Act
    await runCheck(deps(without.source, signals));
    await runCheck(deps(withBalance.source, { ...signals, balance: ISSUE_VALUE }));

    // Assess
    expect(withBalance.queries.length).toBe(without.queries.length);
    expect(withBalance.balanceCalls()).toBe(1);
  });

  it('reads only the balance without runwayHours', async () => {
    const usage = account(usd('50'));
    const report = await runCheck(deps(usage.source, { balance: '100' }));
    expect(usage.queries).toEqual([]);
    expect(usage.balanceCalls()).toBe(1);
    expect(summary(report).map(([, severity]) => severity)).toEqual(['critical']);
  });

  it('gives no runway alert from an incomplete pace, and still the minimum alert', async () => {
    // Prepare: sip-trunking's hourly series cannot be read (its own reason: a bad answer)
    const { source } = account(usd('50'), (query) =>
      query.product === 'sip-trunking'
        ? Object.assign(new Error('Telnyx sent a cost that is not a number'), { kind: 'bad-response' })
        : hourlyRows(query, '5.00'),
    );

    // Act
    const report = await runCheck(deps(source, { balance: ISSUE_VALUE }));

    // Assess: the minimum alert, the hourly read's own error alert, no runway alert
    expect(report.alerts.map(({ alert }) => [alert.signal, alert.product, alert.severity])).toEqual([
      ['error', 'sip-trunking', 'error'],
      ['balance', 'balance', 'critical'],
    ]);
    expect(report.balance).toMatchObject({ crossed: ['minimum'], pace: { status: 'incomplete', notRead: ['sip-trunking'] } });
  });

  it('makes an unreadable balance one error alert about the balance, and checks every other threshold', async () => {
    // Prepare: 5xx after every retry; messaging spent 1.00 of a 1.00 daily limit
    const { source } = account(new TelnyxServerError('Telnyx failed to answer for the balance (HTTP 503): Service unavailable', 503, undefined));

    // Act
    const report = await runCheck(deps(source, { balance: ISSUE_VALUE, messaging: '1' }));

    // Assess
    expect(report.alerts.map(({ alert }) => [alert.signal, alert.product, alert.severity, alert.message.subject])).toEqual([
      ['error', 'balance', 'error', '[ERROR] Telnyx cost alert, balance: Telnyx balance could not be read'],
      ['limit', 'messaging', 'critical', '[CRITICAL] Telnyx messaging daily spend 1.00 USD reached limit 1.00 USD'],
    ]);
    expect(report.failures).toEqual(['balance: Telnyx failed to answer for the balance (HTTP 503): Service unavailable']);
    expect(report.balance).toMatchObject({ status: 'unknown' });
  });

  it('makes a balance refused to the key (403) the same one alert, never the key alert', async () => {
    const { source } = account(new TelnyxProductForbiddenError('Telnyx refused the balance to this API key (HTTP 403)', 403, 'balance'));
    const report = await runCheck(deps(source, { balance: ISSUE_VALUE }));
    expect(report.alerts.map(({ alert }) => alert.message.subject)).toEqual(['[ERROR] Telnyx cost alert, balance: Telnyx balance could not be read']);
    expect(report.usageBlocked).toBe(false);
  });

  it('folds the balance into one outage alert when usage fails for the same passing reason', async () => {
    const outage = () => new TelnyxServerError('Telnyx failed to answer (HTTP 503)', 503, undefined);
    const { source } = account(outage(), () => outage());
    const report = await runCheck(deps(source, { balance: ISSUE_VALUE, messaging: '1' }));
    expect(report.alerts.map(({ alert }) => [alert.product, alert.message.subject])).toEqual([['all', '[ERROR] Telnyx cost alert, all: Telnyx server errors']]);
    expect(report.alerts[0]?.alert.message.email).toContain('the usage of messaging and the hourly usage of sip-trunking and the balance could not be read');
  });

  it('leaves a refused key to the one key alert: no second alert about the balance', async () => {
    const refused = new TelnyxAuthError('Telnyx did not accept the API key (HTTP 401)', 401, undefined);
    const usage = fakeUsage(refused, () => []);
    const report = await runCheck(deps({ ...usage.source, balance: () => Promise.reject(refused) }, { balance: ISSUE_VALUE }));
    expect(report.alerts.map(({ alert }) => alert.message.subject)).toEqual(['[ERROR] Telnyx cost alert, all: Telnyx usage cannot be read']);
  });

  it('compares nothing when the balance is in another currency: one error alert naming both', async () => {
    const { source } = account({ available: USD('5'), currency: 'EUR' });
    const report = await runCheck(deps(source, { balance: ISSUE_VALUE }));
    expect(report.alerts.map(({ alert }) => [alert.product, alert.severity, alert.message.subject])).toEqual([
      ['balance', 'error', '[ERROR] Telnyx cost alert, balance: Balance currency differs from the threshold'],
    ]);
    expect(report.alerts[0]?.alert.message.email).toContain('Telnyx reports the balance in EUR, but the balance threshold is in USD');
    expect(report.balance).toMatchObject({ status: 'currency-mismatch' });
  });

  it('says a usage source without a balance cannot check the threshold', async () => {
    const usage = fakeUsage(['messaging'], () => []);
    const report = await runCheck(deps(usage.source, { balance: '100' }));
    expect(report.alerts.map(({ alert }) => [alert.product, alert.message.subject])).toEqual([
      ['balance', '[ERROR] Telnyx cost alert, balance: Telnyx balance could not be read'],
    ]);
    expect(report.failures).toEqual(['balance: this usage source cannot read the balance']);
  });

  it('never queries "balance" as a usage product', async () => {
    const usage = account(usd('500'));
    await runCheck(deps(usage.source, { balance: ISSUE_VALUE, total: '{"daily": 100, "forecast": true}' }));
    expect(usage.queries.map((query) => query.product)).not.toContain('balance');
  });

  it('logs "Balance evaluated" with the available credit as a number for the dashboard', async () => {
    const { source } = account(usd('50'));
    const check = deps(source, { balance: ISSUE_VALUE });
    await runCheck(check);
    expect(check.log.named('Balance evaluated')).toEqual([
      expect.objectContaining({ currency: 'USD', available: '50.00 USD', availableAmount: 50, alertLevel: 'critical', hoursLeft: 5, complete: true }),
    ]);
  });
});
