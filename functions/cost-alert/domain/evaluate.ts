/**
 * What counts as a breach: spend of a period, in the threshold's currency, at or above a level.
 * Levels of a limit L are a warning at floor(L x warnAt) for each warnAt, and critical at L itself.
 */
import type { Breach, Level, Period, PeriodKind, Threshold } from './types';
import type { UsageRow } from './usage';

const PPM = 1_000_000;
const PPM_BIG = 1_000_000n;

/**
 * The levels of `threshold` for a period kind, lowest first; empty when it sets no limit for that kind.
 * A warning that would sit at zero spend (a limit of a few nano-units) is left out: it would fire on no usage.
 */
export function levelsOf(threshold: Pick<Threshold, 'daily' | 'monthly' | 'warnAtPpm'>, kind: PeriodKind): Level[] {
  const limit = threshold[kind];
  if (limit === undefined) return [];
  const levels: Level[] = [];
  for (const ppm of threshold.warnAtPpm) {
    const at = (limit * BigInt(ppm)) / PPM_BIG;
    if (at > 0n) levels.push({ severity: 'warning', rankPpm: ppm, at });
  }
  levels.push({ severity: 'critical', rankPpm: PPM, at: limit });
  return levels;
}

/**
 * The highest level that `spendNanos` (in `threshold.currency`) reached in `period`, or undefined.
 * Reaching the limit exactly is critical. A disabled threshold never breaches.
 */
export function evaluate(threshold: Threshold, period: Period, spendNanos: bigint): Breach | undefined {
  if (!threshold.enabled) return undefined;
  const limit = threshold[period.kind];
  if (limit === undefined) return undefined;
  let reached: Level | undefined;
  for (const level of levelsOf(threshold, period.kind)) {
    if (spendNanos >= level.at && (reached === undefined || level.rankPpm > reached.rankPpm)) reached = level;
  }
  if (reached === undefined) return undefined;
  return {
    threshold,
    period,
    spend: { nanos: spendNanos, currency: threshold.currency },
    limit: { nanos: limit, currency: threshold.currency },
    level: reached,
  };
}

/**
 * Whether spend summed from an incomplete read may be alerted on as "at least this much". Only when none of
 * what was read carried a credit: with credits in the rows seen, the rows not seen may carry more, and the
 * sum is no lower bound. (Credits in products that could not be read at all cannot be seen; an alert from
 * an incomplete read says which products those are, in every body.)
 */
export function partialSpendIsLowerBound(tallies: ReadonlyArray<Pick<SpendTally, 'sawCredit'>>): boolean {
  return tallies.every((tally) => !tally.sawCredit);
}

/** A filter prepared for matching many rows: dimension names and wanted values, lower-cased once. */
interface PreparedFilter {
  readonly dimensions: readonly string[];
  readonly wanted: readonly string[];
}

function prepareFilter(filter: Readonly<Record<string, string>> | undefined): PreparedFilter {
  const entries = Object.entries(filter ?? {});
  return { dimensions: entries.map(([dimension]) => dimension), wanted: entries.map(([, value]) => value.toLowerCase()) };
}

function matchesPrepared(values: Readonly<Record<string, unknown>>, filter: PreparedFilter): boolean {
  for (let i = 0; i < filter.dimensions.length; i++) {
    const actual = values[filter.dimensions[i] as string];
    if (typeof actual !== 'string') return false;
    // Compare without allocating when the case already agrees (the usual case).
    const wanted = filter.wanted[i] as string;
    if (actual !== wanted && actual.toLowerCase() !== wanted) return false;
  }
  return true;
}

/**
 * True when every filtered dimension of the row has the wanted value. The comparison ignores case:
 * dimension values are enumerations ("outbound", "US") where case carries no meaning, and an operator who
 * writes "Outbound" must not silently match nothing. A dimension missing from the row does not match.
 */
export function matchesFilter(values: Readonly<Record<string, unknown>>, filter: Readonly<Record<string, string>>): boolean {
  return matchesPrepared(values, prepareFilter(filter));
}

/** `matchesFilter` for many rows: the filter prepared once. */
export function filterMatcher(filter: Readonly<Record<string, string>>): (values: Readonly<Record<string, unknown>>) => boolean {
  const prepared = prepareFilter(filter);
  return (values) => matchesPrepared(values, prepared);
}

/** Distinct values kept per filtered dimension (for the "filter matched nothing" message). */
export const VALUES_SEEN_MAX = 10;

/**
 * What to tell the operator when a threshold's filter matched none of a product's rows, or undefined when it
 * matched some (or there were none): `direction=outbond matched none of 2 rows; values seen: inbound, outbound`.
 */
export function describeFilterMiss(filter: Readonly<Record<string, string>>, filtered: SpendTally, rowsRead: number): string | undefined {
  if (Object.keys(filter).length === 0 || rowsRead === 0 || filtered.counted > 0) return undefined;
  return filterMissText(filter, rowsRead, (dimension) => filtered.valuesSeen.get(dimension));
}

/**
 * The one wording of a filter that matched none of `rows` rows, for the check and `thresholds validate` alike;
 * `valuesOf` gives the values seen of a filtered dimension.
 */
export function filterMissText(filter: Readonly<Record<string, string>>, rows: number, valuesOf: (dimension: string) => Iterable<string> | undefined): string {
  const dimensions = Object.keys(filter);
  const wanted = Object.entries(filter)
    .map(([dimension, value]) => `${dimension}=${value}`)
    .join(', ');
  const seenOf = (dimension: string) => [...(valuesOf(dimension) ?? [])].sort().join(', ') || '(none)';
  const seen = dimensions.length === 1 ? seenOf(dimensions[0] ?? '') : dimensions.map((dimension) => `${dimension}: ${seenOf(dimension)}`).join('; ');
  return `${wanted} matched none of ${rows} row${rows === 1 ? '' : 's'}; values seen: ${seen}`;
}

/** The currency of rows that carry none (the `currency` dimension was not requested or came back empty). */
export const NO_CURRENCY = '';

/**
 * Sums the cost of usage rows per currency, for hot paths (a month of a busy account: up to a million rows).
 * Rows arrive a page at a time and are not kept. Amounts of different currencies are never added together;
 * rows without a currency are summed under `NO_CURRENCY` so the caller can report them.
 */
export class SpendTally {
  private readonly sums = new Map<string, bigint>();
  private readonly filter: PreparedFilter;
  // The last currency text seen and its normalised form: rows of a page nearly always share one.
  private lastRawCurrency: unknown = undefined;
  private lastCurrency = NO_CURRENCY;

  /** Rows whose cost was summed. */
  counted = 0;
  /** Rows skipped because they did not match the filter. */
  filteredOut = 0;
  /** Rows skipped because they had no cost. */
  withoutCost = 0;
  /** Rows summed under `NO_CURRENCY`. */
  withoutCurrency = 0;
  /**
   * Distinct values of each filtered dimension among the rows the filter left out (at most
   * `VALUES_SEEN_MAX` each): when a filter matches nothing, these say what it could have matched.
   */
  readonly valuesSeen = new Map<string, Set<string>>();
  /** A counted row had a negative cost (a credit): a partial sum of these rows is no lower bound of the whole. */
  sawCredit = false;

  constructor(filter?: Readonly<Record<string, string>>) {
    this.filter = prepareFilter(filter);
  }

  add(rows: readonly UsageRow[]): void {
    const filtering = this.filter.dimensions.length > 0;
    // Sum runs of one currency locally and touch the map only when the currency changes.
    let runCurrency: string | undefined;
    let runSum = 0n;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as UsageRow;
      if (filtering && !matchesPrepared(row.values, this.filter)) {
        this.filteredOut++;
        this.noteValues(row.values);
        continue;
      }
      const cost = row.cost;
      if (cost === undefined) {
        this.withoutCost++;
        continue;
      }
      const currency = this.currencyOf(row.values.currency);
      if (currency !== runCurrency) {
        if (runCurrency !== undefined) this.credit(runCurrency, runSum);
        runCurrency = currency;
        runSum = 0n;
      }
      runSum += cost;
      if (cost < 0n) this.sawCredit = true;
      this.counted++;
    }
    if (runCurrency !== undefined) this.credit(runCurrency, runSum);
  }

  /** The sum in `currency` (upper case or not), 0n when no row had it. */
  total(currency: string): bigint {
    return this.sums.get(currency.toUpperCase()) ?? 0n;
  }

  /** Every currency seen, sorted; includes `NO_CURRENCY` when some rows had none. */
  currencies(): string[] {
    return [...this.sums.keys()].sort();
  }

  private noteValues(values: Readonly<Record<string, unknown>>): void {
    for (const dimension of this.filter.dimensions) {
      let seen = this.valuesSeen.get(dimension);
      if (!seen) {
        seen = new Set();
        this.valuesSeen.set(dimension, seen);
      }
      const value = values[dimension];
      const text = typeof value === 'string' ? value : '(none)';
      if (seen.size < VALUES_SEEN_MAX) seen.add(text);
    }
  }

  private credit(currency: string, amount: bigint): void {
    this.sums.set(currency, (this.sums.get(currency) ?? 0n) + amount);
  }

  private currencyOf(raw: unknown): string {
    if (raw === this.lastRawCurrency) {
      if (this.lastCurrency === NO_CURRENCY) this.withoutCurrency++;
      return this.lastCurrency;
    }
    const currency = typeof raw === 'string' ? raw.trim().toUpperCase() : NO_CURRENCY;
    this.lastRawCurrency = raw;
    this.lastCurrency = currency;
    if (currency === NO_CURRENCY) this.withoutCurrency++;
    return currency;
  }
}
