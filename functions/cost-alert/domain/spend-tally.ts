/**
 * Spend summed from usage rows, per currency, as the check and the CLI count it; and what the sum can say
 * when some usage could not be read or a filter matched nothing.
 */
import { filterMissText, matchesPrepared, type PreparedFilter, prepareFilter } from './usage-filter';
import type { UsageRow } from './usage';

/**
 * Whether spend summed from an incomplete read may be alerted on as "at least this much". Only when none of
 * what was read carried a credit: with credits in the rows seen, the rows not seen may carry more, and the
 * sum is no lower bound. (Credits in products that could not be read at all cannot be seen; an alert from
 * an incomplete read says which products those are, in every body.)
 */
export function partialSpendIsLowerBound(tallies: ReadonlyArray<Pick<SpendTally, 'sawCredit'>>): boolean {
  return tallies.every((tally) => !tally.sawCredit);
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
