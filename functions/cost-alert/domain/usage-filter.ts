/**
 * A threshold's filter over usage rows (`{"direction": "outbound"}`): which rows it matches, and how to tell an
 * operator that it matched none of them (a misspelt value reads as a quiet day).
 */

/** A filter prepared for matching many rows: dimension names and wanted values, lower-cased once. */
export interface PreparedFilter {
  readonly dimensions: readonly string[];
  readonly wanted: readonly string[];
}

export function prepareFilter(filter: Readonly<Record<string, string>> | undefined): PreparedFilter {
  const entries = Object.entries(filter ?? {});
  return { dimensions: entries.map(([dimension]) => dimension), wanted: entries.map(([, value]) => value.toLowerCase()) };
}

export function matchesPrepared(values: Readonly<Record<string, unknown>>, filter: PreparedFilter): boolean {
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

/**
 * Which values a filter's dimensions take in some usage rows, to tell an operator that a filter matches nothing
 * (a misspelt value reads as a quiet day): `direction=outbond matched none of 2 rows; values seen: inbound, outbound`.
 * Rows arrive a page at a time; only the distinct values are kept.
 */
export class FilterValuesSeen {
  rows = 0;
  matched = 0;
  private readonly seen = new Map<string, Set<string>>();
  private readonly matches: (values: Readonly<Record<string, unknown>>) => boolean;

  constructor(readonly filter: Readonly<Record<string, string>>) {
    for (const dimension of Object.keys(filter)) this.seen.set(dimension, new Set());
    this.matches = filterMatcher(filter);
  }

  add(rows: ReadonlyArray<{ readonly values: Readonly<Record<string, unknown>> }>): void {
    for (const row of rows) {
      this.rows++;
      if (this.matches(row.values)) this.matched++;
      for (const [dimension, values] of this.seen) {
        const value = row.values[dimension];
        if (typeof value === 'string' && value !== '') values.add(value);
      }
    }
  }

  /** The message when there were rows and the filter matched none of them; undefined otherwise. */
  unmatched(): string | undefined {
    if (this.rows === 0 || this.matched > 0) return undefined;
    return filterMissText(this.filter, this.rows, (dimension) => this.seen.get(dimension));
  }
}
