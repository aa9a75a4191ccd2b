import { toGsm7 } from '../../functions/cost-alert/domain/channel-text';
import { digestAlert, renderDigest, sparkline } from '../../functions/cost-alert/domain/digest-render';
import { digestCalendar } from '../../functions/cost-alert/domain/digest-figures';
import { input, nanos, product } from './digest-fixtures';

function section(email: string, heading: string): string[] {
  const lines = email.split('\n');
  const start = lines.findIndex((line) => line.startsWith(heading));
  const end = lines.indexOf('', start);
  return lines.slice(start + 1, end);
}

const isGsm7 = (text: string) => toGsm7(text, Number.MAX_SAFE_INTEGER) === text;

describe('sparkline', () => {
  it('draws one block per day scaled to the largest, and a dot for a day without spend', () => {
    expect(sparkline([0n, 1n, 2n, 4n, 8n, 5n, -3n])).toBe('·▁▂▄█▅·');
    expect(sparkline([0n, 0n, 0n])).toBe('···');
    expect(sparkline([nanos('0.000000001'), nanos('1000')])).toBe('▁█');
  });
});

describe('renderDigest', () => {
  it('lists yesterday per product with spend, largest first, in cents (the payload keeps the exact amounts), the change and a total', () => {
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
      '  messaging      92.88 USD  +12% vs 7-day avg 82.93 USD',
      '  sip-trunking   20.10 USD  +1% vs 7-day avg 20.00 USD',
      '  total USD     112.98 USD  +9% vs 7-day avg 103.93 USD',
      '  No spend: fax-api, wireless.',
    ]);
    expect(message.subject).toBe('Telnyx spend digest 2026-11-26: 112.98 USD yesterday');
    const totals = (message.payload as { totals: Array<{ yesterday: string }> }).totals;
    expect(totals.map((total) => total.yesterday)).toEqual(['112.980000001']);
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

  it('leaves a currency without spend yesterday or this month out of the subject and the SMS', () => {
    // Prepare: EUR spent on earlier days of the sparkline (last month), nothing yesterday or this month
    const message = renderDigest(input({ products: [product('messaging', 'USD', '10', '10', '100'), product('messaging', 'EUR', '0', '3', '0')] }));

    // Assess
    expect(message.subject).toBe('Telnyx spend digest 2026-11-26: 10.00 USD yesterday');
    expect(message.sms).toBe('Telnyx yesterday 10.00 USD (+0% vs 7-day avg); month 100.00 USD.');
    expect(section(message.email, 'Yesterday')).toEqual([
      '  messaging  10.00 USD  +0% vs 7-day avg 10.00 USD',
      '  total USD  10.00 USD  +0% vs 7-day avg 10.00 USD',
    ]);
  });

  it('shows the available credit, its level and its runway when a balance threshold exists', () => {
    // Prepare
    const threshold = { warnAtPpm: [], currency: 'USD', filter: {}, enabled: true, balance: { minimum: nanos('50'), runwayHours: 24 } };
    const account = { available: nanos('38.4'), balance: nanos('38.4'), creditLimit: 0n, pending: nanos('2.15'), currency: 'USD' };
    const pace = { spend: nanos('96'), from: new Date('2026-11-26T23:00:00Z'), to: new Date('2026-11-27T23:00:00Z') };
    const balance = {
      threshold,
      account,
      pace: { status: 'read' as const, pace },
      runway: { perHour: nanos('4'), hoursLeft: 9n, runsOutAt: new Date('2026-11-27T16:36:00Z') },
    };

    // Act
    const message = renderDigest(input({ products: [product('messaging', 'USD', '10', '10', '100')], balance }));

    // Assess
    expect(section(message.email, 'Available credit')).toEqual([
      '  38.40 USD (balance 38.40 USD, credit limit 0.00 USD, pending 2.15 USD): below the 50.00 USD minimum.',
      '  Runway: about 9 hours at the pace of the 24 hours before today (4.00 USD/h).',
    ]);
    expect(message.sms).toBe('Telnyx yesterday 10.00 USD (+0% vs 7-day avg); month 100.00 USD. Credit 38.40 USD, 9 h left.');
    expect((message.payload as { balance: unknown }).balance).toEqual(expect.objectContaining({ available: '38.40', pacePerHour: '4.00', hoursLeft: 9 }));
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
