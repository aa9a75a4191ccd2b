import { HourlySpend, parseUsageDateTime } from '../../functions/cost-alert/domain/hourly-series';
import { HOUR_MS } from '../../functions/cost-alert/domain/time';
import { hourlyCostQuery } from '../../functions/cost-alert/domain/usage-queries';
import type { UsageRow } from '../../functions/cost-alert/domain/usage';

const NANO = 1_000_000_000n;
const row = (dateTime: unknown, cost: bigint | undefined, extra: Record<string, string> = {}): UsageRow => ({
  product: 'messaging',
  values: { date_time: dateTime, currency: 'USD', ...extra },
  ...(cost === undefined ? {} : { cost }),
});

describe('parseUsageDateTime', () => {
  it.each([
    ['2026-11-26T14:00:00Z', '2026-11-26T14:00:00.000Z'],
    ['2026-11-26 14:00:00', '2026-11-26T14:00:00.000Z'],
    ['2026-11-26T14:00', '2026-11-26T14:00:00.000Z'],
    ['2026-11-26 14:00:00.000000', '2026-11-26T14:00:00.000Z'],
    ['2026-11-26T15:00:00+01:00', '2026-11-26T14:00:00.000Z'],
    ['2026-11-26 09:00:00-0500', '2026-11-26T14:00:00.000Z'],
    ['2026-11-26T19:30:00+05:30', '2026-11-26T14:00:00.000Z'],
    ['2026-11-26t14:00:00z', '2026-11-26T14:00:00.000Z'],
  ])('reads %s as %s', (value, expected) => {
    expect(new Date(parseUsageDateTime(value) ?? Number.NaN).toISOString()).toBe(expected);
  });

  it.each(['2026-11-26', '26/11/2026 14:00', '2026-02-30T00:00:00Z', '2026-11-26T24:00:00Z', 'yesterday', '', 1764165600])('refuses %p', (value) => {
    expect(parseUsageDateTime(value)).toBeUndefined();
  });
});

describe('HourlySpend', () => {
  it('sums exactly per hour and currency, and over a range', () => {
    // Prepare
    const series = new HourlySpend();
    // Act
    series.add([
      row('2026-11-26 14:00:00', 1n * NANO),
      row('2026-11-26T14:00:00Z', 2n * NANO),
      row('2026-11-26T15:00:00Z', 4n * NANO),
      row('2026-11-26T15:00:00Z', 100n * NANO, { currency: 'EUR' }),
    ]);
    // Assess
    const h14 = Date.parse('2026-11-26T14:00:00Z');
    expect(series.at(h14, 'usd')).toBe(3n * NANO);
    expect(series.sum('USD', h14, h14 + 2 * HOUR_MS)).toBe(7n * NANO);
    expect(series.sum('USD', h14 + HOUR_MS, h14 + 2 * HOUR_MS)).toBe(4n * NANO);
    expect(series.sum('EUR', h14, h14 + 2 * HOUR_MS)).toBe(100n * NANO);
    expect(series.currencies()).toEqual(['EUR', 'USD']);
  });

  it('counts unreadable date_time values apart, keeping the first for the message', () => {
    const series = new HourlySpend();
    series.add([row('26.11.2026 14h', 1n * NANO), row(null, 1n * NANO), row('2026-11-26T14:00:00Z', 1n * NANO)]);
    expect(series.unparseable).toBe(2);
    expect(series.firstUnparseable).toBe('26.11.2026 14h');
    expect(series.counted).toBe(1);
  });

  it('applies the filter, skips rows without cost and notes credits', () => {
    const series = new HourlySpend({ direction: 'outbound' });
    series.add([
      row('2026-11-26T14:00:00Z', 5n * NANO, { direction: 'outbound' }),
      row('2026-11-26T14:00:00Z', 7n * NANO, { direction: 'inbound' }),
      row('2026-11-26T14:00:00Z', undefined, { direction: 'outbound' }),
      row('2026-11-26T15:00:00Z', -2n * NANO, { direction: 'Outbound' }),
    ]);
    expect(series.sum('USD', 0, Number.MAX_SAFE_INTEGER)).toBe(3n * NANO);
    expect(series.sawCredit).toBe(true);
  });

  it('groups hours into local days (a 23-hour DST day in New York)', () => {
    // 2026-03-08 is 23 hours long in America/New_York: 05:00Z to 04:00Z next day.
    const series = new HourlySpend();
    const start = Date.parse('2026-03-08T05:00:00Z');
    for (let h = 0; h < 24; h++) series.add([row(new Date(start + h * HOUR_MS).toISOString(), 1n * NANO)]);
    const days = series.byLocalDay('USD', 'America/New_York', start, start + 24 * HOUR_MS);
    expect(days).toEqual(
      new Map([
        ['2026-03-08', 23n * NANO],
        ['2026-03-09', 1n * NANO],
      ]),
    );
  });
});

describe('hourlyCostQuery', () => {
  it('asks for cost by hour and currency, plus the filter dimensions', () => {
    const window = { start: new Date('2026-11-19T00:00:00Z'), end: new Date('2026-11-26T14:00:00Z') };
    expect(hourlyCostQuery('messaging', { direction: 'outbound', currency: 'USD' }, window)).toEqual({
      product: 'messaging',
      dimensions: ['date_time', 'currency', 'direction'],
      metrics: ['cost'],
      window,
    });
  });
});
