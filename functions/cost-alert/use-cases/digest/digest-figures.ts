/**
 * What the digest reads and how its figures come out of it: one hourly series per product over the month and
 * the 14 days before today, each threshold's share of its limit, and what could not be read.
 */
import { type DigestCalendar, type DigestInput, type DigestShare, type ProductDigest, productDigests } from '../../domain/digest-figures';
import type { HourlySpend } from '../../domain/hourly-series';
import { queryWindows } from '../../domain/periods';
import { type Threshold, TOTAL } from '../../domain/types';
import type { ProductOptions } from '../../domain/usage';
import { messageOf } from '../../domain/error-text';
import type { Run } from '../run';
import { type Filtered, hourlyRead, productFilter, type ReadResults, type UsageRead } from '../usage-reads';

/** A product's series as read. */
export interface ProductSeries {
  readonly product: string;
  readonly spend: Filtered<HourlySpend>;
}

/** What the reads gave: the series read, and each product not read with why. */
export interface DigestSeries {
  readonly read: readonly ProductSeries[];
  readonly notRead: ReadonlyMap<string, string>;
}

/** One hourly read per product with a cost. */
export function digestReads(
  options: readonly ProductOptions[],
  thresholds: readonly Threshold[],
  calendar: DigestCalendar,
): UsageRead<Filtered<HourlySpend>>[] {
  // Split only if the span exceeds the API's 31 days (a 31-day month with a DST change, widened to whole hours).
  const windows = queryWindows({ ...calendar.month, kind: 'monthly', start: calendar.window.start, end: calendar.window.end }, calendar.window.end);
  return options.map(({ product }) => hourlyRead(product, productFilter(thresholds, product), windows));
}

/** The series read; a failed read, or one with a `date_time` that cannot be read, is "not read" (a failure of the run, never a quiet day). */
export function digestSeries(run: Run, reads: readonly UsageRead<Filtered<HourlySpend>>[], usage: ReadResults): DigestSeries {
  const read: ProductSeries[] = [];
  const notRead = new Map<string, string>();
  for (const outcome of reads.map((each) => usage.of(each))) {
    const { product } = outcome.read;
    const { all } = outcome.value;
    if (outcome.ok && all.unparseable === 0) read.push({ product, spend: outcome.value });
    else if (outcome.ok)
      notRead.set(product, `${all.unparseable} usage row(s) have a date_time Telnyx did not write as ISO 8601 (e.g. "${all.firstUnparseable}")`);
    else notRead.set(product, messageOf(outcome.error));
  }
  const sorted = new Map([...notRead].sort(([a], [b]) => a.localeCompare(b)));
  for (const [product, reason] of sorted) {
    run.problem({ failure: `${product}: ${reason}` });
    run.deps.log.error('Could not read usage for the digest', { product, error: reason });
  }
  return { read: read.sort((a, b) => a.product.localeCompare(b.product)), notRead: sorted };
}

/** The digest's figures. */
export function digestInputOf(
  run: Run,
  calendar: DigestCalendar,
  thresholds: { valid: readonly Threshold[]; problem?: string },
  series: DigestSeries,
): DigestInput {
  const figures = series.read.flatMap((entry) => productDigests(entry.product, entry.spend.all, calendar));
  return {
    sentAt: new Date(run.deps.clock()),
    calendar,
    products: figures,
    quietProducts: series.read.filter((entry) => !figures.some((figure) => figure.product === entry.product)).map((entry) => entry.product),
    notRead: [...series.notRead.keys()],
    shares: thresholdShares(thresholds.valid, series.read, calendar, series.notRead.size === 0),
    monthlyTotal: monthlyTotalOf(thresholds.valid),
    thresholdsProblem: thresholds.problem,
  };
}

/** Each limit against the spend it watches: daily limits against yesterday, monthly against the month to date. */
function thresholdShares(
  thresholds: readonly Threshold[],
  reads: readonly ProductSeries[],
  calendar: DigestCalendar,
  everyProductRead: boolean,
): DigestShare[] {
  const shares: DigestShare[] = [];
  // Products by name, the total last: the order a reader scans for one product.
  const ordered = [...thresholds].sort((a, b) => Number(a.product === TOTAL) - Number(b.product === TOTAL) || a.product.localeCompare(b.product));
  for (const threshold of ordered) {
    const isTotal = threshold.product === TOTAL;
    const sources = isTotal
      ? reads.map((entry) => entry.spend.all)
      : reads.filter((entry) => entry.product === threshold.product).map((entry) => entry.spend.filtered);
    const figures: ProductDigest[] = sources
      .flatMap((spend) => productDigests(threshold.product, spend, calendar))
      .filter((figure) => figure.currency === threshold.currency);
    const complete = isTotal ? everyProductRead : sources.length > 0;
    for (const period of ['daily', 'monthly'] as const) {
      const limit = threshold[period];
      if (limit === undefined) continue;
      const spend = figures.reduce((sum, figure) => sum + (period === 'daily' ? (figure.days[figure.days.length - 1] ?? 0n) : figure.monthToDate), 0n);
      shares.push({ product: threshold.product, period, currency: threshold.currency, spend, limit, filter: threshold.filter, complete });
    }
  }
  return shares;
}

function monthlyTotalOf(thresholds: readonly Threshold[]): DigestInput['monthlyTotal'] {
  const total = thresholds.find((threshold) => threshold.product === TOTAL && threshold.monthly !== undefined);
  return total?.monthly === undefined ? undefined : { currency: total.currency, limit: total.monthly };
}
