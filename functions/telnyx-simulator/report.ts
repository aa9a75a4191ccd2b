/** Turns usage records into report rows (exact sums), orders and pages them, and renders JSON or CSV. */
import { formatNanos, parseNanos } from '../cost-alert/domain/money';
import { HOUR_MS } from '../cost-alert/domain/time';
import type { Scenario, UsageRecord } from './scenario';
import type { SimulatorQuery } from './usage-query';

/** A report row: dimension values are strings; aggregated metrics are bigint nano-units until rendered. */
export type ReportRow = Record<string, unknown>;

export interface ReportPage {
  readonly rows: readonly ReportRow[];
  readonly meta: { page_number: number; page_size: number; total_pages: number; total_results: number };
}

/** Grouping dimensions in order: `user_id` first when managed accounts are asked for. */
export function groupingDimensions(query: SimulatorQuery): string[] {
  return query.managedAccounts ? ['user_id', ...query.dimensions.filter((dimension) => dimension !== 'user_id')] : [...query.dimensions];
}

function dimensionValue(record: UsageRecord, dimension: string, dateTime = defaultDateTime): string {
  if (dimension === 'date') return record.timestamp.toISOString().slice(0, 10);
  if (dimension === 'date_time') return dateTime(new Date(Math.floor(record.timestamp.getTime() / HOUR_MS) * HOUR_MS));
  return record.dimensions[dimension] ?? '';
}

/** The hour as the simulator writes `date_time` by default: 2026-11-26T14:00:00Z. */
function defaultDateTime(hourStart: Date): string {
  return `${hourStart.toISOString().slice(0, 13)}:00:00Z`;
}

/** Without managed_accounts only the caller's records count; with it, only its managed accounts' records. */
function inScope(record: UsageRecord, query: SimulatorQuery, accountUserId: string | undefined): boolean {
  const userId = record.dimensions.user_id;
  const own = userId === undefined || userId === accountUserId;
  return query.managedAccounts ? !own : own;
}

/** Groups the records in the window that pass the filters and sums the metrics exactly. */
export function aggregate(scenario: Scenario, query: SimulatorQuery): ReportRow[] {
  const dimensions = groupingDimensions(query);
  const start = query.window.start.getTime();
  const end = query.window.end.getTime();
  const groups = new Map<string, { values: string[]; sums: bigint[] }>();
  for (const record of scenario.records[query.product] ?? []) {
    const time = record.timestamp.getTime();
    if (time < start || time >= end || !inScope(record, query, scenario.accountUserId)) continue;
    if (Object.entries(query.filters).some(([dimension, value]) => dimensionValue(record, dimension, scenario.dateTime) !== value)) continue;
    const values = dimensions.map((dimension) => dimensionValue(record, dimension, scenario.dateTime));
    const key = JSON.stringify(values);
    let group = groups.get(key);
    if (!group) {
      group = { values, sums: query.metrics.map(() => 0n) };
      groups.set(key, group);
    }
    query.metrics.forEach((metric, index) => {
      const raw = record.metrics[metric];
      const nanos = raw === undefined ? 0n : parseNanos(raw);
      if (nanos === undefined) throw new Error(`Scenario record of ${query.product} has a ${metric} that is no number: ${String(raw)}`);
      group.sums[index] = (group.sums[index] ?? 0n) + nanos;
    });
  }
  const rows = [...groups.values()]
    .sort((a, b) => compareLists(a.values, b.values))
    .map(({ values, sums }) => {
      const row: ReportRow = { product: query.product };
      dimensions.forEach((dimension, index) => (row[dimension] = values[index]));
      query.metrics.forEach((metric, index) => (row[metric] = sums[index]));
      return row;
    });
  return rows;
}

function compareLists(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) {
    const order = compareValues(a[i], b[i]);
    if (order !== 0) return order;
  }
  return 0;
}

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  const numberA = typeof a === 'bigint' ? a : parseNanos(a);
  const numberB = typeof b === 'bigint' ? b : parseNanos(b);
  if (typeof a !== 'string' && numberA !== undefined && numberB !== undefined) return compareValues(numberA, numberB);
  const textA = String(a ?? '');
  const textB = String(b ?? '');
  return textA < textB ? -1 : textA > textB ? 1 : 0;
}

/** Applies `sort` keys (stable, so the default order breaks ties) and cuts the requested page. */
export function pageOf(rows: readonly ReportRow[], query: SimulatorQuery): ReportPage {
  const sorted = query.sort.length === 0 ? rows : [...rows].sort((a, b) => compareBySort(a, b, query.sort));
  const first = (query.pageNumber - 1) * query.pageSize;
  return {
    rows: sorted.slice(first, first + query.pageSize),
    meta: {
      page_number: query.pageNumber,
      page_size: query.pageSize,
      total_pages: Math.ceil(sorted.length / query.pageSize),
      total_results: sorted.length,
    },
  };
}

function compareBySort(a: ReportRow, b: ReportRow, sort: readonly string[]): number {
  for (const key of sort) {
    const descending = key.startsWith('-');
    const field = descending ? key.slice(1) : key;
    const order = compareValues(a[field], b[field]);
    if (order !== 0) return descending ? -order : order;
  }
  return 0;
}

/**
 * JSON with exact metrics: a bigint sum is written as its decimal text (a JSON number, or a string for
 * `cost` when `costAsString`), never through a binary float.
 */
export function renderJson(page: { readonly rows: readonly ReportRow[]; readonly meta?: ReportPage['meta'] }, costAsString: boolean): string {
  const rows = page.rows.map((row) => {
    const fields = Object.entries(row)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => {
        let text: string;
        if (typeof value === 'bigint') {
          const decimal = formatNanos(value, 0);
          text = costAsString && key === 'cost' ? JSON.stringify(decimal) : decimal;
        } else {
          text = JSON.stringify(value);
        }
        return `${JSON.stringify(key)}:${text}`;
      });
    return `{${fields.join(',')}}`;
  });
  // No meta only when a fault removes it (./page-faults.ts).
  return `{"data":[${rows.join(',')}]${page.meta === undefined ? '' : `,"meta":${JSON.stringify(page.meta)}`}}`;
}

/** CSV as in the spec's example: `user_id,direction,product,cost,billed_sec`, metrics with 6 decimals. */
export function renderCsv(page: ReportPage, query: SimulatorQuery): string {
  const columns = [...groupingDimensions(query), 'product', ...query.metrics];
  const lines = [columns.join(',')];
  for (const row of page.rows) {
    lines.push(columns.map((column) => csvField(row[column], query.metrics.includes(column))).join(','));
  }
  return `${lines.join('\n')}\n`;
}

function csvField(value: unknown, isMetric: boolean): string {
  if (value === undefined || value === null) return '';
  const nanos = typeof value === 'bigint' ? value : isMetric ? parseNanos(value) : undefined;
  // At least 6 decimals as Telnyx prints them; more only when the sum has them (exactness first).
  const text = nanos !== undefined ? formatNanos(nanos, 6) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
