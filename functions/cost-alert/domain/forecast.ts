/**
 * The forecast: will the spend reach the limit by the end of the period, at the usual pace?
 *
 * - Day: the spend so far today, plus, for each hour of today that has not begun, the mean spend of the same
 *   local hour over the previous 7 days. Traffic has a daily shape (quiet nights, busy afternoons), and the
 *   same hours of last week know it; a 23- or 25-hour day just has one hour fewer or more to add.
 * - Month: the spend so far this month, plus the rest of today projected as above, plus every later day of
 *   the month at the average daily spend of the last 7 full days.
 *
 * Worked example (UTC, limit 80 USD a day, checked at 18:10): 48 USD spent so far; the hours 19:00 to 23:00
 * (five of them; the 18:00 hour has begun and its spend is in the 48) averaged 9.60 USD each over the last 7 days;
 * 48 + 5 x 9.60 = 96 USD >= 80 USD, so a forecast goes out. The running sum passes 80 in the hour from 22:00
 * (48 + 4 x 9.60 = 86.40), so the limit would be reached by 23:00.
 *
 * No forecast without at least one full day of history, once the limit is reached (the limit alert speaks
 * then), or on a threshold that does not ask for one.
 */
import { type Baseline, baselineOf, type HourlySeries, localHourOf } from './hourly-baseline';
import { HOUR_MS } from './hourly-series';
import { periodsAt } from './periods';
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
  const today = period.kind === 'daily' ? period : periodsAt(now, period.timeZone).daily;
  const baseline = baselineOf(series, today);
  if (baseline.days === 0) return undefined;

  // The rest of today, hour by hour; `reachedBy` is the end of the hour in which the running sum passes the limit.
  let projected = spentSoFar;
  let reachedBy: number | undefined;
  for (const [hour, spend] of restOfToday(today, now, baseline)) {
    projected += spend;
    if (reachedBy === undefined && projected >= limit) reachedBy = Math.min(hour + HOUR_MS, today.end.getTime());
  }
  if (period.kind === 'monthly') {
    if (reachedBy !== undefined) reachedBy = today.end.getTime();
    for (let day = today; day.end.getTime() < period.end.getTime();) {
      day = periodsAt(day.end, period.timeZone).daily;
      projected += baseline.dailyMean;
      if (reachedBy === undefined && projected >= limit) reachedBy = day.end.getTime();
    }
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

/** The hours of today that have not begun, each with the mean spend of its local hour of the day. */
function restOfToday(today: Period, now: Date, baseline: Baseline): Array<readonly [number, bigint]> {
  const hours: Array<readonly [number, bigint]> = [];
  const end = today.end.getTime();
  for (let hour = Math.ceil(now.getTime() / HOUR_MS) * HOUR_MS; hour < end; hour += HOUR_MS) {
    hours.push([hour, baseline.meanAtLocalHour(localHourOf(hour, today.timeZone))]);
  }
  return hours;
}

/** The method in one line, for messages. */
export function forecastMethod(forecast: Pick<Forecast, 'period' | 'historyDays'>): string {
  const days = forecast.historyDays === 1 ? 'the previous day' : `the previous ${forecast.historyDays} days`;
  return forecast.period.kind === 'daily'
    ? `Spend so far today, plus for each hour still to come the mean of the same hour over ${days}.`
    : `Spend so far this month, plus the rest of today from the same hours of ${days}, plus each later day at their daily average.`;
}
