/**
 * The forecast: will the spend reach the limit by the end of the period, at the usual pace?
 *
 * - Day: the spend so far today, plus, for each hour of today that has not begun, the typical spend of the same
 *   local hour over the previous 7 days: its mean with the highest one left out (hourly-baseline.ts). Traffic
 *   has a daily shape (quiet nights, busy afternoons), and the same hours of last week know it; one unusual
 *   hour last week does not (a 300 USD hour in a 2 USD/h week leaves that hour's pace at 2, not 44.57).
 *   A 23- or 25-hour day just has one hour fewer or more to add.
 * - Month: the spend so far this month, plus the rest of today projected as above, plus every later day of
 *   the month at a typical day: the sum of the 24 typical hours.
 *
 * Worked example (UTC, limit 80 USD a day, checked at 18:10): 48 USD spent so far; the hours 19:00 to 23:00
 * (five of them; the 18:00 hour has begun and its spend is in the 48) typically spent 9.60 USD each over the last
 * 7 days; 48 + 5 x 9.60 = 96 USD >= 80 USD, so a forecast goes out. The running sum passes 80 in the hour from
 * 22:00 (48 + 4 x 9.60 = 86.40), so the limit would be reached by 23:00.
 *
 * No forecast without 24 observed hours of history (hours before the first usage row are unknown, not zero),
 * once the limit is reached (the limit alert speaks then), or on a threshold that does not ask for one.
 */
import { type Baseline, baselineOf, type HourlySeries, localDayAt, localHourOf, MIN_HISTORY_HOURS } from './hourly-baseline';
import { periodsAt } from './periods';
import { DAY_MS, HOUR_MS } from './time';
import type { Period, Threshold } from './types';

export interface ForecastInput {
  readonly threshold: Threshold;
  /** The period whose limit is projected: today or this month. */
  readonly period: Period;
  readonly now: Date;
  /** The threshold's hourly spend over (at least) the last 7 full days and today, in its currency. */
  readonly series: HourlySeries;
  /** Spend so far in the period, as the limit check read it (exact window; the series is hour-grained). */
  readonly spentSoFar: bigint;
}

/** A limit the spend is on pace to reach. Amounts are nano-units of `currency`. */
export interface Forecast {
  readonly threshold: Threshold;
  readonly period: Period;
  readonly currency: string;
  readonly spentSoFar: bigint;
  readonly projected: bigint;
  readonly limit: bigint;
  /**
   * When the limit would be reached at this pace: the end of the hour (daily) or of the local day (monthly)
   * in which the projection passes it.
   */
  readonly reachedBy: Date;
  /** Days of history behind the projection (1 to 7). */
  readonly historyDays: number;
  readonly checkedAt: Date;
}

/** The forecast for `input.period`, or undefined when there is none to send. */
export function forecastOf(input: ForecastInput): Forecast | undefined {
  const { threshold, period, now, series, spentSoFar } = input;
  const limit = threshold[period.kind];
  if (!threshold.enabled || threshold.forecast !== true || limit === undefined) return undefined;
  if (spentSoFar >= limit) return undefined;
  const today = period.kind === 'daily' ? period : localDayAt(now.getTime(), period.timeZone);
  const baseline = baselineOf(series, today);
  if (baseline.hours < MIN_HISTORY_HOURS) return undefined;

  // The rest of today, hour by hour; `reachedBy` is the end of the hour in which the running sum passes the limit.
  let projected = spentSoFar;
  let reachedBy: number | undefined;
  for (const [hour, spend] of restOfToday(today, now, baseline)) {
    projected += spend;
    if (reachedBy === undefined && projected >= limit) reachedBy = Math.min(hour + HOUR_MS, today.end.getTime());
  }
  if (period.kind === 'monthly') {
    if (reachedBy !== undefined) reachedBy = today.end.getTime();
    const later = BigInt(daysLeftAfter(today, period));
    if (reachedBy === undefined && baseline.typicalDay > 0n && projected + later * baseline.typicalDay >= limit) {
      // The day whose typical spend takes the running sum past the limit: ceil((limit - projected) / typicalDay) days on.
      const days = Number((limit - projected + baseline.typicalDay - 1n) / baseline.typicalDay);
      reachedBy = endOfDayAfter(today, days);
    }
    projected += later * baseline.typicalDay;
  }
  if (reachedBy === undefined) return undefined;
  return {
    threshold,
    period,
    currency: threshold.currency,
    spentSoFar,
    projected,
    limit,
    reachedBy: new Date(reachedBy),
    historyDays: baseline.days,
    checkedAt: now,
  };
}

/** The hours of today that have not begun, each with the typical spend of its local hour of the day. */
function restOfToday(today: Period, now: Date, baseline: Baseline): Array<readonly [number, bigint]> {
  const hours: Array<readonly [number, bigint]> = [];
  const end = today.end.getTime();
  for (let hour = Math.ceil(now.getTime() / HOUR_MS) * HOUR_MS; hour < end; hour += HOUR_MS) {
    hours.push([hour, baseline.typicalAt(localHourOf(hour, today.timeZone))]);
  }
  return hours;
}

/** Local days of `month` after `today`: its length in days (from its key) minus today's day of the month. */
function daysLeftAfter(today: Period, month: Period): number {
  const [year, monthNumber] = month.key.split('-').map(Number) as [number, number];
  const length = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
  return length - Number(today.key.slice(8, 10));
}

/** The end of the local day `count` (>= 1) days after `today`: the day holding noon of the count-th day on, as DST moves a day by an hour at most. */
function endOfDayAfter(today: Period, count: number): number {
  return periodsAt(new Date(today.end.getTime() + (count - 1) * DAY_MS + 12 * HOUR_MS), today.timeZone).daily.end.getTime();
}

/** The method in one line, for messages. */
export function forecastMethod(forecast: Pick<Forecast, 'period' | 'historyDays'>): string {
  const days = forecast.historyDays === 1 ? 'the previous day' : `the previous ${forecast.historyDays} days`;
  return forecast.period.kind === 'daily'
    ? `Spend so far today, plus for each hour still to come the mean of the same hour over ${days}, its highest left out.`
    : `Spend so far this month, plus the rest of today and each later day from the same hours of ${days} (each hour's mean, its highest left out).`;
}
