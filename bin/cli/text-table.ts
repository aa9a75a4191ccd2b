/** Plain aligned text columns for a terminal: no borders, two spaces between columns. */

export type Alignment = 'left' | 'right';

export interface Column {
  readonly header: string;
  readonly align?: Alignment;
}

/** Restyles a padded body cell (colour); row and column count from 0, the header and rule are never styled. */
export type CellStyle = (cell: string, row: number, column: number) => string;

/** Rows under a header and a dashed rule; each line ends with a newline, without trailing spaces. */
export function formatTable(columns: readonly Column[], rows: ReadonlyArray<readonly string[]>, style?: CellStyle): string {
  const widths = columns.map((column, index) => Math.max(column.header.length, ...rows.map((row) => (row[index] ?? '').length)));
  const line = (cells: readonly string[], row?: number) =>
    columns
      .map((column, index) => {
        const cell = cells[index] ?? '';
        const width = widths[index] ?? 0;
        const padded = column.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
        // Colour wraps the visible text only, so the padding (and the trimmed line end) stay the same.
        if (!style || row === undefined || cell === '') return padded;
        const styled = style(cell, row, index);
        return padded.replace(cell, styled);
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((column) => column.header)), line(widths.map((width) => '-'.repeat(width))), ...rows.map((cells, row) => line(cells, row))]
    .map((text) => `${text}\n`)
    .join('');
}

const ANSI: Readonly<Record<string, string>> = { critical: '\u001b[1;31m', error: '\u001b[1;31m', warning: '\u001b[33m', ok: '\u001b[32m' };
const RESET = '\u001b[0m';

/** A level (critical, error, warning, ok) in its colour; other text unchanged. Callers decide whether colour is on. */
export function colorLevel(text: string): string {
  const code = ANSI[text.trim()];
  return code ? `${code}${text}${RESET}` : text;
}
