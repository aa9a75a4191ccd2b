/** The usage query of `usage PRODUCT [options]`: refuses what Telnyx would refuse, saying what to type instead. */
import { UsageQueryError } from '../../functions/cost-alert/telnyx/errors';
import type { UsageQuery } from '../../functions/cost-alert/domain/usage';
import { CliError, type CliIo, UsageError } from './cli-io';

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

/** Building the query only checks options and arguments: whatever it refuses is a usage error (exit code 2). */
export function asUsageError<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    if ((error instanceof CliError && !(error instanceof UsageError)) || error instanceof UsageQueryError)
      throw new UsageError(error.message, { cause: error });
    throw error;
  }
}

/** `--filter dim=value` options as one filter; a malformed entry or a dimension given twice is a usage error. */
export function parseFilterOptions(entries: readonly string[]): Record<string, string> {
  const filters: Record<string, string> = {};
  for (const entry of entries) {
    const match = /^([^=]+)=(.+)$/.exec(entry);
    const dimension = match?.[1]?.trim();
    const value = match?.[2]?.trim();
    if (!dimension || !value) throw new UsageError(`--filter "${entry}" is not dimension=value, e.g. --filter direction=outbound`);
    if (Object.hasOwn(filters, dimension)) throw new UsageError(`--filter ${dimension} is given twice: Telnyx takes one value per dimension`);
    filters[dimension] = value;
  }
  return filters;
}

/** The query from the options; refuses what Telnyx would refuse, saying what to type instead. */
export function buildUsageQuery(product: string, options: UsageOptions, io: CliIo): UsageQuery {
  const metrics = options.metrics && options.metrics.length > 0 ? [...options.metrics] : ['cost'];
  const filters = parseFilterOptions(options.filter ?? []);
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

/** --hourly has its own query (cost by hour and currency): the options that shape another query do not apply. */
export function refuseWithHourly(options: UsageOptions): void {
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
