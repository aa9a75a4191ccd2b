/**
 * The daily digest's figures: which days it covers, and each product's (and each currency's total) spend
 * yesterday, over the week before, the month to date and its projection to the month's end.
 *
 * The digest reports on full local days only: "yesterday" is the last local day that has ended when it is
 * sent, and the month to date runs from the first of yesterday's month through yesterday (on the 1st it is
 * last month's final figure). Figures come from one hourly series per product (`HourlySpend`), bucketed into
 * local days by the hour's start; in a zone with a half-hour offset (Asia/Kolkata) a local day is therefore
 * read as the UTC hours that start in it, so up to 30 minutes of usage at each local midnight falls on the
 * neighbouring day. Amounts are exact (bigint nano-units); currencies are never added together.
 */
import type { DigestAccounts } from './digest-accounts';
import type { DigestBalance } from './digest-balance';
import { daysBefore } from './hourly-baseline';
import type { HourlySpend } from './hourly-series';
import { periodsAt } from './periods';
import { HOUR_MS } from './time';
import type { Period } from './types';

/** Days drawn in the sparkline; they also hold the two 7-day averages. */
export const SPARKLINE_DAYS = 14;
/** Days averaged for the change against the usual day and for the month-end forecast. */
export const AVERAGE_DAYS = 7;

/** The days a digest sent at `now` covers, and the one usage window that reads them all. */
export interface DigestCalendar {
  readonly timeZone: string;
  /** The local day the digest is sent (its ledger key). */
  readonly today: Period;
  /** The last full local day: what "yesterday" figures are. */
  readonly yesterday: Period;
  /** The last `SPARKLINE_DAYS` full local days, oldest first (the last one is yesterday). */
  readonly days: readonly Period[];
  /** Yesterday's month: its month to date runs from `month.start` through yesterday. */
  readonly month: Period;
  /** Days of that month after yesterday (0 on the 1st: the month has ended). */
  readonly daysLeftInMonth: number;
  /**
   * From the earlier of the first sparkline day and the first of the month to the end of yesterday, widened
   * to whole UTC hours (the series is hourly; an hour is read whole and belongs to the local day it starts in).
   */
  readonly window: { readonly start: Date; readonly end: Date };
}

export function digestCalendar(now: Date, timeZone: string): DigestCalendar {
  const today = periodsAt(now, timeZone).daily;
  const days = daysBefore(today, SPARKLINE_DAYS).reverse();
  const yesterday = days[days.length - 1] ?? today;
  const month = periodsAt(yesterday.start, timeZone).monthly;
  const [year, monthNumber, dayOfMonth] = yesterday.key.split('-').map(Number) as [number, number, number];
  const daysInMonth = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
  const first = Math.min(days[0]?.start.getTime() ?? yesterday.start.getTime(), month.start.getTime());
  return {
    timeZone,
    today,
    yesterday,
    days,
    month,
    daysLeftInMonth: daysInMonth - dayOfMonth,
    window: {
      start: new Date(Math.floor(first / HOUR_MS) * HOUR_MS),
      end: new Date(Math.ceil(today.start.getTime() / HOUR_MS) * HOUR_MS),
    },
  };
}

/** One product's figures in one currency. */
export interface ProductDigest {
  readonly product: string;
  readonly currency: string;
  /** Spend per sparkline day, aligned with `DigestCalendar.days` (the last is yesterday). */
  readonly days: readonly bigint[];
  /** From the first of yesterday's month through yesterday. */
  readonly monthToDate: bigint;
}

/**
 * The figures of one product, one per currency it has spend in over the window: a currency whose rows add up to
 * nothing on every day shown and in the month (rows of zero cost) is left out, so it shows nowhere as 0.00.
 */
export function productDigests(product: string, spend: HourlySpend, calendar: DigestCalendar): ProductDigest[] {
  const { window, timeZone, days, month, yesterday } = calendar;
  return spend
    .currencies()
    .map((currency) => {
      const byDay = spend.byLocalDay(currency, timeZone, window.start.getTime(), window.end.getTime());
      let monthToDate = 0n;
      for (const [key, nanos] of byDay) if (key.startsWith(`${month.key}-`) && key <= yesterday.key) monthToDate += nanos;
      return { product, currency, days: days.map((day) => byDay.get(day.key) ?? 0n), monthToDate };
    })
    .filter((digest) => digest.monthToDate !== 0n || digest.days.some((nanos) => nanos !== 0n));
}

/** Spend of one currency summed over the products given (never across currencies). */
export function sumDigests(product: string, currency: string, digests: readonly ProductDigest[], dayCount = SPARKLINE_DAYS): ProductDigest {
  const days: bigint[] = new Array<bigint>(dayCount).fill(0n);
  let monthToDate = 0n;
  for (const digest of digests) {
    if (digest.currency !== currency) continue;
    digest.days.forEach((nanos, index) => (days[index] = (days[index] ?? 0n) + nanos));
    monthToDate += digest.monthToDate;
  }
  return { product, currency, days, monthToDate };
}

/**
 * The month-end forecast: the trailing full days' daily average (up to 7 days) times the days left in the
 * month, plus the month to date. None without at least one full day of history. Rounded to the nano-unit.
 * Not the alerting forecast's method (domain/forecast.ts, via hourly-baseline.ts): that one counts an hour of
 * net credit as zero, starts history at the first usage row and projects today hour by hour; the digest sums
 * whole days as they were, credits included, for a reader of last week's figures.
 */
export function projectMonthEnd(monthToDate: bigint, trailingFullDays: readonly bigint[], daysLeftInMonth: number): bigint | undefined {
  const history = trailingFullDays.slice(-AVERAGE_DAYS);
  if (history.length === 0) return undefined;
  const sum = history.reduce((total, nanos) => total + nanos, 0n);
  return monthToDate + divideRounded(sum * BigInt(daysLeftInMonth), BigInt(history.length));
}

/** A threshold's limit beside the spend it is compared with in the digest. */
export interface DigestShare {
  readonly product: string;
  readonly period: 'daily' | 'monthly';
  readonly currency: string;
  readonly spend: bigint;
  readonly limit: bigint;
  readonly filter: Readonly<Record<string, string>>;
  /** False when some usage behind it could not be read (the spend is a lower bound). */
  readonly complete: boolean;
}

export interface DigestInput {
  readonly sentAt: Date;
  readonly calendar: DigestCalendar;
  /** Products read, with their figures per currency (products with no spend have none). */
  readonly products: readonly ProductDigest[];
  /** Products read that had no spend at all over the window. */
  readonly quietProducts: readonly string[];
  /** Products whose usage could not be read. */
  readonly notRead: readonly string[];
  /** Thresholds' shares: daily limits against yesterday, monthly limits against the month to date. */
  readonly shares: readonly DigestShare[];
  /** The monthly `total` limit, for the SMS ("28% of 1500.00"), if there is one. */
  readonly monthlyTotal?: { readonly currency: string; readonly limit: bigint };
  /** Why there is no threshold section, when thresholds could not be read. */
  readonly thresholdsProblem?: string;
  /** "Top managed accounts yesterday", when a threshold has `managedAccounts` (digest-accounts.ts). */
  readonly accounts?: DigestAccounts;
  /** The available credit, when a `balance` threshold exists. */
  readonly balance?: DigestBalance;
}

/** The figures of one product or total, as the digest shows them. */
export interface DigestLine {
  readonly name: string;
  readonly currency: string;
  readonly yesterday: bigint;
  /** Sum of the 7 days before yesterday. */
  readonly previousWeek: bigint;
  readonly monthToDate: bigint;
  readonly forecast?: bigint;
  readonly days: readonly bigint[];
}

function lineOf(digest: ProductDigest, calendar: DigestCalendar): DigestLine {
  const yesterday = digest.days[digest.days.length - 1] ?? 0n;
  const previousWeek = digest.days.slice(-AVERAGE_DAYS - 1, -1).reduce((sum, nanos) => sum + nanos, 0n);
  const forecast = calendar.daysLeftInMonth > 0 ? projectMonthEnd(digest.monthToDate, digest.days, calendar.daysLeftInMonth) : undefined;
  return { name: digest.product, currency: digest.currency, yesterday, previousWeek, monthToDate: digest.monthToDate, forecast, days: digest.days };
}

function currenciesOf(products: readonly ProductDigest[]): string[] {
  return [...new Set(products.map((product) => product.currency))].sort();
}

/** The quotient rounded to the nearest integer, halves away from zero. */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (n * 2n + d) / (d * 2n);
  return negative ? -quotient : quotient;
}

/** Yesterday against the average of the 7 days before it, in whole percent (rounded); undefined without a positive average. */
export function changeAgainstAverage(yesterday: bigint, previousWeek: bigint): number | undefined {
  if (previousWeek <= 0n) return undefined;
  return Number(divideRounded((yesterday * BigInt(AVERAGE_DAYS) - previousWeek) * 100n, previousWeek));
}

/** The average day of the 7 days before yesterday, rounded to the nano-unit. */
export function previousDayAverage(line: Pick<DigestLine, 'previousWeek'>): bigint {
  return divideRounded(line.previousWeek, BigInt(AVERAGE_DAYS));
}

/** The largest of some days' spend; 0 when none is positive. */
export function largestDay(days: readonly bigint[]): bigint {
  return days.reduce((top, nanos) => (nanos > top ? nanos : top), 0n);
}

/** Every line of a digest: one per product and currency, and one total per currency (sorted by code). */
export function digestLines(input: Pick<DigestInput, 'calendar' | 'products'>): { lines: DigestLine[]; totals: DigestLine[]; currencies: string[] } {
  const { calendar, products } = input;
  const currencies = currenciesOf(products);
  return {
    lines: products.map((product) => lineOf(product, calendar)),
    totals: currencies.map((currency) => lineOf(sumDigests('Total', currency, products, calendar.days.length), calendar)),
    currencies,
  };
}
