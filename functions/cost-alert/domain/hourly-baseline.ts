/**
 * What "usual" spend is, for the forecast and the spike: means per local hour of the day and per day over the
 * (at most 7) full local days before today. Shared so that both signals read history the same way.
 *
 * - History starts on the local day of the first usage row in the series: a product used for 2 days has
 *   2 days of history, and its means are over those 2 days, not diluted over 7.
 * - Hours are grouped by their local hour of the day (DST: a 25-hour day has two hours numbered 01,
 *   a 23-hour day none numbered 02), and a mean is over the hours that existed: a calendar, not the data,
 *   says how many there were, so an hour without usage counts as zero.
 * - An hour with a net credit (negative spend) counts as zero: a refund is not usage and does not repeat,
 *   and a negative "usual" would make every ordinary hour look like a spike.
 */
import type { HourlySpend } from './hourly-series';
import { HOUR_MS } from './hourly-series';
import { periodsAt } from './periods';
import type { Period } from './types';

/** The most days of history the signals look at. */
export const HISTORY_DAYS = 7;

/** Spend per UTC hour in one currency: one product's series, or the sum of several (the total). */
export interface HourlySeries {
  /** Spend in the hour starting at `hourStart` (epoch ms on the hour). */
  at(hourStart: number): bigint;
  /** Start of the first hour with a usage row; undefined when the series has none. */
  readonly firstHour: number | undefined;
}

/** The series of `currency` in one or more `HourlySpend`s, added up hour by hour (never across currencies). */
export function seriesIn(currency: string, parts: readonly HourlySpend[]): HourlySeries {
  const starts = parts.map((part) => part.firstHour).filter((hour): hour is number => hour !== undefined);
  return {
    at: (hourStart) => parts.reduce((sum, part) => sum + part.at(hourStart, currency), 0n),
    firstHour: starts.length > 0 ? Math.min(...starts) : undefined,
  };
}

export interface Baseline {
  /** Full local days of history used (0 to 7); 0 means no history, and then no signal. */
  readonly days: number;
  /** The hours averaged: [from, to). */
  readonly from: number;
  readonly to: number;
  /** Mean spend of the hours numbered `hour` (0-23, local); 0 when no such hour was in the window. */
  meanAtLocalHour(hour: number): bigint;
  /** Mean spend per hour over the window. */
  readonly hourlyMean: bigint;
  /** Mean spend per history day (the window's spend over `days`). */
  readonly dailyMean: bigint;
}

// One formatter per zone: building one costs tens of microseconds, and a baseline asks for ~170 hours.
const hourFormatters = new Map<string, Intl.DateTimeFormat>();
// Every threshold of a run asks for the same ~190 hours; formatting one costs a few microseconds.
const localHours = new Map<string, number>();
const LOCAL_HOURS_KEPT = 10_000;

/** The hour of the day (0-23) a clock in `timeZone` shows at `instant`. */
export function localHourOf(instant: number, timeZone: string): number {
  const key = `${timeZone}|${instant}`;
  const known = localHours.get(key);
  if (known !== undefined) return known;
  let formatter = hourFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: 'numeric' });
    hourFormatters.set(timeZone, formatter);
  }
  const hour = Number(formatter.formatToParts(instant).find((part) => part.type === 'hour')?.value ?? 0);
  if (localHours.size >= LOCAL_HOURS_KEPT) localHours.clear();
  localHours.set(key, hour);
  return hour;
}

/** The `count` local days before `day`, latest first. */
export function daysBefore(day: Period, count: number): Period[] {
  const days: Period[] = [];
  let end = day.start.getTime();
  for (let i = 0; i < count; i++) {
    const previous = periodsAt(new Date(end - 1), day.timeZone).daily;
    days.push(previous);
    end = previous.start.getTime();
  }
  return days;
}

/**
 * The baseline of `series` over the full local days before `today` (at most 7) that have history, ending
 * at `until` when given (the spike leaves out the hours it examines, so an hour is never its own usual).
 */
export function baselineOf(series: HourlySeries, today: Period, until?: number): Baseline {
  const first = series.firstHour;
  const historyDays = first === undefined ? [] : daysBefore(today, HISTORY_DAYS).filter((day) => day.end.getTime() > first);
  const days = historyDays.length;
  const from = days > 0 ? (historyDays[days - 1] as Period).start.getTime() : today.start.getTime();
  const to = Math.min(today.start.getTime(), until ?? Number.POSITIVE_INFINITY);
  const sums = new Array<bigint>(24).fill(0n);
  const counts = new Array<number>(24).fill(0);
  let total = 0n;
  let hours = 0;
  // Hours that start inside the window (in zones at a half-hour offset, an hour straddles two local hours).
  for (let hour = Math.ceil(from / HOUR_MS) * HOUR_MS; hour < to; hour += HOUR_MS) {
    const spend = series.at(hour);
    const counted = spend > 0n ? spend : 0n;
    const local = localHourOf(hour, today.timeZone);
    sums[local] = (sums[local] ?? 0n) + counted;
    counts[local] = (counts[local] ?? 0) + 1;
    total += counted;
    hours++;
  }
  return {
    days,
    from,
    to,
    meanAtLocalHour: (hour) => {
      const count = counts[hour] ?? 0;
      return count > 0 ? (sums[hour] ?? 0n) / BigInt(count) : 0n;
    },
    hourlyMean: hours > 0 ? total / BigInt(hours) : 0n,
    dailyMean: days > 0 ? total / BigInt(days) : 0n,
  };
}
