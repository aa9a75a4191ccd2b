/**
 * The balance rule: when a prepaid account's available credit is too low. Calls and messages stop when it runs
 * out, so the credit is judged three ways, each a level of the `balance` threshold (balance-threshold.ts):
 *
 * - `minimum`: a critical when the available credit is below it;
 * - `warnBelow`: a warning when it is below it (the minimum, when also crossed, speaks instead);
 * - `runwayHours`: a warning when, at the pace of the last 24 hours, the credit lasts fewer hours than that.
 *
 * The pace is the spend of every product with a cost over the 24 whole hours before the current one (a partial
 * hour would read low), in the balance's currency. No spend, or a pace not read completely, means no runway
 * alert: a pace summed from part of the products would make the credit look longer-lasting than it is, or (with
 * credits among the rows) shorter, and neither may alert. A balance in another currency than the threshold's
 * is compared with nothing. Everything in integers: nano-units, hours rounded down.
 */
import { HOUR_MS } from './time';
import type { BalanceSettings } from './types';

/** The account's balance as Telnyx reports it (`GET /v2/balance`), amounts in nano-units of `currency`. */
export interface AccountBalance {
  /** What can still be spent: the balance plus the credit limit. */
  readonly available: bigint;
  readonly currency: string;
  /** Undefined when Telnyx did not say. */
  readonly balance?: bigint;
  readonly creditLimit?: bigint;
  readonly pending?: bigint;
}

/** Hours the pace is taken over. */
export const PACE_HOURS = 24;
/** The furthest run-out time worth naming: past it the credit lasts "more than a year". */
const RUN_OUT_HORIZON_MS = 366 * 24 * HOUR_MS;

/** The spend of every product with a cost over [from, to) in the balance's currency. */
export interface Pace {
  readonly spend: bigint;
  readonly from: Date;
  readonly to: Date;
}

/** What the runway could be judged from. */
export type PaceReading =
  /** The threshold has no `runwayHours`: the hourly usage was not read for it. */
  | { readonly status: 'not-asked' }
  | { readonly status: 'read'; readonly pace: Pace }
  /** Some of the products (or their list) could not be read: no runway this time. */
  | { readonly status: 'incomplete'; readonly notRead: readonly string[] };

/** How long the available credit lasts at a pace. */
export interface Runway {
  /** Spend per hour at the pace, rounded down to the nano-unit. */
  readonly perHour: bigint;
  /** Whole hours the credit lasts, rounded down (0 when it is gone). */
  readonly hoursLeft: bigint;
  /** When it would run out; undefined when that is more than a year away. */
  readonly runsOutAt?: Date;
}

/** The 24 whole hours before the hour that contains `now`. */
export function paceWindow(now: Date): { readonly from: Date; readonly to: Date } {
  const to = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  return { from: new Date(to - PACE_HOURS * HOUR_MS), to: new Date(to) };
}

/** The runway of `available` credit at `pace`; undefined without spend (no pace, no runway). */
export function runwayOf(available: bigint, pace: Pace, now: Date): Runway | undefined {
  if (pace.spend <= 0n) return undefined;
  const hours = BigInt(PACE_HOURS);
  const left = available > 0n ? available : 0n;
  const msLeft = (left * hours * BigInt(HOUR_MS)) / pace.spend;
  return {
    perHour: pace.spend / hours,
    hoursLeft: (left * hours) / pace.spend,
    ...(msLeft <= BigInt(RUN_OUT_HORIZON_MS) ? { runsOutAt: new Date(now.getTime() + Number(msLeft)) } : {}),
  };
}

/** True when the credit lasts fewer than `runwayHours` at the pace, compared exactly (not through the rounded hours). */
export function runwayIsShort(available: bigint, pace: Pace, runwayHours: number): boolean {
  if (pace.spend <= 0n) return false;
  const left = available > 0n ? available : 0n;
  return left * BigInt(PACE_HOURS) < BigInt(runwayHours) * pace.spend;
}

/** A level the credit is below. */
export interface CreditLevel {
  readonly kind: 'minimum' | 'warnBelow';
  readonly severity: 'critical' | 'warning';
  /** The level's amount, nano-units of the threshold's currency. */
  readonly amount: bigint;
}

export type BalanceVerdict =
  | { readonly kind: 'currency-mismatch'; readonly balanceCurrency: string; readonly thresholdCurrency: string }
  | {
      readonly kind: 'judged';
      /** The highest credit level crossed: the minimum over warnBelow. */
      readonly level?: CreditLevel;
      readonly runway?: Runway;
      /** The runway is shorter than `runwayHours` (a warning of its own). */
      readonly runwayShort: boolean;
    };

export interface BalanceCase {
  readonly settings: BalanceSettings;
  /** The threshold's currency (default USD). */
  readonly currency: string;
  readonly balance: AccountBalance;
  readonly pace: PaceReading;
  readonly now: Date;
}

/** The levels the available credit crossed, and its runway. */
export function judgeBalance({ settings, currency, balance, pace, now }: BalanceCase): BalanceVerdict {
  if (balance.currency !== currency) return { kind: 'currency-mismatch', balanceCurrency: balance.currency, thresholdCurrency: currency };
  const { minimum, warnBelow, runwayHours } = settings;
  let level: CreditLevel | undefined;
  if (minimum !== undefined && balance.available < minimum) level = { kind: 'minimum', severity: 'critical', amount: minimum };
  else if (warnBelow !== undefined && balance.available < warnBelow) level = { kind: 'warnBelow', severity: 'warning', amount: warnBelow };
  const runway = pace.status === 'read' ? runwayOf(balance.available, pace.pace, now) : undefined;
  const runwayShort = pace.status === 'read' && runwayHours !== undefined && runwayIsShort(balance.available, pace.pace, runwayHours);
  return { kind: 'judged', ...(level ? { level } : {}), ...(runway ? { runway } : {}), runwayShort };
}
