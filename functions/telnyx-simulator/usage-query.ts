/** Reads and validates a `GET /v2/usage_reports` query the way Telnyx does, or says what is wrong. */
import { DAY_MS, HOUR_MS } from '../cost-alert/domain/time';
import { type ProductDefinition, utcDayStart } from './scenario';
import { type ErrorRecordInput, SimulatorRequestError } from './telnyx-error';

/** A validated usage query, as the aggregation (and the `rowsFor` hook) receives it. */
export interface SimulatorQuery {
  readonly product: string;
  readonly dimensions: readonly string[];
  readonly metrics: readonly string[];
  /** `start` inclusive, `end` exclusive. */
  readonly window: { readonly start: Date; readonly end: Date };
  /** Dimension -> required value. */
  readonly filters: Readonly<Record<string, string>>;
  readonly managedAccounts: boolean;
  /** Sort keys as sent: `cost`, `-cost`, a dimension... */
  readonly sort: readonly string[];
  readonly format: 'json' | 'csv';
  readonly pageNumber: number;
  /** After the server's cap: what `meta.page_size` reports. */
  readonly pageSize: number;
}

export interface QueryContext {
  readonly products: readonly ProductDefinition[];
  readonly now: Date;
  readonly pageSizeCap?: number;
}

export const MAX_PAGE_SIZE = 5000;
export const DEFAULT_PAGE_SIZE = 20;
const MAX_WINDOW_MS = 31 * DAY_MS;
const DATE_FORMAT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

function badRequest(parameter: string, detail: string, title = 'Bad Request', code = '10015'): SimulatorRequestError {
  return new SimulatorRequestError(400, [{ code, title, detail, parameter }]);
}

/** Arrays arrive comma-joined in one parameter (the official SDKs); repeated keys are accepted too. */
function listParameter(params: URLSearchParams, name: string): string[] {
  const values = params
    .getAll(name)
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
  return [...new Set(values)];
}

export function parseUsageQuery(params: URLSearchParams, context: QueryContext): SimulatorQuery {
  const productName = params.get('product')?.trim() ?? '';
  const dimensions = listParameter(params, 'dimensions');
  const metrics = listParameter(params, 'metrics');

  const missing: ErrorRecordInput[] = [];
  if (productName === '') missing.push(missingParameter('product'));
  if (dimensions.length === 0) missing.push(missingParameter('dimensions'));
  if (metrics.length === 0) missing.push(missingParameter('metrics'));
  if (missing.length > 0) throw new SimulatorRequestError(400, missing);

  const product = context.products.find((candidate) => candidate.product === productName);
  if (!product) {
    throw badRequest('product', `Unknown product '${productName}'. Available products: ${context.products.map((candidate) => candidate.product).join(',')}.`);
  }
  const badMetrics = metrics.filter((metric) => !product.metrics.includes(metric));
  if (badMetrics.length > 0) {
    throw badRequest('metrics', `Available metrics values for ${product.product}: ${product.metrics.join(',')}.`, 'Metrics invalid values', '10003');
  }
  const badDimensions = dimensions.filter((dimension) => !product.dimensions.includes(dimension));
  if (badDimensions.length > 0) {
    throw badRequest(
      'dimensions',
      `Available dimensions values for ${product.product}: ${product.dimensions.join(',')}.`,
      'Dimensions invalid values',
      '10003',
    );
  }

  const managedAccounts = parseManagedAccounts(params.get('managed_accounts'));
  const filters = parseFilters(params, dimensions);
  const window = parseWindow(params, context.now);
  const { pageNumber, pageSize } = parsePage(params, context.pageSizeCap);
  const sortable = new Set(['product', ...dimensions, ...metrics, ...(managedAccounts ? ['user_id'] : [])]);
  const sort = listParameter(params, 'sort');
  for (const key of sort) {
    if (!sortable.has(key.replace(/^-/, ''))) {
      throw badRequest('sort', `Cannot sort by '${key}': sort by a requested dimension or metric, '-' first for descending.`);
    }
  }
  const format = params.get('format') ?? 'json';
  if (format !== 'json' && format !== 'csv') throw badRequest('format', `format must be csv or json, not '${format}'.`);

  return { product: product.product, dimensions, metrics, window, filters, managedAccounts, sort, format, pageNumber, pageSize };
}

function missingParameter(parameter: string): ErrorRecordInput {
  return { code: '10004', title: 'Missing required parameter', detail: `The '${parameter}' parameter is required.`, parameter };
}

function parseManagedAccounts(value: string | null): boolean {
  if (value === null || value === 'false') return false;
  if (value === 'true') return true;
  throw badRequest('managed_accounts', `managed_accounts must be true or false, not '${value}'.`);
}

function parseFilters(params: URLSearchParams, dimensions: readonly string[]): Record<string, string> {
  const filters: Record<string, string> = {};
  for (const [key, value] of params) {
    if (key !== 'filter' && !key.startsWith('filter[')) continue;
    const match = /^filter\[([^\][]+)\]$/.exec(key);
    if (!match?.[1]) {
      // What an SDK sends when given `filter: 'filter[currency]=USD'` as a string.
      throw badRequest(key, `Filters are sent as filter[<dimension>]=<value>, not '${key}=${value}'.`);
    }
    const dimension = match[1];
    if (!dimensions.includes(dimension)) {
      throw badRequest(key, `Filtered dimension '${dimension}' must also be listed in dimensions.`, 'Filter invalid values');
    }
    filters[dimension] = value;
  }
  return filters;
}

function parseDate(value: string, parameter: string): Date {
  const match = DATE_FORMAT.exec(value);
  const date = match ? new Date(value) : undefined;
  // Round-tripping rejects dates that do not exist (2026-02-30T00:00:00Z).
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().replace('.000Z', 'Z') !== value) {
    throw badRequest(parameter, `${parameter} must have the format YYYY-MM-DDTHH:mm:ssZ, not '${value}'.`);
  }
  return date;
}

/**
 * Explicit `start_date` and `end_date` (both, at most 31 days apart), or a `date_range` literal,
 * or neither: then today (UTC), as the simulator's documented default.
 */
function parseWindow(params: URLSearchParams, now: Date): { start: Date; end: Date } {
  const startText = params.get('start_date');
  const endText = params.get('end_date');
  const dateRange = params.get('date_range');
  if (dateRange !== null && (startText !== null || endText !== null)) {
    throw badRequest('date_range', 'Send either date_range or start_date and end_date, not both.');
  }
  if (startText !== null || endText !== null) {
    if (startText === null) throw new SimulatorRequestError(400, [missingParameter('start_date')]);
    if (endText === null) throw new SimulatorRequestError(400, [missingParameter('end_date')]);
    const start = parseDate(startText, 'start_date');
    const end = parseDate(endText, 'end_date');
    if (end.getTime() <= start.getTime()) throw badRequest('end_date', 'end_date must be after start_date.');
    if (end.getTime() - start.getTime() > MAX_WINDOW_MS) {
      throw badRequest('end_date', 'The maximum time range is 31 days.');
    }
    return { start, end };
  }
  return dateRangeWindow(dateRange ?? 'today', now);
}

/**
 * `date_range` literals in UTC days, as billing is. Windows that run "until now" end at the end of
 * today instead: nothing is recorded after now, so the totals are the same.
 */
export function dateRangeWindow(literal: string, now: Date): { start: Date; end: Date } {
  const today = utcDayStart(now);
  const tomorrow = new Date(today.getTime() + DAY_MS);
  const monthStart = (offset: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
  const yearStart = (offset: number) => new Date(Date.UTC(now.getUTCFullYear() + offset, 0, 1));
  // Weeks start on Monday (ISO 8601).
  const weekStart = (offset: number) => new Date(today.getTime() - ((today.getUTCDay() + 6) % 7) * DAY_MS + offset * 7 * DAY_MS);
  switch (literal) {
    case 'today':
      return { start: today, end: tomorrow };
    case 'yesterday':
      return { start: new Date(today.getTime() - DAY_MS), end: today };
    case 'this_week':
      return { start: weekStart(0), end: weekStart(1) };
    case 'last_week':
      return { start: weekStart(-1), end: weekStart(0) };
    case 'this_month':
      return { start: monthStart(0), end: monthStart(1) };
    case 'last_month':
      return { start: monthStart(-1), end: monthStart(0) };
    case 'this_year':
      return { start: yearStart(0), end: yearStart(1) };
    case 'last_year':
      return { start: yearStart(-1), end: yearStart(0) };
  }
  const match = /^last_(\d{1,4})_(hours|days|weeks|months)$/.exec(literal);
  const count = Number(match?.[1]);
  if (!match || count < 1) {
    throw badRequest(
      'date_range',
      `Unknown date_range '${literal}'. Use today, yesterday, this_week, last_week, this_month, last_month, this_year, last_year, last_N_hours, last_N_days, last_N_weeks or last_N_months.`,
    );
  }
  switch (match[2]) {
    case 'hours':
      return { start: new Date(now.getTime() - count * HOUR_MS), end: tomorrow };
    case 'days':
      return { start: new Date(today.getTime() - count * DAY_MS), end: tomorrow };
    case 'weeks':
      return { start: new Date(today.getTime() - count * 7 * DAY_MS), end: tomorrow };
    default:
      return { start: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - count, now.getUTCDate())), end: tomorrow };
  }
}

function parsePage(params: URLSearchParams, pageSizeCap: number | undefined): { pageNumber: number; pageSize: number } {
  const numberText = params.get('page[number]');
  const sizeText = params.get('page[size]');
  const pageNumber = numberText === null ? 1 : Number(numberText);
  if (!/^\d+$/.test(numberText ?? '1') || pageNumber < 1 || !Number.isSafeInteger(pageNumber)) {
    throw badRequest('page[number]', `page[number] must be an integer of at least 1, not '${numberText}'.`);
  }
  const requestedSize = sizeText === null ? DEFAULT_PAGE_SIZE : Number(sizeText);
  if (!/^\d+$/.test(sizeText ?? '1') || requestedSize < 1 || requestedSize > MAX_PAGE_SIZE) {
    throw badRequest('page[size]', `page[size] must be an integer from 1 to ${MAX_PAGE_SIZE}, not '${sizeText}'.`);
  }
  const pageSize = pageSizeCap === undefined ? requestedSize : Math.min(requestedSize, Math.max(1, pageSizeCap));
  return { pageNumber, pageSize };
}
