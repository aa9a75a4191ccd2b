/**
 * `usage`: any usage report, for looking around before setting a threshold. Costs are shown exactly, from
 * the nano-units the client parsed (never through a float); amounts of different currencies stay apart.
 */
import { formatNanos } from '../../functions/cost-alert/domain/money';
import { UsageQueryError } from '../../functions/cost-alert/telnyx/errors';
import type { UsageQuery, UsageRow } from '../../functions/cost-alert/domain/usage';
import { buildQuery } from '../../functions/cost-alert/telnyx/usage-client';
import { CliError, type CliIo, messageOf, UsageError } from './cli-io';
import { resolveTimeZone } from './check-command';
import { hourlyUsage } from './hourly-table';
import { connectTelnyx } from './telnyx-connection';
import { type Column, formatTable } from './text-table';
import { TerminalLog } from './terminal-log';
import { checkProductName } from './threshold-source';

export type OutputFormat = 'table' | 'csv' | 'json';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'csv', 'json'];

export interface UsageOptions {
  readonly dimensions?: readonly string[];
  readonly metrics?: readonly string[];
  /** `dimension=value`, each dimension once. */
  readonly filter?: readonly string[];
  readonly start?: string;
  readonly end?: string;
  readonly dateRange?: string;
  readonly sort?: readonly string[];
  readonly managedAccounts?: boolean;
  readonly format?: OutputFormat;
  readonly products?: boolean;
  readonly baseUrl?: string;
  /** The last `hours` hours (default 24, at most 48) as a table with a bar per hour: see hourly-table.ts. */
  readonly hourly?: boolean;
  readonly hours?: number;
}

export async function usageCommand(product: string | undefined, options: UsageOptions, io: CliIo): Promise<number> {
  const format = options.format ?? 'table';
  if (!options.products && product === undefined) {
    throw new UsageError('name a product, e.g. `usage messaging`, or list the products with a cost: `usage --products`');
  }
  const query = options.products
    ? undefined
    : asUsageError(() => {
        const built = buildUsageQuery(checkProductName(product ?? ''), options, io);
        // The client's own checks (window order and span, date_range, names), before anything is started or sent.
        buildQuery(built);
        return built;
      });
  if (options.hourly) refuseWithHourly(options);
  else if (options.hours !== undefined) throw new UsageError('--hours goes with --hourly, e.g. `usage messaging --hourly --hours 48`');
  const connection = await connectTelnyx(io, { baseUrl: options.baseUrl, log: new TerminalLog(io.stderr) });
  try {
    if (query === undefined) {
      const products = (await read(() => connection.client.productOptions())).filter((entry) => entry.metrics.includes('cost'));
      const columns = ['product', 'dimensions', 'metrics'];
      const records = products.map((entry) => ({ product: entry.product, dimensions: entry.dimensions.join(','), metrics: entry.metrics.join(',') }));
      io.stdout(render(columns, records, format, new Set()));
      return 0;
    }
    if (options.hourly) {
      const filter = Object.fromEntries(Object.entries(query.filters ?? {}));
      const timeZone = resolveTimeZone(undefined, io);
      io.stdout(
        await read(() =>
          hourlyUsage(query.product, { hours: options.hours, filter, timeZone }, (hourly) => connection.client.list(hourly), (io.clock ?? Date.now)()),
        ),
      );
      return 0;
    }
    const rows = await read(() => connection.client.list(query));
    const columns = columnsOf(query, rows);
    const records = rows.map((row) => recordOf(row, columns));
    io.stdout(render(columns, records, format, new Set(query.metrics)));
    if (format === 'table') io.stdout(summary(rows, query));
    return 0;
  } finally {
    await connection.close();
  }
}

/** Building the query only checks options and arguments: whatever it refuses is a usage error (exit code 2). */
function asUsageError<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    if ((error instanceof CliError && !(error instanceof UsageError)) || error instanceof UsageQueryError)
      throw new UsageError(error.message, { cause: error });
    throw error;
  }
}

/** --hourly has its own query (cost by hour and currency): the options that shape another query do not apply. */
function refuseWithHourly(options: UsageOptions): void {
  const clashing = (
    [
      ['--dimensions', options.dimensions],
      ['--metrics', options.metrics],
      ['--start', options.start],
      ['--end', options.end],
      ['--date-range', options.dateRange],
      ['--sort', options.sort],
      ['--managed-accounts', options.managedAccounts],
      ['--products', options.products],
    ] as const
  ).filter(([, value]) => value !== undefined && value !== false && !(Array.isArray(value) && value.length === 0));
  if (clashing.length > 0) {
    throw new UsageError(
      `--hourly shows cost per hour for the last 24 hours (--hours up to 48), with --filter if wanted; leave out ${clashing.map(([name]) => name).join(', ')}`,
    );
  }
  if (options.format !== undefined && options.format !== 'table')
    throw new UsageError('--hourly prints a table; for CSV or JSON use --dimensions date_time --start ...');
}

/** The query from the options; refuses what Telnyx would refuse, saying what to type instead. */
export function buildUsageQuery(product: string, options: UsageOptions, io: CliIo): UsageQuery {
  const metrics = options.metrics && options.metrics.length > 0 ? [...options.metrics] : ['cost'];
  const filters: Record<string, string> = {};
  for (const entry of options.filter ?? []) {
    const match = /^([^=]+)=(.+)$/.exec(entry);
    const dimension = match?.[1]?.trim();
    const value = match?.[2]?.trim();
    if (!dimension || !value) throw new UsageError(`--filter "${entry}" is not dimension=value, e.g. --filter direction=outbound`);
    if (Object.hasOwn(filters, dimension)) throw new UsageError(`--filter ${dimension} is given twice: Telnyx takes one value per dimension`);
    filters[dimension] = value;
  }
  const dimensions = [...(options.dimensions ?? [])];
  // A filtered dimension must be requested too, and a cost means nothing without its currency.
  for (const dimension of [...Object.keys(filters), ...(metrics.includes('cost') ? ['currency'] : [])]) {
    if (!dimensions.includes(dimension)) dimensions.push(dimension);
  }
  if (dimensions.length === 0) dimensions.push('currency');

  if (options.start !== undefined && options.dateRange !== undefined) {
    throw new UsageError('give either --start/--end or --date-range, not both');
  }
  if (options.end !== undefined && options.start === undefined) {
    throw new UsageError('--end needs --start, e.g. --start 2026-11-01 --end 2026-11-08 (the end is exclusive)');
  }
  const common = {
    product,
    dimensions,
    metrics,
    ...(Object.keys(filters).length > 0 ? { filters } : {}),
    ...(options.managedAccounts ? { managedAccounts: true } : {}),
    ...(options.sort && options.sort.length > 0 ? { sort: [...options.sort] } : {}),
  };
  if (options.start === undefined) return { ...common, dateRange: options.dateRange ?? 'today' };
  const now = (io.clock ?? Date.now)();
  const start = parseInstant(options.start, '--start');
  const end = options.end === undefined ? new Date(Math.ceil(now / 1000) * 1000) : parseInstant(options.end, '--end');
  // The API takes whole seconds: widen, never narrow, the window.
  return {
    ...common,
    window: { start: new Date(Math.floor(start.getTime() / 1000) * 1000), end: new Date(Math.ceil(end.getTime() / 1000) * 1000) },
  };
}

/** `2026-11-01` (00:00 UTC, as Telnyx bills), `2026-11-01T12:00` (UTC) or with an offset, `2026-11-01T12:00:00+01:00`. */
function parseInstant(text: string, option: string): Date {
  const trimmed = text.trim();
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(trimmed);
  const withoutZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(trimmed);
  const instant = new Date(dateOnly ? `${trimmed}T00:00:00Z` : withoutZone ? `${trimmed}Z` : trimmed);
  if (/^\d{4}-\d{2}-\d{2}/.test(trimmed)) checkCalendarDate(trimmed.slice(0, 10), text, option);
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed) || Number.isNaN(instant.getTime())) {
    throw new CliError(`${option} "${text}" is not an ISO date or date-time: use e.g. 2026-11-01 or 2026-11-01T12:00:00Z`);
  }
  return instant;
}

/** `Date` rolls 2026-11-31 over to 2026-12-01 without a word: a day the calendar does not have is refused instead. */
function checkCalendarDate(date: string, text: string, option: string): void {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  if (month < 1 || month > 12) throw new CliError(`${option} "${text}" is not a date: there is no month ${month}; use e.g. 2026-11-01`);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) {
    const monthName = new Date(Date.UTC(year, month - 1, 1)).toLocaleString('en', { month: 'long', timeZone: 'UTC' });
    throw new CliError(`${option} "${text}" is not a date: ${monthName} ${year} has ${daysInMonth} days`);
  }
}

async function read<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new CliError(messageOf(error), 1, { cause: error });
  }
}

/** Requested dimensions, then any other field the rows carry (user_id with managed accounts), then metrics. */
function columnsOf(query: UsageQuery, rows: readonly UsageRow[]): string[] {
  const columns = [...query.dimensions];
  for (const row of rows) {
    for (const key of Object.keys(row.values)) {
      if (key !== 'product' && !columns.includes(key) && !query.metrics.includes(key)) columns.push(key);
    }
  }
  return [...columns, ...query.metrics];
}

function recordOf(row: UsageRow, columns: readonly string[]): Record<string, string> {
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

function render(columns: readonly string[], records: ReadonlyArray<Record<string, string>>, format: OutputFormat, numeric: ReadonlySet<string>): string {
  if (format === 'json') return `${JSON.stringify(records, null, 2)}\n`;
  if (format === 'csv') {
    return [columns, ...records.map((record) => columns.map((column) => record[column] ?? ''))].map((cells) => `${cells.map(csvCell).join(',')}\n`).join('');
  }
  if (records.length === 0) return '(no usage in this window)\n';
  const header: Column[] = columns.map((column) => ({ header: column, align: numeric.has(column) ? 'right' : 'left' }));
  const cells = records.map((record) => columns.map((column) => record[column] ?? ''));
  return formatTable(
    header,
    sameDecimals(
      cells,
      columns.map((column) => numeric.has(column)),
    ),
  );
}

/**
 * One precision per numeric column in a table: every number gets as many decimals as the longest in its
 * column, padded with zeros (exact: nothing is rounded). CSV and JSON keep each value as Telnyx sent it.
 */
export function sameDecimals(rows: ReadonlyArray<readonly string[]>, numeric: readonly boolean[]): string[][] {
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

const DECIMAL = /^-?\d+(\.\d+)?$/;

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Row count and, for cost, the exact total per currency (never one sum across currencies). */
function summary(rows: readonly UsageRow[], query: UsageQuery): string {
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
