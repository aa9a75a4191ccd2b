/** Hourly series for the signal tests: spend per hour from a rule, fed through HourlySpend as Telnyx rows. */
import type { HourlySeries } from '../../functions/cost-alert/domain/hourly-baseline';
import { HourlySpend } from '../../functions/cost-alert/domain/hourly-series';
import { HOUR_MS } from '../../functions/cost-alert/domain/time';
import type { Threshold } from '../../functions/cost-alert/domain/types';
import type { UsageRow } from '../../functions/cost-alert/domain/usage';

export const NANO = 1_000_000_000n;
/** Whole or fractional units as nano-units: usd(9.6) === 9_600_000_000n (exact for the test's decimals). */
export const usd = (amount: number): bigint => BigInt(Math.round(amount * 1e6)) * 1000n;

/**
 * A series with one row per hour in [from, to) whose rule gives an amount (undefined: no row, as when
 * Telnyx has no usage that hour). `date_time` is written as Telnyx's sample does: 2026-11-26T14:00:00Z.
 */
export function seriesOf(from: string, to: string, rule: (hourStart: Date) => bigint | undefined, extra: UsageRow[] = []): HourlySpend {
  const rows: UsageRow[] = [];
  for (let hour = Date.parse(from); hour < Date.parse(to); hour += HOUR_MS) {
    const cost = rule(new Date(hour));
    if (cost === undefined) continue;
    rows.push({ product: 'messaging', values: { date_time: `${new Date(hour).toISOString().slice(0, 19)}Z`, currency: 'USD' }, cost });
  }
  const series = new HourlySpend();
  series.add([...rows, ...extra]);
  return series;
}

export function threshold(overrides: Partial<Threshold> = {}): Threshold {
  return {
    product: 'messaging',
    parameterName: '/telnyx-cost-alert/thresholds/messaging',
    warnAtPpm: [],
    currency: 'USD',
    filter: {},
    enabled: true,
    ...overrides,
  };
}

/** The hour of the day a clock in `timeZone` shows. */
export function localHour(at: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: 'numeric' }).format(at));
}

/**
 * The series as a check at `now` reads it: the hours before the current one whole, the current one so far (its
 * spend spread evenly over the hour), nothing after; the first hour only once it has begun.
 */
export function seenAt(spend: HourlySpend, now: Date, currency = 'USD'): HourlySeries {
  const instant = now.getTime();
  const current = Math.floor(instant / HOUR_MS) * HOUR_MS;
  return {
    at: (hour) => {
      if (hour > current) return 0n;
      const value = spend.at(hour, currency);
      return hour === current ? (value * BigInt(instant - current)) / BigInt(HOUR_MS) : value;
    },
    firstHour: spend.firstHour !== undefined && spend.firstHour <= instant ? spend.firstHour : undefined,
  };
}
