/**
 * What "usual" spend is, for the forecast and the spike: the history of the hourly series, read the same way
 * by both signals, in a form that one unusual hour cannot move.
 *
 * - History is observed hours only: it starts at the first usage row of the series (the hours before a
 *   product's first use are unknown, not zero) and at most 7 local days before today. A signal needs at least
 *   24 observed hours (`MIN_HISTORY_HOURS`): less is not a day's cycle.
 * - Within the history, an hour without a row is an hour that spent nothing: the calendar, not the data, says
 *   which hours there were. An hour with a net credit counts as zero: a refund is not usage and does not repeat.
 * - Hours are grouped by their local hour of the day (DST: a 25-hour day has two hours numbered 01, a 23-hour
 *   day none numbered 02). The typical spend of a local hour is the mean of its hours with the highest one left
 *   out (a trimmed mean): for 7 days, (sum - max) / 6. One 300 USD hour in a 2 USD/h week leaves every typical
 *   hour at 2, where a plain mean would make that hour 44.57. Unlike a median, it keeps a weekly shape: five
 *   weekdays at w and a weekend at e give (4w + 2e) / 6, close to the week's mean, not w.
 * - A typical day is the sum of the 24 typical hours; a typical hour, that day over the hours it has.
 * - The daily peaks are the largest hour of each 24 hours counted back from the end of the history: the spike
 *   asks how often hours of some size happen.
 *
 * Exact: sums and divisions of integer nano-units (a division rounds down, to the nano-unit).
 */
import type { HourlySpend } from './hourly-series';
import { HOUR_MS } from './time';
import { periodsAt } from './periods';
import type { Period } from './types';

/** The most days of history the signals look at. */
export const HISTORY_DAYS = 7;
/** The least history, in observed hours, that a forecast or a spike needs: one full daily cycle. */
export const MIN_HISTORY_HOURS = 24;
const BLOCK_MS = 24 * HOUR_MS;

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
  /** Local days before today with observed history (0 to 7; the first may be partial). */
  readonly days: number;
  /** Observed hours of history: those starting in [from, to). */
  readonly hours: number;
  readonly from: number;
  readonly to: number;
  /** The typical spend of the hours numbered `hour` (0-23, local); 0 when no such hour was observed. */
  typicalAt(hour: number): bigint;
  /** The sum of the typical spend of every local hour. */
  readonly typicalDay: bigint;
  /** The typical day over the local hours observed. */
  readonly typicalHour: bigint;
  /** The largest hour (credits as zero) of each 24 hours counted back from `to`, latest first. */
  readonly dailyPeaks: readonly bigint[];
}

// One formatter per zone: building one costs tens of microseconds.
const hourFormatters = new Map<string, Intl.DateTimeFormat>();
// Every signal of a run asks for the same ~190 hours; formatting one costs a few microseconds.
const localHours = new Map<string, Map<number, number>>();
const LOCAL_HOURS_KEPT = 10_000;

/** The hour of the day (0-23) a clock in `timeZone` shows at `instant`. */
export function localHourOf(instant: number, timeZone: string): number {
  let known = localHours.get(timeZone);
  const hour = known?.get(instant);
  if (hour !== undefined) return hour;
  let formatter = hourFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: 'numeric' });
    hourFormatters.set(timeZone, formatter);
  }
  const computed = Number(formatter.formatToParts(instant).find((part) => part.type === 'hour')?.value ?? 0);
  if (!known || known.size >= LOCAL_HOURS_KEPT) localHours.set(timeZone, (known = new Map()));
  known.set(instant, computed);
  return computed;
}

// The local day of the last lookup in each zone: every signal of a run asks for the same day.
const lastDay = new Map<string, Period>();

/** The local day in `timeZone` that contains `instant` (periodsAt's, remembered per zone). */
export function localDayAt(instant: number, timeZone: string): Period {
  const known = lastDay.get(timeZone);
  if (known && known.start.getTime() <= instant && instant < known.end.getTime()) return known;
  const day = periodsAt(new Date(instant), timeZone).daily;
  lastDay.set(timeZone, day);
  return day;
}

// Finding a local day costs a few time-zone lookups; every signal of a run asks for the same 7 days.
const previousDays = new Map<string, readonly Period[]>();
const PREVIOUS_DAYS_KEPT = 1_000;

/** The `count` local days before `day`, latest first (a new array: callers may reorder it). */
export function daysBefore(day: Period, count: number): Period[] {
  const key = `${day.timeZone}|${day.start.getTime()}|${count}`;
  const known = previousDays.get(key);
  if (known) return [...known];
  const days: Period[] = [];
  let end = day.start.getTime();
  for (let i = 0; i < count; i++) {
    const previous = periodsAt(new Date(end - 1), day.timeZone).daily;
    days.push(previous);
    end = previous.start.getTime();
  }
  if (previousDays.size >= PREVIOUS_DAYS_KEPT) previousDays.clear();
  previousDays.set(key, days);
  return [...days];
}

/** Per local hour of the day: the sum, the largest and the number of its observed hours. */
class HourOfDayStats {
  private readonly sums = new Array<bigint>(24).fill(0n);
  private readonly maxima = new Array<bigint>(24).fill(0n);
  private readonly counts = new Array<number>(24).fill(0);

  add(hour: number, spend: bigint): void {
    this.sums[hour] = (this.sums[hour] ?? 0n) + spend;
    if (spend > (this.maxima[hour] ?? 0n)) this.maxima[hour] = spend;
    this.counts[hour] = (this.counts[hour] ?? 0) + 1;
  }

  /** Per local hour: the mean without the highest value; the value itself when there is only one; 0 when none. */
  typicals(): bigint[] {
    return this.sums.map((sum, hour) => {
      const count = this.counts[hour] ?? 0;
      return count <= 1 ? sum : (sum - (this.maxima[hour] ?? 0n)) / BigInt(count - 1);
    });
  }

  observedHoursOfDay(): number {
    return this.counts.filter((count) => count > 0).length;
  }
}

/**
 * The baseline of `series` over its observed hours from at most 7 local days before `today` up to `until`
 * (default: the start of today; the spike passes the first hour it examines, so that an hour is never its own usual).
 */
export function baselineOf(series: HourlySeries, today: Period, until: number = today.start.getTime()): Baseline {
  const previous = daysBefore(today, HISTORY_DAYS);
  const windowStart = (previous.at(-1) ?? today).start.getTime();
  const first = series.firstHour ?? Number.POSITIVE_INFINITY;
  const from = Math.max(windowStart, first);
  const to = until;
  const stats = new HourOfDayStats();
  const dailyPeaks: bigint[] = [];
  let hours = 0;
  // Hours that start inside the window (in zones at a half-hour offset, an hour straddles two local hours).
  // No global (Math) lookups in the loop: in a sandboxed context (jest's) each one costs more than the loop's work.
  for (let hour = Math.ceil(from / HOUR_MS) * HOUR_MS; hour < to; hour += HOUR_MS) {
    const spend = series.at(hour);
    const counted = spend > 0n ? spend : 0n;
    stats.add(localHourOf(hour, today.timeZone), counted);
    const block = ((to - 1 - hour) / BLOCK_MS) | 0;
    while (dailyPeaks.length <= block) dailyPeaks.push(0n);
    if (counted > (dailyPeaks[block] ?? 0n)) dailyPeaks[block] = counted;
    hours++;
  }
  const typicals = stats.typicals();
  const typicalDay = typicals.reduce((sum, typical) => sum + typical, 0n);
  const hoursOfDay = stats.observedHoursOfDay();
  return {
    days: previous.filter((day) => day.end.getTime() > from && day.start.getTime() < to).length,
    hours,
    from,
    to,
    typicalAt: (hour) => typicals[hour] ?? 0n,
    typicalDay,
    typicalHour: hoursOfDay > 0 ? typicalDay / BigInt(hoursOfDay) : 0n,
    dailyPeaks,
  };
}
