/**
 * The spike: an hour whose spend is far above the usual hourly spend (toll fraud overnight, SMS pumping,
 * a retry loop), at least `factor` times the usual and at least `minimumPerHour`, and unlike the hours of the
 * last week.
 *
 * - The hours examined are the current hour so far and the 6 complete hours before it. The current hour sees
 *   a burst within one check interval of it starting (its spend so far can only grow); the older ones are
 *   there for usage Telnyx reports late, which makes an hour read low at first and whole hours later.
 * - "Usual" for an hour is the largest of three (the first two from the history before the examined hours,
 *   hourly-baseline.ts, so that a spike is never part of its own usual):
 *   - the typical spend of that hour of the day (its mean over the last 7 days, the highest left out), so a
 *     business-hours pattern or a daily batch is its own usual;
 *   - a typical hour (the typical day over its hours), so an hour that is always quiet does not make ordinary
 *     traffic at an odd time look like 20 times its nothing;
 *   - the median of the 6 hours before it, so a level that has held for hours (a new steady load) is the new
 *     usual, not a spike again after midnight. A median: one burst among them does not raise it.
 * - How often hours that large happen: the largest hour of each of the last 7 days (24 hours each, counted back
 *   from the examined hours) is that day's peak. When peaks of at least half this hour's size came on two days
 *   or more, the hour is a habit: no spike. When one day's peak was about its size (half to twice), it is not
 *   news either, unless it is extreme (at least factor x factor times its usual, 25x by default): bursts that
 *   come now and then are not alarms, a repeat of a 30x hour the next day still is. One far larger hour (a
 *   one-off campaign) hides nothing.
 *
 * Worked example: messaging spent 1.00 USD in every hour of the last 7 days; between 13:00 and 14:00 today it
 * spent 30.00 USD. Usual = max(1.00, 1.00, 1.00) = 1.00 USD/h; 30.00 >= 5 x 1.00 and >= 5.00, and no day
 * peaked at 15.00 or more: a spike, "30x". With an 8.00 USD hour at random times on some of the last 7 days, an
 * 8.00 hour is 8x its usual, but a day peaked at about 8.00 and 8x is not extreme: no spike; 30.00 still is one.
 *
 * No spike without 24 observed hours of history (hours before a product's first usage row are unknown, not
 * zero; the limit still guards a new product); with history that is all zero, any hour at or above
 * `minimumPerHour` is one.
 */
import { baselineOf, type Baseline, type HourlySeries, localDayAt, localHourOf, MIN_HISTORY_HOURS } from './hourly-baseline';
import { HOUR_MS } from './time';
import { NANOS_PER_UNIT } from './money';
import type { Period, Threshold } from './types';

/** Complete hours examined before the current one (late usage). */
export const EXAMINED_HOURS_BEFORE = 6;
/** Hours before an examined hour whose median is its recent level. */
export const RECENT_HOURS = 6;
/** Hours "of about the same size" are within this factor of each other. */
const SIMILAR = 2n;

export interface SpikeInput {
  readonly threshold: Threshold;
  readonly now: Date;
  readonly timeZone: string;
  /** The threshold's hourly spend over (at least) the last 7 full days and today, in its currency. */
  readonly series: HourlySeries;
}

/** An hour of spend, for the table around a spike. */
export interface HourSpend {
  readonly start: Date;
  readonly spend: bigint;
  /** The typical spend of that hour of the day over the history (what it usually spends). */
  readonly sameHourMean: bigint;
}

/** An hour far above the usual. Amounts are nano-units of `currency`. */
export interface Spike {
  readonly threshold: Threshold;
  readonly currency: string;
  /** Start of the hour examined. */
  readonly hourStart: Date;
  /** End of what was read of it: the end of the hour, or the time of the check for the current hour. */
  readonly hourEnd: Date;
  /** True when the hour is the current one, so far. */
  readonly partial: boolean;
  /** True when the hour is the current one or the last complete one (older ones were reported late). */
  readonly latest: boolean;
  readonly spend: bigint;
  /** max(sameHourMean, hourlyMean, recentMedian). */
  readonly usual: bigint;
  /** The typical spend of this hour of the day: its mean over the history, the highest left out. */
  readonly sameHourMean: bigint;
  /** A typical hour: the sum of the 24 typical hours over the hours of the day. */
  readonly hourlyMean: bigint;
  /** The median of the 6 hours before it. */
  readonly recentMedian: bigint;
  /** The largest hour of the history's busiest day, and of its second-busiest day (by their largest hours). */
  readonly peakHour: bigint;
  readonly secondPeakHour: bigint;
  readonly factorNanos: bigint;
  readonly minimumPerHour: bigint;
  /** Spend over usual in tenths, rounded down (300 for 30x); undefined when the usual is zero. */
  readonly ratioTenths: bigint | undefined;
  readonly historyDays: number;
  /** The local day of the hour: a threshold has at most one spike alert a day. */
  readonly day: Period;
  /** The hours before it and up to now, oldest first. */
  readonly around: readonly HourSpend[];
  readonly checkedAt: Date;
}

/** Hours shown before the spike hour in messages. */
const HOURS_BEFORE = 5;

interface Candidate {
  readonly hour: number;
  readonly spend: bigint;
  readonly usual: Usual;
  readonly day: Period;
}

interface Usual {
  readonly usual: bigint;
  readonly sameHourMean: bigint;
  readonly recentMedian: bigint;
}

/** The spike of `input.threshold` at `input.now`, or undefined when there is none. */
export function spikeOf(input: SpikeInput): Spike | undefined {
  const { threshold, now, timeZone, series } = input;
  const settings = threshold.spike;
  if (!threshold.enabled || settings === undefined) return undefined;
  const current = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  const oldest = current - EXAMINED_HOURS_BEFORE * HOUR_MS;
  const baseline = baselineOf(series, localDayAt(now.getTime(), timeZone), oldest);
  if (baseline.hours < MIN_HISTORY_HOURS) return undefined;
  const [peakHour = 0n, secondPeakHour = 0n] = [...baseline.dailyPeaks].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));

  let best: Candidate | undefined;
  for (let hour = oldest; hour <= current; hour += HOUR_MS) {
    const spend = series.at(hour);
    if (spend < settings.minimumPerHour) continue;
    const usual = usualAt(series, baseline, hour, timeZone);
    if (spend * NANOS_PER_UNIT < settings.factorNanos * usual.usual) continue;
    const extreme = spend * NANOS_PER_UNIT * NANOS_PER_UNIT >= settings.factorNanos * settings.factorNanos * usual.usual;
    if (seenBefore(spend, peakHour, secondPeakHour, extreme)) continue;
    const day = localDayAt(hour, timeZone);
    if (best === undefined || isBetter({ hour, spend, usual, day }, best)) best = { hour, spend, usual, day };
  }
  if (best === undefined) return undefined;

  const around: HourSpend[] = [];
  for (let hour = best.hour - HOURS_BEFORE * HOUR_MS; hour <= current; hour += HOUR_MS) {
    around.push({ start: new Date(hour), spend: series.at(hour), sameHourMean: baseline.typicalAt(localHourOf(hour, timeZone)) });
  }
  const partial = best.hour === current;
  return {
    threshold,
    currency: threshold.currency,
    hourStart: new Date(best.hour),
    hourEnd: new Date(partial ? now.getTime() : best.hour + HOUR_MS),
    partial,
    latest: best.hour >= current - HOUR_MS,
    spend: best.spend,
    ...best.usual,
    hourlyMean: baseline.typicalHour,
    peakHour,
    secondPeakHour,
    factorNanos: settings.factorNanos,
    minimumPerHour: settings.minimumPerHour,
    ratioTenths: best.usual.usual > 0n ? (best.spend * 10n) / best.usual.usual : undefined,
    historyDays: baseline.days,
    day: best.day,
    around,
    checkedAt: now,
  };
}

/** The usual of `hour`: the largest of its hour of the day's typical spend, a typical hour and its recent median. */
function usualAt(series: HourlySeries, baseline: Baseline, hour: number, timeZone: string): Usual {
  const sameHourMean = baseline.typicalAt(localHourOf(hour, timeZone));
  const recent: bigint[] = [];
  for (let before = 1; before <= RECENT_HOURS; before++) {
    const spend = series.at(hour - before * HOUR_MS);
    recent.push(spend > 0n ? spend : 0n);
  }
  recent.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const middle = RECENT_HOURS / 2;
  const recentMedian = ((recent[middle - 1] ?? 0n) + (recent[middle] ?? 0n)) / 2n;
  const usual = [sameHourMean, baseline.typicalHour, recentMedian].reduce((max, value) => (value > max ? value : max));
  return { usual, sameHourMean, recentMedian };
}

/**
 * True when hours like `spend` happened in the history, so that it is not news: a day's largest hour was at
 * least half of it on two days or more (a habit); or on one day, of about its size (half to twice), and the hour
 * is not `extreme` (factor x factor times its usual). One far larger hour is a one-off and hides nothing.
 */
export function seenBefore(spend: bigint, peakHour: bigint, secondPeakHour: bigint, extreme: boolean): boolean {
  if (secondPeakHour * SIMILAR >= spend) return true;
  return !extreme && peakHour * SIMILAR >= spend && peakHour <= SIMILAR * spend;
}

/**
 * Which of two spike hours to report: the later local day first (a day's spike is one alert, so an earlier
 * day's hour, reported late, must not hide today's), then the larger spend, then the later hour.
 */
function isBetter(candidate: Candidate, best: Candidate): boolean {
  if (candidate.day.start.getTime() !== best.day.start.getTime()) return candidate.day.start.getTime() > best.day.start.getTime();
  if (candidate.spend !== best.spend) return candidate.spend > best.spend;
  return candidate.hour > best.hour;
}

/** How the usual was computed, in one line, for messages. */
export function usualMethod(spike: Pick<Spike, 'historyDays'>): string {
  const days = spike.historyDays === 1 ? 'the previous day' : `the previous ${spike.historyDays} days`;
  return (
    `The largest of this hour of the day's mean (its highest left out) and a typical hour over ${days}, and the median of the ${RECENT_HOURS} hours before;` +
    ' no earlier day had an hour of about this size, or the hour is extreme (factor x factor the usual).'
  );
}
