/**
 * The signal sweep: replays a traffic pattern (traffic-patterns.ts) with a check every 15 minutes for 28 days,
 * evaluates the forecast and the spike exactly as check/signals.ts does, and counts alerts the way the ledger
 * does: one per ledger key (forecastKey, spikeKey), at the first check that raised it.
 *
 * What a check at time t sees, as the real one would:
 * - the hourly series over the hourly read's window (from the start of the local day 7 days before today to t):
 *   complete hours, and the current hour so far (usage spread evenly over the hour); with late rows, only usage
 *   that happened before t minus the lag; an hour has a row once some of its usage is visible;
 * - the spend so far of the day and month from the same usage (the limit reads' exact windows, the same lag).
 */
import { forecastOf } from '../../functions/cost-alert/domain/forecast';
import { daysBefore, type HourlySeries, HISTORY_DAYS } from '../../functions/cost-alert/domain/hourly-baseline';
import { HOUR_MS } from '../../functions/cost-alert/domain/time';
import { periodsAt } from '../../functions/cost-alert/domain/periods';
import { forecastKey, spikeKey } from '../../functions/cost-alert/domain/signal-messages';
import { DEFAULT_SPIKE } from '../../functions/cost-alert/domain/signal-config';
import { spikeOf } from '../../functions/cost-alert/domain/spike';
import type { Period, Threshold } from '../../functions/cost-alert/domain/types';
import { threshold } from '../domain/signal-fixtures';
import { DATA_END, DATA_START, type TrafficPattern } from './traffic-patterns';

export const SWEEP_START = Date.parse('2026-03-08T00:00:00Z');
export const SWEEP_DAYS = 28;
export const CHECK_INTERVAL_MS = 15 * 60_000;
/** A scheduled run starts a little after its minute. */
const CHECK_OFFSET_MS = 20_000;

export interface Caught {
  /** The real change: a spike hour (ISO) or a day over its limit (local date). */
  readonly change: string;
  /** Checks from the first one at which the change could be seen to the alert; undefined when no alert came. */
  readonly latency: number | undefined;
}

export interface SweepOutcome {
  readonly pattern: string;
  readonly checks: number;
  readonly falseForecasts: readonly string[];
  readonly falseSpikes: readonly string[];
  readonly caught: readonly Caught[];
}

/** The usage of a pattern: spend between two instants as it was reported by `seenAt` (late rows), exact to the nano-unit per hour share. */
class Usage {
  private readonly prefix: bigint[] = [0n];

  constructor(private readonly pattern: TrafficPattern) {
    for (let hour = DATA_START; hour < DATA_END; hour += HOUR_MS) this.prefix.push((this.prefix.at(-1) ?? 0n) + (pattern.spend(hour) ?? 0n));
  }

  /** The hour's spend as reported by `seenAt` (undefined: no row yet). */
  hourAsSeen(hour: number, seenAt: number): bigint | undefined {
    const value = this.pattern.spend(hour);
    const seenMs = seenAt - this.pattern.lagMs - hour;
    // No Math.min here: a global lookup costs more than this in jest's sandbox, and this runs 1.5 million times.
    const visibleMs = seenMs < HOUR_MS ? seenMs : HOUR_MS;
    if (value === undefined || visibleMs <= 0) return undefined;
    return visibleMs === HOUR_MS ? value : (value * BigInt(visibleMs)) / BigInt(HOUR_MS);
  }

  /** Spend in [from, to), as reported by `seenAt` (to = seenAt for a read up to now). */
  between(from: number, to: number, seenAt = Number.POSITIVE_INFINITY): bigint {
    const end = Math.min(to, seenAt - this.pattern.lagMs);
    if (end <= from) return 0n;
    const firstFull = Math.ceil(from / HOUR_MS) * HOUR_MS;
    const lastFull = Math.floor(end / HOUR_MS) * HOUR_MS;
    if (firstFull > lastFull) return this.share(Math.floor(from / HOUR_MS) * HOUR_MS, from, end);
    const index = (hour: number) => (hour - DATA_START) / HOUR_MS;
    const full = (this.prefix[index(lastFull)] ?? 0n) - (this.prefix[index(firstFull)] ?? 0n);
    return this.share(firstFull - HOUR_MS, from, firstFull) + full + this.share(lastFull, lastFull, end);
  }

  private share(hour: number, from: number, to: number): bigint {
    if (to <= from) return 0n;
    return ((this.pattern.spend(hour) ?? 0n) * BigInt(to - from)) / BigInt(HOUR_MS);
  }
}

/** The hourly series a check at `now` reads: the window of check/signals.ts hourlyWindow, as reported by then. */
function seriesAt(usage: Usage, today: Period, now: number): HourlySeries {
  const windowStart = (daysBefore(today, HISTORY_DAYS).at(-1) ?? today).start.getTime();
  const firstInWindow = Math.floor(windowStart / HOUR_MS) * HOUR_MS;
  let firstHour: number | undefined;
  for (let hour = firstInWindow; hour < now; hour += HOUR_MS) {
    if (usage.hourAsSeen(hour, now) !== undefined) {
      firstHour = hour;
      break;
    }
  }
  return {
    at: (hour) => (hour < firstInWindow || hour >= now ? 0n : (usage.hourAsSeen(hour, now) ?? 0n)),
    firstHour,
  };
}

/** 1.25 x the largest true day (and month) of the sweep: no day or month of a quiet pattern ends within 80 % of its limit. */
function limitsOf(pattern: TrafficPattern, usage: Usage): { daily: bigint; monthly: bigint } {
  if (pattern.limits) return pattern.limits;
  let daily = 0n;
  let monthly = 0n;
  for (let day = 0; day <= SWEEP_DAYS; day++) {
    const periods = periodsAt(new Date(SWEEP_START + day * 86_400_000), pattern.timeZone);
    const dayTotal = usage.between(periods.daily.start.getTime(), periods.daily.end.getTime());
    const monthTotal = usage.between(periods.monthly.start.getTime(), periods.monthly.end.getTime());
    if (dayTotal > daily) daily = dayTotal;
    if (monthTotal > monthly) monthly = monthTotal;
  }
  return { daily: (daily * 5n) / 4n, monthly: (monthly * 5n) / 4n };
}

/** Replays `pattern`: every check of the sweep, its forecasts and spike, and what they got right and wrong. */
export function replay(pattern: TrafficPattern): SweepOutcome {
  const usage = new Usage(pattern);
  const limits = limitsOf(pattern, usage);
  const t: Threshold = threshold({ product: 'sweep', daily: limits.daily, monthly: limits.monthly, forecast: true, spike: DEFAULT_SPIKE });
  const checks = (SWEEP_DAYS * 86_400_000) / CHECK_INTERVAL_MS;
  const firstSeen = new Map<string, { check: number; period?: Period }>();
  const spikeDays = new Map<string, number>();
  let periods = periodsAt(new Date(SWEEP_START), pattern.timeZone);
  for (let check = 0; check < checks; check++) {
    const now = SWEEP_START + check * CHECK_INTERVAL_MS + CHECK_OFFSET_MS;
    // The day and month change only at a day's end; periodsAt at every check would cost more than the signals.
    if (now >= periods.daily.end.getTime()) periods = periodsAt(new Date(now), pattern.timeZone);
    const series = seriesAt(usage, periods.daily, now);
    for (const period of [periods.daily, periods.monthly]) {
      const spentSoFar = usage.between(period.start.getTime(), now, now);
      const forecast = forecastOf({ threshold: t, period, now: new Date(now), series, spentSoFar });
      if (forecast && !firstSeen.has(forecastKey(forecast))) firstSeen.set(forecastKey(forecast), { check, period });
    }
    const spike = spikeOf({ threshold: t, now: new Date(now), timeZone: pattern.timeZone, series });
    if (spike && !firstSeen.has(spikeKey(spike))) {
      firstSeen.set(spikeKey(spike), { check });
      spikeDays.set(spike.day.key, check);
    }
  }
  const falseForecasts = [...firstSeen]
    .filter(([key, seen]) => key.startsWith('forecast|') && seen.period)
    .filter(([, seen]) => usage.between(seen.period!.start.getTime(), seen.period!.end.getTime()) < t[seen.period!.kind]!)
    .map(([key]) => key);
  const realDays = new Set(pattern.realSpikes.map((hour) => periodsAt(new Date(hour), pattern.timeZone).daily.key));
  const falseSpikes = [...spikeDays.keys()].filter((day) => !realDays.has(day));
  const caught = [
    ...pattern.realSpikes.map((hour) => spikeCaught(pattern, usage, hour, spikeDays)),
    ...pattern.realForecastDays.map((day) => forecastCaught(pattern, usage, day, limits.daily, firstSeen)),
  ];
  return { pattern: pattern.name, checks, falseForecasts, falseSpikes, caught };
}

const checkAt = (check: number) => SWEEP_START + check * CHECK_INTERVAL_MS + CHECK_OFFSET_MS;
const checkCount = (SWEEP_DAYS * 86_400_000) / CHECK_INTERVAL_MS;

/** A spike could first be seen once the hour's reported spend reached the minimum and 5x the same hour a week before. */
function spikeCaught(pattern: TrafficPattern, usage: Usage, hour: number, spikeDays: ReadonlyMap<string, number>): Caught {
  const before = pattern.spend(hour - 7 * 24 * HOUR_MS) ?? 0n;
  const floor = DEFAULT_SPIKE.minimumPerHour > 5n * before ? DEFAULT_SPIKE.minimumPerHour : 5n * before;
  let visible: number | undefined;
  for (let check = 0; check < checkCount && visible === undefined; check++) {
    if ((usage.hourAsSeen(hour, checkAt(check)) ?? 0n) >= floor) visible = check;
  }
  const alerted = spikeDays.get(periodsAt(new Date(hour), pattern.timeZone).daily.key);
  return { change: new Date(hour).toISOString().slice(0, 16), latency: visible === undefined || alerted === undefined ? undefined : alerted - visible };
}

/** A day over its limit could first be seen once the spend so far plus the rest of the day at last week's pace reached the limit. */
function forecastCaught(
  pattern: TrafficPattern,
  usage: Usage,
  day: string,
  limit: bigint,
  firstSeen: ReadonlyMap<string, { check: number; period?: Period }>,
): Caught {
  let visible: number | undefined;
  for (let check = 0; check < checkCount && visible === undefined; check++) {
    const now = checkAt(check);
    const today = periodsAt(new Date(now), pattern.timeZone).daily;
    if (today.key !== day) continue;
    let projected = usage.between(today.start.getTime(), now, now);
    for (let hour = Math.ceil(now / HOUR_MS) * HOUR_MS; hour < today.end.getTime(); hour += HOUR_MS) projected += pattern.spend(hour - 7 * 24 * HOUR_MS) ?? 0n;
    if (projected >= limit) visible = check;
  }
  const alert = [...firstSeen].find(([key, seen]) => key.startsWith('forecast|') && seen.period?.kind === 'daily' && seen.period.key === day);
  return { change: day, latency: visible === undefined || alert === undefined ? undefined : alert[1].check - visible };
}
