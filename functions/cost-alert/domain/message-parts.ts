/**
 * Phrases and blocks that every threshold alert (limit, forecast, spike) words alike: amounts, the filter, the
 * period, whether it has ended, and how to change the threshold.
 */
import { formatNanos, percentOf } from './money';
import { periodsAt } from './periods';
import type { Period, PeriodKind, Threshold } from './types';

/** The version of the JSON payload machine subscribers receive. */
export const PAYLOAD_VERSION = 1;

/** What a threshold alert is rendered with besides the finding itself. */
export interface BreachContext {
  readonly checkedAt: Date;
  /** The time zone the time of the check is shown in; default: the period's. */
  readonly timeZone?: string;
  /** Where the operator changes the threshold (`ThresholdStore.describe(product)`). */
  readonly parameterLocation: string;
  /**
   * Set when the spend comes from an incomplete read (some product, or the list of products, could not be
   * read): every body says so and names what was not read, and the alert is its own series (`|partial`).
   */
  readonly incomplete?: { readonly notRead: readonly string[] };
}

/** An amount to the nano-unit, for limits as the operator wrote them: '50 USD', '0.000000001 USD'. */
export function exactAmount(nanos: bigint, currency: string): string {
  return `${formatNanos(nanos)} ${currency}`;
}

/** Share of the limit, floored to a whole percent so that a warning never reads 100%. */
export function wholePercent(spend: bigint, limit: bigint): number {
  return Math.floor(percentOf(spend, limit));
}

/**
 * A limit SMS's figures: ` today 66.48 USD >= limit 50.00 USD (132%).` at the limit, ` today 45.00 USD = 90% of
 * limit 50.00 USD.` below it (the share floored to a whole percent).
 */
export function limitSmsFigures(when: string, spend: string, limit: string, floored: number, critical: boolean): string {
  return critical ? ` ${when} ${spend} >= limit ${limit} (${floored}%).` : ` ${when} ${spend} = ${floored}% of limit ${limit}.`;
}

/** ' (direction=outbound only)' after the product name of a filtered threshold; '' without a filter. */
export function filterText(threshold: Pick<Threshold, 'filter'>): string {
  const filter = Object.entries(threshold.filter);
  return filter.length > 0 ? ` (${filter.map(([dimension, wanted]) => `${dimension}=${wanted}`).join(', ')} only)` : '';
}

export function periodWord(kind: PeriodKind): string {
  return kind === 'daily' ? 'daily' : 'monthly';
}

export function describePeriod(period: Period): string {
  return `${period.kind === 'daily' ? 'day' : 'month'} ${period.key} (${period.timeZone})`;
}

/**
 * How an ended period is named: "yesterday, 2026-11-29" or "last month, 2026-10" when it is the one just
 * before the check's own day (month), else "the day 2026-11-27".
 */
export function endedPeriodName(period: Period, checkedAt: Date): string {
  const current = periodsAt(checkedAt, period.timeZone)[period.kind];
  const previous = periodsAt(new Date(current.start.getTime() - 1), period.timeZone)[period.kind];
  const daily = period.kind === 'daily';
  const word = previous.key === period.key ? (daily ? 'yesterday' : 'last month') : daily ? 'the day' : 'the month';
  return `${word}, ${period.key}`;
}

/** True when the period was over at the time of the check (evaluated for late usage during the grace time). */
export function hasEnded(period: Pick<Period, 'end'>, checkedAt: Date): boolean {
  return checkedAt.getTime() >= period.end.getTime();
}

/** "a", "a and b", "a, b and c". */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? 'some usage';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** SSM parameter names are absolute paths of these characters; a local file path has a dot somewhere. */
export function looksLikeSsmName(location: string): boolean {
  return /^\/[A-Za-z0-9_\-/]+$/.test(location);
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function changeHint(location: string, exampleValue: string): string[] {
  if (!looksLikeSsmName(location)) {
    return [`To change this threshold, edit ${location}, e.g. to ${exampleValue}`];
  }
  return [
    `To change this threshold, edit the SSM parameter ${location}, e.g.:`,
    `  aws ssm put-parameter --name ${location} --overwrite --value ${shellQuote(exampleValue)}`,
  ];
}
