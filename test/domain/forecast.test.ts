import { seriesIn } from '../../functions/cost-alert/domain/hourly-baseline';
import { forecastMethod, forecastOf } from '../../functions/cost-alert/domain/forecast';
import { periodsAt } from '../../functions/cost-alert/domain/periods';
import { localHour, seriesOf, threshold, usd } from './signal-fixtures';

const UTC = 'UTC';
const NEW_YORK = 'America/New_York';

function dailyForecast(options: { now: string; timeZone?: string; series: ReturnType<typeof seriesOf>; spent: bigint; daily: bigint; forecast?: boolean }) {
  const now = new Date(options.now);
  const period = periodsAt(now, options.timeZone ?? UTC).daily;
  return forecastOf({
    threshold: threshold({ daily: options.daily, forecast: options.forecast ?? true }),
    period,
    now,
    series: seriesIn('USD', [options.series]),
    spentSoFar: options.spent,
  });
}

describe('the day forecast', () => {
  const flat = seriesOf('2026-11-19T00:00:00Z', '2026-11-26T18:00:00Z', () => usd(9.6));

  it('adds the same-hour means of the hours still to come to the spend so far (the worked example)', () => {
    // Act: 18:10, so 19:00-23:00 (five hours) are still to come
    const forecast = dailyForecast({ now: '2026-11-26T18:10:00Z', series: flat, spent: usd(48), daily: usd(80) });

    // Assess
    expect(forecast?.projected).toBe(usd(96));
    expect(forecast?.limit).toBe(usd(80));
    expect(forecast?.spentSoFar).toBe(usd(48));
    // 48 + 4 x 9.60 = 86.40 passes 80 in the hour from 22:00
    expect(forecast?.reachedBy.toISOString()).toBe('2026-11-26T23:00:00.000Z');
    expect(forecast?.historyDays).toBe(7);
    expect(forecastMethod(forecast!)).toBe('Spend so far today, plus for each hour still to come the mean of the same hour over the previous 7 days.');
  });

  it('says nothing when the projection stays under the limit', () => {
    expect(dailyForecast({ now: '2026-11-26T18:10:00Z', series: flat, spent: usd(48), daily: usd(96.01) })).toBeUndefined();
  });

  it('fires when the projection reaches the limit exactly', () => {
    expect(dailyForecast({ now: '2026-11-26T18:10:00Z', series: flat, spent: usd(48), daily: usd(96) })?.reachedBy.toISOString()).toBe(
      '2026-11-27T00:00:00.000Z',
    );
  });

  it('says nothing once the limit itself is reached: the limit alert speaks then', () => {
    expect(dailyForecast({ now: '2026-11-26T18:10:00Z', series: flat, spent: usd(80), daily: usd(80) })).toBeUndefined();
  });

  it('says nothing for a threshold without "forecast": true', () => {
    expect(dailyForecast({ now: '2026-11-26T18:10:00Z', series: flat, spent: usd(48), daily: usd(80), forecast: false })).toBeUndefined();
  });

  it('needs at least one full day of history: none when usage began today', () => {
    const onlyToday = seriesOf('2026-11-26T00:00:00Z', '2026-11-26T18:00:00Z', () => usd(9.6));
    expect(dailyForecast({ now: '2026-11-26T18:10:00Z', series: onlyToday, spent: usd(70), daily: usd(80) })).toBeUndefined();
    expect(
      dailyForecast({
        now: '2026-11-26T18:10:00Z',
        series: seriesOf('2026-11-26T00:00:00Z', '2026-11-26T00:00:00Z', () => 0n),
        spent: usd(70),
        daily: usd(80),
      }),
    ).toBeUndefined();
  });

  it('averages over the days it has when usage began yesterday (not diluted over seven)', () => {
    // Prepare: usage since yesterday 09:00, 2 USD an hour
    const series = seriesOf('2026-11-25T09:00:00Z', '2026-11-26T18:00:00Z', () => usd(2));

    // Act
    const forecast = dailyForecast({ now: '2026-11-26T18:10:00Z', series, spent: usd(70), daily: usd(80) });

    // Assess: hours 19-23 averaged 2.00 over the one day of history
    expect(forecast?.historyDays).toBe(1);
    expect(forecast?.projected).toBe(usd(80));
    expect(forecastMethod(forecast!)).toContain('over the previous day.');
  });

  it('projects nothing for an all-zero history: no forecast until the limit itself', () => {
    const zeros = seriesOf('2026-11-19T00:00:00Z', '2026-11-26T18:00:00Z', () => 0n);
    expect(dailyForecast({ now: '2026-11-26T18:10:00Z', series: zeros, spent: usd(79.99), daily: usd(80) })).toBeUndefined();
  });

  it('counts an hour with a net credit as zero, so a refund never lowers the projection below the spend so far', () => {
    // Prepare: 1.00 an hour, but the 20:00 hour of 2026-11-24 carries a 100.00 credit
    const series = seriesOf('2026-11-19T00:00:00Z', '2026-11-26T18:00:00Z', (hour) => (hour.toISOString() === '2026-11-24T20:00:00.000Z' ? usd(-99) : usd(1)));

    // Act
    const forecast = dailyForecast({ now: '2026-11-26T18:10:00Z', series, spent: 0n, daily: usd(4.5) });

    // Assess: 20:00 averages 6/7 (the credit hour counts 0), the other four hours 1.00. Counted as -99, the
    // 20:00 mean would be -13.29 and the projection negative.
    expect(forecast?.projected).toBe(usd(4) + usd(6) / 7n);
  });

  it('uses local hours across a DST change: busy 09-17 New York time, EST last week and EDT today', () => {
    // Prepare: 2026-03-08 springs forward; busy hours 09:00-17:00 local, 5.00 each
    const series = seriesOf('2026-03-01T00:00:00Z', '2026-03-09T20:00:00Z', (hour) => {
      const local = localHour(hour, NEW_YORK);
      return local >= 9 && local < 17 ? usd(5) : usd(0);
    });

    // Act: 15:30 EDT (19:30 UTC); to come: 16:00-23:00 local, of which only 16:00 is busy
    const forecast = dailyForecast({ now: '2026-03-09T19:30:00Z', timeZone: NEW_YORK, series, spent: usd(36), daily: usd(40) });

    // Assess: 36 + 5 (the 16:00 hour). Mapping by UTC hour would add the 15:00 and 16:00 EST hours: 46.
    expect(forecast?.projected).toBe(usd(41));
    expect(forecast?.reachedBy.toISOString()).toBe('2026-03-09T21:00:00.000Z');
  });

  it('has 24 hours still to come at 00:30 on a 25-hour day (fall back) and 22 on a 23-hour day (spring forward)', () => {
    const flatNewYork = (from: string, to: string) => seriesOf(from, to, () => usd(1));

    // 2026-11-01: 00:00 EDT to 00:00 EST is 25 hours; at 00:30 EDT, hours 01:00 EDT .. 23:00 EST have not begun
    const long = dailyForecast({
      now: '2026-11-01T04:30:00Z',
      timeZone: NEW_YORK,
      series: flatNewYork('2026-10-25T04:00:00Z', '2026-11-01T04:00:00Z'),
      spent: usd(1),
      daily: usd(2),
    });
    // 2026-03-08: 23 hours; at 00:30 EST, 22 hours have not begun
    const short = dailyForecast({
      now: '2026-03-08T05:30:00Z',
      timeZone: NEW_YORK,
      series: flatNewYork('2026-03-01T05:00:00Z', '2026-03-08T05:00:00Z'),
      spent: usd(1),
      daily: usd(2),
    });

    expect(long?.projected).toBe(usd(25));
    expect(short?.projected).toBe(usd(23));
  });
});

describe('the month forecast', () => {
  function monthlyForecast(now: string, spent: bigint, monthly: bigint) {
    const at = new Date(now);
    const series = seriesOf('2026-11-01T00:00:00Z', now, () => usd(1));
    return forecastOf({
      threshold: threshold({ monthly, forecast: true }),
      period: periodsAt(at, UTC).monthly,
      now: at,
      series: seriesIn('USD', [series]),
      spentSoFar: spent,
    });
  }

  it('adds the rest of today by the hour and each later day at the 7-day daily average', () => {
    // 2026-11-26 10:30: hours 11-23 (13 x 1.00) and 27, 28, 29, 30 November (4 x 24.00)
    const forecast = monthlyForecast('2026-11-26T10:30:00Z', usd(600), usd(700));

    expect(forecast?.projected).toBe(usd(600 + 13 + 4 * 24));
    // 613 after today, 637 after the 27th, 661, 685, 709 after the 30th
    expect(forecast?.reachedBy.toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(forecastMethod(forecast!)).toBe(
      'Spend so far this month, plus the rest of today from the same hours of the previous 7 days, plus each later day at their daily average.',
    );
  });

  it('names the day the limit would be reached', () => {
    expect(monthlyForecast('2026-11-26T10:30:00Z', usd(600), usd(620))?.reachedBy.toISOString()).toBe('2026-11-28T00:00:00.000Z');
  });

  it('on the last day of the month projects only the rest of today', () => {
    // 2026-11-30 12:00: hours 12-23 still to come, no later day
    expect(monthlyForecast('2026-11-30T12:00:00Z', usd(700), usd(712))?.projected).toBe(usd(712));
    expect(monthlyForecast('2026-11-30T12:00:00Z', usd(700), usd(712.01))).toBeUndefined();
  });

  it("starts a new month from the previous month's days (history crosses the month end)", () => {
    // 2026-12-01 00:30: December has 30 days after today; history is 24-30 November
    const at = new Date('2026-12-01T00:30:00Z');
    const series = seriesOf('2026-11-20T00:00:00Z', '2026-12-01T00:00:00Z', () => usd(1));
    const forecast = forecastOf({
      threshold: threshold({ monthly: usd(700), forecast: true }),
      period: periodsAt(at, UTC).monthly,
      now: at,
      series: seriesIn('USD', [series]),
      spentSoFar: usd(0.5),
    });

    expect(forecast?.projected).toBe(usd(0.5) + usd(23) + usd(30 * 24));
    expect(forecast?.period.key).toBe('2026-12');
  });
});
