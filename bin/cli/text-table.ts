/** Plain aligned text columns for a terminal: no borders, two spaces between columns. */

export type Alignment = 'left' | 'right';

export interface Column {
  readonly header: string;
  readonly align?: Alignment;
}

/** Rows under a header and a dashed rule; each line ends with a newline, without trailing spaces. */
export function formatTable(columns: readonly Column[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = columns.map((column, index) => Math.max(column.header.length, ...rows.map((row) => (row[index] ?? '').length)));
  const line = (cells: readonly string[]) =>
    columns
      .map((column, index) => {
        const cell = cells[index] ?? '';
        const width = widths[index] ?? 0;
        return column.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((column) => column.header)), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)]
    .map((text) => `${text}\n`)
    .join('');
}
