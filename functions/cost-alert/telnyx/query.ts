/**
 * The query string of a usage report, checked before anything is sent. What Telnyx expects:
 * - `product`, `dimensions` and `metrics` are required, one product per request; arrays go comma-joined in one
 *   parameter (`dimensions=direction,currency`, as the official SDKs send them), never a repeated key;
 * - a filter is one key per dimension (`filter[currency]=USD`), and Telnyx ignores a filter whose dimension is
 *   not also requested, so the client adds it to `dimensions`;
 * - time is `start_date` (inclusive) and `end_date` (exclusive) as `YYYY-MM-DDTHH:mm:ssZ`, at most 31 days
 *   apart, or one `date_range` literal (today, yesterday, this_month, last_N_days...; those are UTC days);
 * - `managed_accounts=true` aggregates over the caller's managed accounts; `sort=-cost` orders the rows.
 * Paging (`page[number]`, `page[size]`) is added per page by ./pagination.ts.
 */
import { formatApiDate, MAX_WINDOW_MS } from '../domain/periods';
import { UsageQueryError } from './errors';
import type { TimeWindow, UsageQuery } from '../domain/usage';

const DATE_RANGE = /^(today|yesterday|this_(week|month|year)|last_(week|month|year)|last_[1-9]\d{0,2}_(hours|days|weeks|months))$/;
/** A product, dimension or metric name as Telnyx spells them (sip-trunking, date_time, billed_sec). */
export const NAME = /^[A-Za-z0-9_.-]+$/;

/** The query string shared by every page of a query; throws UsageQueryError before anything is sent. */
export function buildQuery(query: UsageQuery): string {
  if (!query.product || !NAME.test(query.product)) {
    throw new UsageQueryError(`"${query.product ?? ''}" is not a Telnyx product name (e.g. messaging, sip-trunking)`);
  }
  const filters = Object.entries(query.filters ?? {});
  const dimensions = [...query.dimensions];
  for (const [dimension, value] of filters) {
    if (!NAME.test(dimension)) throw new UsageQueryError(`Filter dimension "${dimension}" is not a dimension name`);
    if (typeof value !== 'string' || value === '') throw new UsageQueryError(`Filter ${dimension} needs a value`);
    if (!dimensions.includes(dimension)) dimensions.push(dimension);
  }
  checkNames(dimensions, 'dimensions', query.product);
  checkNames(query.metrics, 'metrics', query.product);

  const parts = [`product=${encodeURIComponent(query.product)}`, `dimensions=${joined(dimensions)}`, `metrics=${joined(query.metrics)}`];
  parts.push(...timeParameters(query));
  for (const [dimension, value] of filters) parts.push(`filter[${dimension}]=${encodeURIComponent(value)}`);
  if (query.managedAccounts) parts.push('managed_accounts=true');
  if (query.sort && query.sort.length > 0) {
    for (const key of query.sort) {
      if (!/^-?[A-Za-z0-9_]+$/.test(key)) throw new UsageQueryError(`sort "${key}" is not a field name (e.g. cost or -cost)`);
    }
    parts.push(`sort=${joined(query.sort)}`);
  }
  return parts.join('&');
}

function timeParameters(query: UsageQuery): string[] {
  if ((query.window === undefined) === (query.dateRange === undefined)) {
    throw new UsageQueryError(`A usage query for ${query.product} needs exactly one of a start/end window and a date_range`);
  }
  if (query.window) {
    checkWindow(query.window, query.product);
    return [`start_date=${formatApiDate(query.window.start)}`, `end_date=${formatApiDate(query.window.end)}`];
  }
  if (query.dateRange === undefined || !DATE_RANGE.test(query.dateRange)) {
    throw new UsageQueryError(
      `date_range "${query.dateRange}" is not one Telnyx knows: use today, yesterday, this_month, last_month, last_N_hours, last_N_days or last_N_weeks`,
    );
  }
  return [`date_range=${query.dateRange}`];
}

function checkWindow(window: TimeWindow, product: string): void {
  const start = window.start.getTime();
  const end = window.end.getTime();
  if (!Number.isFinite(start) || !Number.isFinite(end)) throw new UsageQueryError(`The usage window for ${product} has an invalid date`);
  if (start % 1000 !== 0 || end % 1000 !== 0) {
    throw new UsageQueryError(`The usage window for ${product} must start and end on whole seconds (the API takes YYYY-MM-DDTHH:mm:ssZ)`);
  }
  if (end <= start) {
    throw new UsageQueryError(`The usage window for ${product} is empty: ${formatApiDate(window.start)} to ${formatApiDate(window.end)}`);
  }
  if (end - start > MAX_WINDOW_MS) {
    throw new UsageQueryError(
      `The usage window for ${product} spans more than 31 days (${formatApiDate(window.start)} to ${formatApiDate(window.end)}): split it`,
    );
  }
}

function checkNames(names: readonly string[], what: string, product: string): void {
  if (names.length === 0) throw new UsageQueryError(`A usage query for ${product} needs at least one of ${what}`);
  for (const name of names) {
    if (!NAME.test(name)) throw new UsageQueryError(`"${name}" in ${what} for ${product} is not a field name`);
  }
}

function joined(values: readonly string[]): string {
  return values.map(encodeURIComponent).join(',');
}
