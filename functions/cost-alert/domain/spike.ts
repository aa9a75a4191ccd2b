/**
 * The spike: an hour whose spend is far above the usual hourly spend (toll fraud overnight, SMS pumping,
 * a retry loop), at least `factor` times the usual and at least `minimumPerHour`.
 *
 * - The hour examined is the last complete clock hour, or the current hour so far, whichever spent more that
 *   qualifies. The current hour is seen within one check interval of a burst starting; its spend so far can only
 *   grow (and usage Telnyx reports late makes it, and the last complete hour, read low, never high).
 * - "Usual" is the larger of two means over the previous 7 days: that hour of the day (09:00-10:00 is compared
 *   with the 09:00 hours, so a business-hours pattern is its own usual), and all hours (so an hour that is
 *   always quiet does not make ordinary traffic at an odd time look like 20 times its nothing).
 *
 * Worked example: messaging spent 1.00 USD in every hour of the last 7 days; between 13:00 and 14:00 today it
 * spent 30.00 USD. Usual = max(1.00, 1.00) = 1.00 USD/h; 30.00 >= 5 x 1.00 and 30.00 >= 5.00: a spike, "30x".
 * With 8 busy hours a day at 6.00 USD (09:00-17:00) and none otherwise, 10:00-11:00 at 6.00 is 1x its usual
 * (the 10:00 mean is 6.00), and 03:00-04:00 at 6.00 is 3x the all-hours mean of 2.00: neither is a spike.
 *
 * No spike without at least one full day of history (the limit still guards a new product); with history that
 * is all zero, any hour at or above `minimumPerHour` is one.
 */
import { baselineOf, type HourlySeries, localHourOf } from './hourly-baseline';
import { HOUR_MS } from './hourly-series';
import { NANOS_PER_UNIT } from './money';
import { periodsAt } from './periods';
import type { Period, Threshold } from './types';

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
  /** The mean of that hour of the day over the history (what it usually spends). */
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
  readonly spend: bigint;
  /** max(sameHourMean, hourlyMean). */
  readonly usual: bigint;
  readonly sameHourMean: bigint;
  readonly hourlyMean: bigint;
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

/** The spike of `input.threshold` at `input.now`, or undefined when there is none. */
export function spikeOf(input: SpikeInput): Spike | undefined {
  const { threshold, now, timeZone, series } = input;
  const settings = threshold.spike;
  if (!threshold.enabled || settings === undefined) return undefined;
  const current = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  const lastComplete = current - HOUR_MS;
  const today = periodsAt(now, timeZone).daily;
  // The examined hours are left out of the history, so that a spike is never part of its own usual.
  const baseline = baselineOf(series, today, lastComplete);
  if (baseline.days === 0) return undefined;

  const usualAt = (hour: number) => {
    const sameHourMean = baseline.meanAtLocalHour(localHourOf(hour, timeZone));
    return { sameHourMean, usual: sameHourMean > baseline.hourlyMean ? sameHourMean : baseline.hourlyMean };
  };
  let best: { hour: number; spend: bigint; usual: bigint; sameHourMean: bigint } | undefined;
  for (const hour of [lastComplete, current]) {
    const spend = series.at(hour);
    const { usual, sameHourMean } = usualAt(hour);
    const qualifies = spend >= settings.minimumPerHour && spend * NANOS_PER_UNIT >= settings.factorNanos * usual;
    if (qualifies && (best === undefined || spend > best.spend)) best = { hour, spend, usual, sameHourMean };
  }
  if (best === undefined) return undefined;

  const around: HourSpend[] = [];
  for (let hour = best.hour - HOURS_BEFORE * HOUR_MS; hour <= current; hour += HOUR_MS) {
    around.push({ start: new Date(hour), spend: series.at(hour), sameHourMean: usualAt(hour).sameHourMean });
  }
  const partial = best.hour === current;
  return {
    threshold,
    currency: threshold.currency,
    hourStart: new Date(best.hour),
    hourEnd: new Date(partial ? now.getTime() : best.hour + HOUR_MS),
    partial,
    spend: best.spend,
    usual: best.usual,
    sameHourMean: best.sameHourMean,
    hourlyMean: baseline.hourlyMean,
    factorNanos: settings.factorNanos,
    minimumPerHour: settings.minimumPerHour,
    ratioTenths: best.usual > 0n ? (best.spend * 10n) / best.usual : undefined,
    historyDays: baseline.days,
    day: periodsAt(new Date(best.hour), timeZone).daily,
    around,
    checkedAt: now,
  };
}

/** How the usual was computed, in one line, for messages. */
export function usualMethod(spike: Pick<Spike, 'historyDays' | 'sameHourMean' | 'hourlyMean'>): string {
  const days = spike.historyDays === 1 ? 'the previous day' : `the previous ${spike.historyDays} days`;
  return `The larger of this hour of the day's mean and the mean of all hours, over ${days}.`;
}
