/**
 * How `usage` prints rows: a table (through the one table renderer), CSV or JSON. Costs are shown exactly,
 * from the nano-units the client parsed (never through a float); amounts of different currencies stay apart.
 */
import { formatNanos } from '../../functions/cost-alert/domain/money';
import type { UsageQuery, UsageRow } from '../../functions/cost-alert/domain/usage';
import { formatTable } from './text-table';
import type { OutputFormat } from './usage-query';

/** Requested dimensions, then any other field the rows carry (user_id with managed accounts), then metrics. */
export function columnsOf(query: UsageQuery, rows: readonly UsageRow[]): string[] {
  const columns = [...query.dimensions];
  for (const row of rows) {
    for (const key of Object.keys(row.values)) {
      if (key !== 'product' && !columns.includes(key) && !query.metrics.includes(key)) columns.push(key);
    }
  }
  return [...columns, ...query.metrics];
}

export function recordOf(row: UsageRow, columns: readonly string[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const column of columns) {
    if (column === 'cost' && row.cost !== undefined) {
      record[column] = formatNanos(row.cost);
      continue;
    }
    const value = row.values[column];
    record[column] = value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return record;
}

/**
 * Rows as a table (every number in a metric column with the same decimals), CSV or JSON (each value as
 * Telnyx sent it).
 */
export function render(columns: readonly string[], records: ReadonlyArray<Record<string, string>>, format: OutputFormat, numeric: ReadonlySet<string>): string {
  if (format === 'json') return `${JSON.stringify(records, null, 2)}\n`;
  if (format === 'csv') {
    return [columns, ...records.map((record) => columns.map((column) => record[column] ?? ''))].map((cells) => `${cells.map(csvCell).join(',')}\n`).join('');
  }
  if (records.length === 0) return '(no usage in this window)\n';
  return formatTable(
    columns.map((column) => (numeric.has(column) ? { header: column, align: 'right', sameDecimals: true } : { header: column })),
    records.map((record) => columns.map((column) => record[column] ?? '')),
  );
}

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Row count and, for cost, the exact total per currency (never one sum across currencies). */
export function summary(rows: readonly UsageRow[], query: UsageQuery): string {
  const lines = [
    `\n${rows.length} row(s) of ${query.product} usage, ${query.window ? `${query.window.start.toISOString()} to ${query.window.end.toISOString()} (end exclusive)` : `date_range ${query.dateRange}`}.`,
  ];
  if (query.metrics.includes('cost')) {
    const totals = new Map<string, bigint>();
    for (const row of rows) {
      if (row.cost === undefined) continue;
      const currency = typeof row.values.currency === 'string' && row.values.currency ? row.values.currency.toUpperCase() : '(no currency)';
      totals.set(currency, (totals.get(currency) ?? 0n) + row.cost);
    }
    const text = [...totals.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, nanos]) => `${formatNanos(nanos)} ${currency}`);
    if (text.length > 0) lines.push(`Total cost: ${text.join(', ')}.`);
  }
  return `${lines.join('\n')}\n`;
}
