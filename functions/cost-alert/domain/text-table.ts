/**
 * The one table layout of the domain's emails: rows of cells in aligned columns, in a monospace-friendly plain
 * text (the alert's `Label: value` block, the digest's figures). Widths count characters, not UTF-16 units,
 * so the digest's sparkline blocks (▁..█) and `·` take one column each.
 */

export interface ColumnLayout {
  /** Before every line; default two spaces. */
  readonly indent?: string;
  /** Between two cells; default two spaces. */
  readonly gap?: string;
}

/**
 * Rows of cells as aligned columns: the first left-aligned, the others right-aligned, except the last, which is
 * never padded. Empty cells at the end of a row are left out, so a line never ends in padding.
 */
export function columns(rows: ReadonlyArray<readonly string[]>, layout: ColumnLayout = {}): string[] {
  const { indent = '  ', gap = '  ' } = layout;
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, [...cell].length)));
  return rows.map((row) => {
    const shown = row.slice(0, lastFilled(row) + 1);
    const cells = shown.map((cell, index) => {
      if (index === row.length - 1) return cell;
      const pad = ' '.repeat((widths[index] ?? 0) - [...cell].length);
      if (index > 0) return pad + cell;
      return shown.length > 1 ? cell + pad : cell;
    });
    return indent + cells.join(gap);
  });
}

function lastFilled(row: readonly string[]): number {
  for (let index = row.length - 1; index > 0; index--) if (row[index] !== '') return index;
  return 0;
}

/** `Label: value` lines, the values aligned one space after the longest label's colon. */
export function table(rows: ReadonlyArray<readonly [string, string]>): string[] {
  return columns(
    rows.map(([label, value]) => [`${label}:`, value]),
    { indent: '', gap: ' ' },
  );
}
