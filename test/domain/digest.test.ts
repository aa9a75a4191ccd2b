import {
  changeAgainstAverage,
  digestAlert,
  digestCalendar,
  type DigestInput,
  type ProductDigest,
  productDigests,
  projectMonthEnd,
  renderDigest,
  sparkline,
} from '../../functions/cost-alert/domain/digest';
import { HourlySpend } from '../../functions/cost-alert/domain/hourly-series';
import { toGsm7 } from '../../functions/cost-alert/domain/channel-text';
import { parseNanos } from '../../functions/cost-alert/domain/money';
import type { UsageRow } from '../../functions/cost-alert/telnyx/types';

/** Sent at 08:00 UTC on 2026-11-27: yesterday is 2026-11-26, the month to date 2026-11-01..26, 4 days left. */
const SENT = new Date('2026-11-27T08:00:00Z');
const calendar = digestCalendar(SENT, 'UTC');

function nanos(text: string): bigint {
  const value = parseNanos(text);
  if (value === undefined) throw new Error(`not an amount: ${text}`);
  return value;
}

/** 13 earlier days of `earlier` each, then `yesterday`; the month to date as given. */
function product(name: string, currency: string, yesterday: string, earlier: string, monthToDate: string): ProductDigest {
  return { product: name, currency, days: [...new Array<bigint>(13).fill(nanos(earlier)), nanos(yesterday)], monthToDate: nanos(monthToDate) };
}

function input(overrides: Partial<DigestInput>): DigestInput {
  return { sentAt: SENT, calendar, products: [], quietProducts: [], notRead: [], shares: [], ...overrides };
}

function section(email: string, heading: string): string[] {
  const lines = email.split('\n');
  const start = lines.findIndex((line) => line.startsWith(heading));
  const end = lines.indexOf('', start);
  return lines.slice(start + 1, end);
}

const isGsm7 = (text: string) => toGsm7(text, Number.MAX_SAFE_INTEGER) === text;

describe('digestCalendar', () => {
  it('covers the 14 full local days before the day it is sent, and the month through yesterday', () => {
    expect(calendar.today.key).toBe('2026-11-27');
    expect(calendar.yesterday.key).toBe('2026-11-26');
    expect(calendar.days.map((day) => day.key)).toEqual([
      '2026-11-13',
      '2026-11-14',
      '2026-11-15',
      '2026-11-16',
      '2026-11-17',
      '2026-11-18',
      '2026-11-19',
      '2026-11-20',
      '2026-11-21',
      '2026-11-22',
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
    ]);
    expect(calendar.month.key).toBe('2026-11');
    expect(calendar.daysLeftInMonth).toBe(4);
    expect(calendar.window).toEqual({ start: new Date('2026-11-01T00:00:00Z'), end: new Date('2026-11-27T00:00:00Z') });
  });

  it('on the 1st reports the month that ended, with no day left', () => {
    const first = digestCalendar(new Date('2026-12-01T07:00:00Z'), 'Europe/Berlin');
    expect([first.yesterday.key, first.month.key, first.daysLeftInMonth]).toEqual(['2026-11-30', '2026-11', 0]);
    // 1 November 00:00 in Berlin is 31 October 23:00 UTC: the window reaches back to the month's first local hour.
    expect(first.window).toEqual({ start: new Date('2026-10-31T23:00:00Z'), end: new Date('2026-11-30T23:00:00Z') });
  });

  it('gives a 25-hour day its 25 hours (New York, end of daylight saving time)', () => {
    const after = digestCalendar(new Date('2026-11-02T12:00:00Z'), 'America/New_York');
    expect(after.yesterday.key).toBe('2026-11-01');
    expect(after.yesterday.end.getTime() - after.yesterday.start.getTime()).toBe(25 * 3_600_000);
  });

  it('widens to whole UTC hours in a half-hour zone (Asia/Kolkata, midnight at 18:30 UTC)', () => {
    const kolkata = digestCalendar(new Date('2026-11-27T04:00:00Z'), 'Asia/Kolkata');
    expect(kolkata.yesterday.start).toEqual(new Date('2026-11-25T18:30:00Z'));
    expect(kolkata.window.end).toEqual(new Date('2026-11-26T19:00:00Z'));
    expect(kolkata.window.start).toEqual(new Date('2026-10-31T18:00:00Z'));
  });
});

describe('productDigests', () => {
  const row = (at: string, cost: string, currency = 'USD'): UsageRow => ({ product: 'messaging', values: { date_time: at, currency }, cost: nanos(cost) });

  it('puts each hour on the local day it starts in and sums the month through yesterday, per currency', () => {
    // Prepare: Berlin is UTC+1 in November; 23:00 UTC on the 25th is 00:00 on the 26th there.
    const berlin = digestCalendar(new Date('2026-11-27T07:00:00Z'), 'Europe/Berlin');
    const spend = new HourlySpend();
    spend.add([
      row('2026-11-25T22:00:00Z', '1.000000001'), // 23:00 on the 25th
      row('2026-11-25T23:00:00Z', '2.5'), // 00:00 on the 26th
      row('2026-11-26T22:00:00Z', '0.25'), // 23:00 on the 26th
      row('2026-10-31T23:00:00Z', '10'), // 00:00 on 1 November: in the month
      row('2026-10-31T22:00:00Z', '100'), // 23:00 on 31 October: outside
      row('2026-11-26T10:00:00Z', '7', 'EUR'),
    ]);

    // Act
    const [eur, usd] = productDigests('messaging', spend, berlin);

    // Assess
    expect(usd?.days.slice(-2)).toEqual([nanos('1.000000001'), nanos('2.75')]);
    expect(usd?.monthToDate).toBe(nanos('13.750000001'));
    expect(eur).toEqual(expect.objectContaining({ currency: 'EUR', monthToDate: nanos('7') }));
    expect(eur?.days.at(-1)).toBe(nanos('7'));
  });
});

describe('projectMonthEnd', () => {
  it("adds the trailing 7 full days' daily average for each day left to the month to date", () => {
    // 14 days; the last 7 average 10 (7 x 10 = 70), the earlier ones are ignored
    const days = [...new Array<bigint>(7).fill(nanos('1000')), ...new Array<bigint>(7).fill(nanos('10'))];
    expect(projectMonthEnd(nanos('100'), days, 3)).toBe(nanos('130'));
  });

  it('averages over the days there are when fewer than 7, and gives none without a full day', () => {
    expect(projectMonthEnd(nanos('5'), [nanos('2'), nanos('4')], 10)).toBe(nanos('35'));
    expect(projectMonthEnd(nanos('5'), [], 10)).toBeUndefined();
  });

  it('rounds to the nano-unit, never through floating point', () => {
    expect(projectMonthEnd(0n, [...new Array<bigint>(6).fill(0n), 1n], 1)).toBe(0n); // 1/7 nano
    expect(projectMonthEnd(0n, [...new Array<bigint>(6).fill(0n), 4n], 1)).toBe(1n); // 4/7 nano
  });
});

describe('changeAgainstAverage', () => {
  it('is yesterday against the average of the 7 days before, rounded to a whole percent', () => {
    expect(changeAgainstAverage(nanos('92.88'), nanos('580.51'))).toBe(12); // avg 82.93
    expect(changeAgainstAverage(nanos('5'), nanos('70'))).toBe(-50);
    expect(changeAgainstAverage(nanos('5'), 0n)).toBeUndefined();
  });
});

describe('sparkline', () => {
  it('draws one block per day scaled to the largest, and a dot for a day without spend', () => {
    expect(sparkline([0n, 1n, 2n, 4n, 8n, 5n, -3n])).toBe('·▁▂▄█▅·');
    expect(sparkline([0n, 0n, 0n])).toBe('···');
    expect(sparkline([nanos('0.000000001'), nanos('1000')])).toBe('▁█');
  });
});

describe('renderDigest', () => {
  it('lists yesterday per product with spend, largest first, exact amounts, the change and a total', () => {
    // Prepare
    const message = renderDigest(
      input({
        products: [
          product('sip-trunking', 'USD', '20.10', '20', '400'),
          product('messaging', 'USD', '92.880000001', '82.93', '1000'),
          product('fax-api', 'USD', '0', '1', '10'),
        ],
        quietProducts: ['wireless'],
      }),
    );

    // Assess
    expect(section(message.email, 'Yesterday, 2026-11-26:')).toEqual([
      '  messaging      92.880000001 USD  +12% vs 7-day avg 82.93 USD',
      '  sip-trunking          20.10 USD  +1% vs 7-day avg 20.00 USD',
      '  total USD     112.980000001 USD  +9% vs 7-day avg 103.93 USD',
      '  No spend: fax-api, wireless.',
    ]);
    expect(message.subject).toBe('Telnyx spend digest 2026-11-26: 112.98 USD yesterday');
  });

  it('shows the month to date per product and in total, with the month-end forecast', () => {
    const message = renderDigest(input({ products: [product('messaging', 'USD', '10', '10', '260'), product('wireless', 'USD', '1', '1', '26.5')] }));
    expect(section(message.email, 'Month to date')).toEqual([
      '  messaging  260.00 USD  month-end forecast 300.00 USD',
      '  wireless    26.50 USD  month-end forecast 30.50 USD',
      '  total USD  286.50 USD  month-end forecast 330.50 USD',
      "  Forecast: the last 7 full days' daily average x 4 days left + the month to date.",
    ]);
  });

  it('shows each limit as a share: daily against yesterday, monthly against the month to date', () => {
    const message = renderDigest(
      input({
        products: [product('messaging', 'USD', '45', '10', '420')],
        shares: [
          { product: 'messaging', period: 'daily', currency: 'USD', spend: nanos('40'), limit: nanos('50'), filter: { direction: 'outbound' }, complete: true },
          { product: 'total', period: 'monthly', currency: 'USD', spend: nanos('420'), limit: nanos('1500'), filter: {}, complete: false },
        ],
      }),
    );
    expect(section(message.email, 'Thresholds')).toEqual([
      '  messaging daily   40.00 USD    of 50.00 USD  80.0%  direction=outbound only',
      '  total monthly    420.00 USD  of 1500.00 USD  28.0%  at least: some usage was not read',
    ]);
  });

  it('draws a 14-day sparkline per product and currency', () => {
    const days = [0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 8, 4, 2, 1].map((n) => BigInt(n) * 1_000_000_000n);
    const message = renderDigest(input({ products: [{ product: 'messaging', currency: 'USD', days, monthToDate: 0n }] }));
    expect(section(message.email, 'Last 14 days, 2026-11-13 to 2026-11-26')).toEqual(['  messaging USD  ·▁▂▃▄▅▆▇█·█▄▂▁  max 8.00 USD']);
  });

  it('writes one SMS line under 160 GSM-7 characters, with the share of the monthly total limit', () => {
    const message = renderDigest(
      input({
        products: [product('messaging', 'USD', '72.88', '62.93', '320'), product('sip-trunking', 'USD', '20', '20', '100')],
        monthlyTotal: { currency: 'USD', limit: nanos('1500') },
      }),
    );
    expect(message.sms).toBe('Telnyx yesterday 92.88 USD (+12% vs 7-day avg); month 420.00 USD, 28% of 1500.00.');
  });

  it('keeps the SMS within 160 GSM-7 characters however many currencies and unread products there are', () => {
    const message = renderDigest(
      input({
        products: ['USD', 'EUR', 'GBP', 'JPY', 'CHF', 'SEK'].map((currency) => product('messaging', currency, '12345678.123456789', '1', '99999999')),
        notRead: ['wireless', 'sip-trunking', 'call-control', 'a-product-with-a-long-name-ñ€'],
        monthlyTotal: { currency: 'GBP', limit: nanos('1000000') },
      }),
    );
    expect(message.sms.length).toBeLessThanOrEqual(160);
    expect(isGsm7(message.sms)).toBe(true);
    expect(message.sms.startsWith('Telnyx yesterday 12345678.12 GBP (')).toBe(true);
    expect(message.sms.endsWith(' More in the email.')).toBe(true);
  });

  it('renders a day with no spend sensibly', () => {
    // Prepare: nothing yesterday, a little earlier in the month
    const quiet = renderDigest(input({ products: [product('messaging', 'USD', '0', '0', '0')], quietProducts: ['fax-api'] }));
    const none = renderDigest(input({ products: [], quietProducts: ['messaging', 'fax-api'] }));

    // Assess
    expect(section(quiet.email, 'Yesterday')).toEqual(['  No spend on any product read.', '  No spend: fax-api, messaging.']);
    expect(quiet.sms).toBe('Telnyx yesterday 0.00 USD; month 0.00 USD.');
    expect(section(none.email, 'Last 14 days')).toEqual(['  No spend on any day.']);
    expect(none.sms).toBe('Telnyx 2026-11-26: no spend yesterday or this month.');
    expect(none.subject).toBe('Telnyx spend digest 2026-11-26: no spend yesterday');
    expect(JSON.parse(none.default)).toEqual(expect.objectContaining({ totals: [], products: [], quietProducts: ['messaging', 'fax-api'] }));
  });

  it('keeps several currencies apart: their own lines and totals, never added', () => {
    // Prepare
    const message = renderDigest(
      input({
        products: [product('messaging', 'USD', '10', '10', '100'), product('messaging', 'EUR', '5', '5', '50'), product('wireless', 'USD', '1', '1', '10')],
      }),
    );

    // Assess
    expect(section(message.email, 'Yesterday')).toEqual([
      '  messaging   5.00 EUR  +0% vs 7-day avg 5.00 EUR',
      '  total EUR   5.00 EUR  +0% vs 7-day avg 5.00 EUR',
      '  messaging  10.00 USD  +0% vs 7-day avg 10.00 USD',
      '  wireless    1.00 USD  +0% vs 7-day avg 1.00 USD',
      '  total USD  11.00 USD  +0% vs 7-day avg 11.00 USD',
    ]);
    expect(section(message.email, 'Month to date')).toEqual([
      '  messaging   50.00 EUR  month-end forecast 70.00 EUR',
      '  total EUR   50.00 EUR  month-end forecast 70.00 EUR',
      '  messaging  100.00 USD  month-end forecast 140.00 USD',
      '  wireless    10.00 USD  month-end forecast 14.00 USD',
      '  total USD  110.00 USD  month-end forecast 154.00 USD',
      "  Forecast: the last 7 full days' daily average x 4 days left + the month to date.",
    ]);
    expect(message.sms).toBe('Telnyx yesterday 11.00 USD (+0% vs 7-day avg); month 110.00 USD. 5.00 EUR yesterday, month 50.00 EUR.');
    const payload = JSON.parse(message.default) as { totals: Array<{ currency: string; yesterday: string; monthToDate: string }> };
    expect(payload.totals.map(({ currency, yesterday, monthToDate }) => [currency, yesterday, monthToDate])).toEqual([
      ['EUR', '5.00', '50.00'],
      ['USD', '11.00', '110.00'],
    ]);
  });

  it('gives machines the same figures as exact decimal strings in the default body', () => {
    const message = renderDigest(input({ products: [product('messaging', 'USD', '92.880000001', '1', '100.5')], notRead: ['wireless'] }));
    const payload = JSON.parse(message.default) as Record<string, unknown>;
    expect(payload).toEqual(
      expect.objectContaining({ version: 1, severity: 'info', signal: 'digest', product: 'all', date: '2026-11-26', month: '2026-11', notRead: ['wireless'] }),
    );
    expect(payload['products']).toEqual([
      expect.objectContaining({
        product: 'messaging',
        currency: 'USD',
        yesterday: '92.880000001',
        previous7Days: '7.00',
        previous7DayAverage: '1.00',
        changePercent: 9188,
        monthToDate: '100.50',
        // 100.50 + (6 x 1.00 + 92.880000001) x 4 / 7
        monthEndForecast: '157.002857143',
      }),
    ]);
    expect(message.payload).toEqual(payload);
    expect(message.email).toContain('Not read: wireless.');
  });

  it('names the ended month instead of forecasting it', () => {
    const first = digestCalendar(new Date('2026-12-01T08:00:00Z'), 'UTC');
    const message = renderDigest(input({ calendar: first, products: [product('messaging', 'USD', '1', '1', '30')] }));
    expect(message.email).toContain('2026-11 has ended: these are its final figures as reported so far.');
    expect(message.email).not.toContain('month-end forecast');
  });
});

describe('digestAlert', () => {
  it('is info, signal digest, product all, keyed by the day it is sent', () => {
    const alert = digestAlert(input({ products: [product('messaging', 'USD', '1', '1', '1')] }));
    expect(alert).toEqual(expect.objectContaining({ key: 'digest#2026-11-27', rank: 1, severity: 'info', signal: 'digest', product: 'all' }));
    expect(alert.period).toBeUndefined();
    expect(alert.expiresAt).toEqual(new Date('2026-12-05T00:00:00Z'));
  });
});
