/**
 * Suggestions for names an operator mistyped: a product, a threshold key, a currency, a filter dimension.
 * "did you mean ...?" is only offered when the name is close enough to be a likely typo.
 */

/** Edits (insert, delete, substitute, swap two neighbours) from `a` to `b`: the optimal string alignment distance. */
function editDistance(a: string, b: string): number {
  // rows[i][j]: distance between the first i letters of a and the first j of b.
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const above = rows[i - 1] ?? [];
      let distance = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) distance = Math.min(distance, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      row.push(distance);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? 0;
}

/**
 * The closest of `names` to `name`, when close enough to be a likely typo (by default up to a third of its
 * letters, at least 2). Among equally close names, the first of `preferred`, then the first in `names`, wins.
 */
export function closest(name: string, names: Iterable<string>, options: { maxDistance?: number; preferred?: readonly string[] } = {}): string | undefined {
  const lower = name.toLowerCase();
  const rank = (candidate: string) => {
    const index = options.preferred?.indexOf(candidate) ?? -1;
    return index === -1 ? Number.POSITIVE_INFINITY : index;
  };
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of names) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance || (distance === bestDistance && best !== undefined && rank(candidate) < rank(best))) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= (options.maxDistance ?? Math.max(2, Math.floor(name.length / 3))) ? best : undefined;
}
