/**
 * `usage PRODUCT --hourly`: the spend of the last 24-48 hours, one line per hour with a text bar, so that a
 * person sees a spike at a glance. The series is the one the forecast and the spike read (hourlyCostQuery and
 * HourlySpend): the same query, the same filter rules, exact sums per currency.
 */
import { HourlySpend } from '../../functions/cost-alert/domain/hourly-series';
import { HOUR_MS } from '../../functions/cost-alert/domain/time';
import { hourlyCostQuery } from '../../functions/cost-alert/domain/usage-queries';
import { formatMoney } from '../../functions/cost-alert/domain/money';
import { formatLocalDateTime } from '../../functions/cost-alert/domain/periods';
import type { UsageQuery, UsageRow } from '../../functions/cost-alert/domain/usage';
import { UsageError } from './cli-io';
import { formatTable } from './text-table';

export const DEFAULT_HOURS = 24;
const MIN_HOURS = 1;
const MAX_HOURS = 48;
const BAR_WIDTH = 40;

/** --hours: a usage error (exit code 2) unless a whole number from 1 to 48. */
export function checkHours(hours: number): number {
  if (!Number.isInteger(hours) || hours < MIN_HOURS || hours > MAX_HOURS) {
    throw new UsageError(`--hours must be a whole number from ${MIN_HOURS} to ${MAX_HOURS} (default ${DEFAULT_HOURS})`);
  }
  return hours;
}

/** The hours shown: the current hour (so far) and the `hours - 1` before it. */
export function hourlyWindow(now: number, hours: number): { start: Date; end: Date } {
  checkHours(hours);
  const current = Math.floor(now / HOUR_MS) * HOUR_MS;
  return { start: new Date(current - (hours - 1) * HOUR_MS), end: new Date(Math.ceil(now / 1000) * 1000) };
}

export function hourlyUsageQuery(product: string, filter: Readonly<Record<string, string>>, now: number, hours: number): UsageQuery {
  return hourlyCostQuery(product, filter, hourlyWindow(now, hours));
}

/** A bar of '#' proportional to `value` against `max` (at least one '#' for any spend above zero). */
export function bar(value: bigint, max: bigint, width = BAR_WIDTH): string {
  if (value <= 0n || max <= 0n) return '';
  const length = Number((value * BigInt(width) + max - 1n) / max);
  return '#'.repeat(Math.min(width, Math.max(1, length)));
}

/**
 * The table: one row per hour of the query's window (hours without usage show 0.00), a column per currency,
 * and a bar for the currency with the most spend. Rows whose date_time cannot be read are counted below it.
 */
export function renderHourlyTable(
  query: UsageQuery,
  rows: readonly UsageRow[],
  filter: Readonly<Record<string, string>>,
  timeZone: string,
  now: number,
): string {
  const series = new HourlySpend(filter);
  series.add(rows);
  const window = query.window;
  if (!window) throw new Error('an hourly query has an explicit window');
  const hours: number[] = [];
  // Through the current hour, even when it has only just begun.
  for (let hour = window.start.getTime(); hour <= Math.floor(now / HOUR_MS) * HOUR_MS; hour += HOUR_MS) hours.push(hour);
  const currencies = series.currencies();
  const totals = new Map(currencies.map((currency) => [currency, series.sum(currency, window.start.getTime(), window.end.getTime())]));
  const main = [...totals].sort(([, a], [, b]) => (a === b ? 0 : a > b ? -1 : 1))[0]?.[0];
  const max = main === undefined ? 0n : hours.reduce((peak, hour) => (series.at(hour, main) > peak ? series.at(hour, main) : peak), 0n);
  const shown = currencies.length > 0 ? currencies : ['USD'];

  const table = formatTable(
    [{ header: `hour (${timeZone})` }, ...shown.map((currency) => ({ header: currency, align: 'right' as const })), { header: main ? `${main} per hour` : '' }],
    hours.map((hour) => {
      const local = formatLocalDateTime(new Date(hour), timeZone);
      const label = `${local.slice(0, 10)} ${local.slice(11, 16)}${hour + HOUR_MS > now ? ' (so far)' : ''}`;
      const amounts = shown.map((currency) => formatMoney({ nanos: series.at(hour, currency), currency }).replace(/ [A-Z]*$/, ''));
      const spend = main === undefined ? 0n : series.at(hour, main);
      return [label, ...amounts, spend < 0n ? '(credit)' : bar(spend, max)];
    }),
  );
  const lines = [table.trimEnd(), ''];
  const totalText = [...totals].map(([currency, nanos]) => formatMoney({ nanos, currency })).join(', ');
  lines.push(
    `${hours.length} hour(s) of ${query.product}${
      Object.keys(filter).length > 0
        ? ` (${Object.entries(filter)
            .map(([d, v]) => `${d}=${v}`)
            .join(', ')})`
        : ''
    }: ${totalText || 'no spend'}.`,
  );
  if (series.unparseable > 0) {
    lines.push(`${series.unparseable} row(s) left out: their date_time ${JSON.stringify(series.firstUnparseable)} is not an ISO 8601 date and time.`);
  }
  return `${lines.join('\n')}\n`;
}
