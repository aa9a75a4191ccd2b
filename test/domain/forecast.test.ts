import { seriesIn } from '../../functions/cost-alert/domain/hourly-baseline';
import { forecastMethod, forecastOf } from '../../functions/cost-alert/domain/forecast';
import { HOUR_MS } from '../../functions/cost-alert/domain/time';
import { formatNanos } from '../../functions/cost-alert/domain/money';
import { periodsAt } from '../../functions/cost-alert/domain/periods';
import { localHour, seenAt, seriesOf, threshold, usd } from './signal-fixtures';

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
    expect(forecastMethod(forecast!)).toBe(
      'Spend so far today, plus for each hour still to come the mean of the same hour over the previous 7 days, its highest left out.',
    );
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

  it('averages over the days it has when usage began two days ago (not diluted over seven)', () => {
    // Prepare: usage since 18:00 the day before yesterday, 2 USD an hour: 30 observed hours
    const series = seriesOf('2026-11-24T18:00:00Z', '2026-11-26T18:00:00Z', () => usd(2));

    // Act
    const forecast = dailyForecast({ now: '2026-11-26T18:10:00Z', series, spent: usd(70), daily: usd(80) });

    // Assess: hours 19-23 at 2.00 over the two days of history
    expect(forecast?.historyDays).toBe(2);
    expect(forecast?.projected).toBe(usd(80));
    expect(forecastMethod(forecast!)).toContain('over the previous 2 days, its highest left out.');
  });

  it('needs 24 observed hours of history: none from the 15 hours since a first use yesterday at 09:00', () => {
    // The hours of yesterday before 09:00 are unknown, not zero
    const series = seriesOf('2026-11-25T09:00:00Z', '2026-11-26T18:00:00Z', () => usd(2));

    expect(dailyForecast({ now: '2026-11-26T18:10:00Z', series, spent: usd(79), daily: usd(80) })).toBeUndefined();
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

    // Assess: 20:00 is (6 x 1.00 + 0) less its highest, over 6: 5/6 (the credit hour counts 0); the other four
    // hours 1.00. Counted as -99, the 20:00 mean would be negative and so would the projection.
    expect(forecast?.projected).toBe(usd(4) + usd(5) / 6n);
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

  it('adds the rest of today by the hour and each later day as a typical day of the last 7', () => {
    // 2026-11-26 10:30: hours 11-23 (13 x 1.00) and 27, 28, 29, 30 November (4 x 24.00)
    const forecast = monthlyForecast('2026-11-26T10:30:00Z', usd(600), usd(700));

    expect(forecast?.projected).toBe(usd(600 + 13 + 4 * 24));
    // 613 after today, 637 after the 27th, 661, 685, 709 after the 30th
    expect(forecast?.reachedBy.toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(forecastMethod(forecast!)).toBe(
      "Spend so far this month, plus the rest of today and each later day from the same hours of the previous 7 days (each hour's mean, its highest left out).",
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

describe('the forecast after one unusual hour', () => {
  it('does not forecast the limit on any of the next 7 days, nor the month, when every day ends at 48 of 60', () => {
    // Prepare: 2.00 every hour since 1 November, and one 300.00 hour on 10 November at 13:00
    const outlier = Date.parse('2026-11-10T13:00:00Z');
    const spend = seriesOf('2026-11-01T00:00:00Z', '2026-11-18T00:00:00Z', (hour) => (hour.getTime() === outlier ? usd(300) : usd(2)));
    const t = threshold({ daily: usd(60), monthly: usd(1800), forecast: true });
    const spentBetween = (from: number, to: number) => (usd(2) * BigInt(to - from)) / BigInt(HOUR_MS) + (from <= outlier && outlier < to ? usd(298) : 0n);

    // Act: a check every 15 minutes from 11 November to the end of the 17th; the first forecast of each period, as the ledger sends it
    const forecasts = new Map<string, string>();
    for (let now = Date.parse('2026-11-11T00:05:00Z'); now < Date.parse('2026-11-18T00:00:00Z'); now += 15 * 60_000) {
      const periods = periodsAt(new Date(now), UTC);
      for (const period of [periods.daily, periods.monthly]) {
        const spentSoFar = spentBetween(period.start.getTime(), now);
        const forecast = forecastOf({ threshold: t, period, now: new Date(now), series: seenAt(spend, new Date(now)), spentSoFar });
        if (forecast && !forecasts.has(period.key)) forecasts.set(period.key, `${new Date(now).toISOString()}: ${formatNanos(forecast.projected)}`);
      }
    }

    // Assess: each day ends at 48.00 and November at 29 x 48 + 346 = 1738.00. A plain mean made the 13:00 hour
    // 44.57 for a week: 90.57 a day, over 60 from the first check of each day, and the month over 1800.
    expect(Object.fromEntries(forecasts)).toEqual({});
  });

  it('still forecasts a day that really runs over: 5.00 an hour from 10:00 on a 2.00 an hour history', () => {
    const spend = seriesOf('2026-11-01T00:00:00Z', '2026-11-18T00:00:00Z', (hour) => (hour.getTime() >= Date.parse('2026-11-17T10:00:00Z') ? usd(5) : usd(2)));
    const t = threshold({ daily: usd(60), forecast: true });

    // 14:00: 20.00 by 10:00 and 4 x 5.00 since, 40.00; the 10 hours to come at 2.00 make 60.00
    const at = new Date('2026-11-17T14:00:00Z');
    const forecast = forecastOf({ threshold: t, period: periodsAt(at, UTC).daily, now: at, series: seenAt(spend, at), spentSoFar: usd(40) });

    expect(forecast?.projected).toBe(usd(60));
  });
});
