/**
 * The CLI's one table renderer: plain aligned text columns for a terminal, no borders, two spaces between
 * columns. Every table the CLI prints (check, thresholds, usage, usage --hourly, the apply plan) goes through it.
 */

export type Alignment = 'left' | 'right';

export interface Column {
  readonly header: string;
  readonly align?: Alignment;
  /** Numbers in this column get as many decimals as the longest among them, padded with zeros (exact: nothing is rounded). */
  readonly sameDecimals?: boolean;
}

/** Restyles a padded body cell (colour); row and column count from 0, the header and rule are never styled. */
export type CellStyle = (cell: string, row: number, column: number) => string;

/** Rows under a header and a dashed rule; each line ends with a newline, without trailing spaces. */
export function formatTable(columns: readonly Column[], rows: ReadonlyArray<readonly string[]>, style?: CellStyle): string {
  const body = sameDecimals(
    rows,
    columns.map((column) => Boolean(column.sameDecimals)),
  );
  const widths = columns.map((column, index) => Math.max(column.header.length, ...body.map((row) => (row[index] ?? '').length)));
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
  return [line(columns.map((column) => column.header)), line(widths.map((width) => '-'.repeat(width))), ...body.map((cells, row) => line(cells, row))]
    .map((text) => `${text}\n`)
    .join('');
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * One precision per numeric column: every number gets as many decimals as the longest in its column, padded
 * with zeros (exact: nothing is rounded). Other cells are left as they are.
 */
function sameDecimals(rows: ReadonlyArray<readonly string[]>, numeric: readonly boolean[]): ReadonlyArray<readonly string[]> {
  if (!numeric.some(Boolean)) return rows;
  const decimals = numeric.map((isNumeric, column) =>
    isNumeric ? Math.max(0, ...rows.map((row) => (DECIMAL.test(row[column] ?? '') ? ((row[column] ?? '').split('.')[1]?.length ?? 0) : 0))) : 0,
  );
  return rows.map((row) =>
    row.map((cell, column) => {
      const places = decimals[column] ?? 0;
      if (places === 0 || !DECIMAL.test(cell)) return cell;
      const [whole, fraction = ''] = cell.split('.');
      return `${whole}.${fraction.padEnd(places, '0')}`;
    }),
  );
}

const ANSI: Readonly<Record<string, string>> = { critical: '\u001b[1;31m', error: '\u001b[1;31m', warning: '\u001b[33m', ok: '\u001b[32m' };
const RESET = '\u001b[0m';

/** A level (critical, error, warning, ok) in its colour; other text unchanged. Callers decide whether colour is on. */
export function colorLevel(text: string): string {
  const code = ANSI[text.trim()];
  return code ? `${code}${text}${RESET}` : text;
}
