/**
 * The daily digest: which days it covers, the figures it shows and how it reads (email, SMS, JSON).
 *
 * The digest reports on full local days only: "yesterday" is the last local day that has ended when it is
 * sent, and the month to date runs from the first of yesterday's month through yesterday (on the 1st it is
 * last month's final figure). Figures come from one hourly series per product (`HourlySpend`), bucketed into
 * local days by the hour's start; in a zone with a half-hour offset (Asia/Kolkata) a local day is therefore
 * read as the UTC hours that start in it, so up to 30 minutes of usage at each local midnight falls on the
 * neighbouring day. Amounts are exact (bigint nano-units); currencies are never added together.
 */
import { expiresAtFor } from './alert-keys';
import { SMS_MAX, toGsm7, toPrintableAscii } from './channel-text';
import { formatMoney, formatNanos, percentOf } from './money';
import { formatLocalDateTime, periodsAt } from './periods';
import { daysBefore } from './hourly-baseline';
import type { HourlySpend } from './hourly-series';
import { HOUR_MS } from './time';
import { ALL, type Alert, type Period, type RenderedMessage } from './types';

export const DIGEST_PAYLOAD_VERSION = 1;
/** Days drawn in the sparkline; they also hold the two 7-day averages. */
export const SPARKLINE_DAYS = 14;
const AVERAGE_DAYS = 7;
const SUBJECT_MAX = 99;
const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;
/** A day without spend (or with a net credit) in the sparkline: distinct from the smallest block. */
const NO_SPEND_MARK = '·';

/** The ledger key of the digest sent on a local day: one digest per day, whatever retries or overlaps. */
export function digestKey(sentOn: string): string {
  return `digest#${sentOn}`;
}

/** The days a digest sent at `now` covers, and the one usage window that reads them all. */
export interface DigestCalendar {
  readonly timeZone: string;
  /** The local day the digest is sent (its ledger key). */
  readonly today: Period;
  /** The last full local day: what "yesterday" figures are. */
  readonly yesterday: Period;
  /** The last `SPARKLINE_DAYS` full local days, oldest first (the last one is yesterday). */
  readonly days: readonly Period[];
  /** Yesterday's month: its month to date runs from `month.start` through yesterday. */
  readonly month: Period;
  /** Days of that month after yesterday (0 on the 1st: the month has ended). */
  readonly daysLeftInMonth: number;
  /**
   * From the earlier of the first sparkline day and the first of the month to the end of yesterday, widened
   * to whole UTC hours (the series is hourly; an hour is read whole and belongs to the local day it starts in).
   */
  readonly window: { readonly start: Date; readonly end: Date };
}

export function digestCalendar(now: Date, timeZone: string): DigestCalendar {
  const today = periodsAt(now, timeZone).daily;
  const days = daysBefore(today, SPARKLINE_DAYS).reverse();
  const yesterday = days[days.length - 1] ?? today;
  const month = periodsAt(yesterday.start, timeZone).monthly;
  const [year, monthNumber, dayOfMonth] = yesterday.key.split('-').map(Number) as [number, number, number];
  const daysInMonth = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
  const first = Math.min(days[0]?.start.getTime() ?? yesterday.start.getTime(), month.start.getTime());
  return {
    timeZone,
    today,
    yesterday,
    days,
    month,
    daysLeftInMonth: daysInMonth - dayOfMonth,
    window: {
      start: new Date(Math.floor(first / HOUR_MS) * HOUR_MS),
      end: new Date(Math.ceil(today.start.getTime() / HOUR_MS) * HOUR_MS),
    },
  };
}

/** One product's figures in one currency. */
export interface ProductDigest {
  readonly product: string;
  readonly currency: string;
  /** Spend per sparkline day, aligned with `DigestCalendar.days` (the last is yesterday). */
  readonly days: readonly bigint[];
  /** From the first of yesterday's month through yesterday. */
  readonly monthToDate: bigint;
}

/** The figures of one product, one per currency it has spend in over the window. */
export function productDigests(product: string, spend: HourlySpend, calendar: DigestCalendar): ProductDigest[] {
  const { window, timeZone, days, month, yesterday } = calendar;
  return spend.currencies().map((currency) => {
    const byDay = spend.byLocalDay(currency, timeZone, window.start.getTime(), window.end.getTime());
    let monthToDate = 0n;
    for (const [key, nanos] of byDay) if (key.startsWith(`${month.key}-`) && key <= yesterday.key) monthToDate += nanos;
    return { product, currency, days: days.map((day) => byDay.get(day.key) ?? 0n), monthToDate };
  });
}

/** Spend of one currency summed over the products given (never across currencies). */
export function sumDigests(product: string, currency: string, digests: readonly ProductDigest[], dayCount = SPARKLINE_DAYS): ProductDigest {
  const days: bigint[] = new Array<bigint>(dayCount).fill(0n);
  let monthToDate = 0n;
  for (const digest of digests) {
    if (digest.currency !== currency) continue;
    digest.days.forEach((nanos, index) => (days[index] = (days[index] ?? 0n) + nanos));
    monthToDate += digest.monthToDate;
  }
  return { product, currency, days, monthToDate };
}

/**
 * The month-end forecast: the trailing full days' daily average (up to 7 days) times the days left in the
 * month, plus the month to date. None without at least one full day of history. Rounded to the nano-unit.
 * Not the alerting forecast's method (domain/forecast.ts, via hourly-baseline.ts): that one counts an hour of
 * net credit as zero, starts history at the first usage row and projects today hour by hour; the digest sums
 * whole days as they were, credits included, for a reader of last week's figures.
 */
export function projectMonthEnd(monthToDate: bigint, trailingFullDays: readonly bigint[], daysLeftInMonth: number): bigint | undefined {
  const history = trailingFullDays.slice(-AVERAGE_DAYS);
  if (history.length === 0) return undefined;
  const sum = history.reduce((total, nanos) => total + nanos, 0n);
  return monthToDate + divideRounded(sum * BigInt(daysLeftInMonth), BigInt(history.length));
}

/** A threshold's limit beside the spend it is compared with in the digest. */
export interface DigestShare {
  readonly product: string;
  readonly period: 'daily' | 'monthly';
  readonly currency: string;
  readonly spend: bigint;
  readonly limit: bigint;
  readonly filter: Readonly<Record<string, string>>;
  /** False when some usage behind it could not be read (the spend is a lower bound). */
  readonly complete: boolean;
}

export interface DigestInput {
  readonly sentAt: Date;
  readonly calendar: DigestCalendar;
  /** Products read, with their figures per currency (products with no spend have none). */
  readonly products: readonly ProductDigest[];
  /** Products read that had no spend at all over the window. */
  readonly quietProducts: readonly string[];
  /** Products whose usage could not be read. */
  readonly notRead: readonly string[];
  /** Thresholds' shares: daily limits against yesterday, monthly limits against the month to date. */
  readonly shares: readonly DigestShare[];
  /** The monthly `total` limit, for the SMS ("28% of 1500.00"), if there is one. */
  readonly monthlyTotal?: { readonly currency: string; readonly limit: bigint };
  /** Why there is no threshold section, when thresholds could not be read. */
  readonly thresholdsProblem?: string;
}

/** The figures of one product or total, as the digest shows them. */
interface Line {
  readonly name: string;
  readonly currency: string;
  readonly yesterday: bigint;
  /** Sum of the 7 days before yesterday. */
  readonly previousWeek: bigint;
  readonly monthToDate: bigint;
  readonly forecast?: bigint;
  readonly days: readonly bigint[];
}

function lineOf(digest: ProductDigest, calendar: DigestCalendar): Line {
  const yesterday = digest.days[digest.days.length - 1] ?? 0n;
  const previousWeek = digest.days.slice(-AVERAGE_DAYS - 1, -1).reduce((sum, nanos) => sum + nanos, 0n);
  const forecast = calendar.daysLeftInMonth > 0 ? projectMonthEnd(digest.monthToDate, digest.days, calendar.daysLeftInMonth) : undefined;
  return { name: digest.product, currency: digest.currency, yesterday, previousWeek, monthToDate: digest.monthToDate, forecast, days: digest.days };
}

function currenciesOf(products: readonly ProductDigest[]): string[] {
  return [...new Set(products.map((product) => product.currency))].sort();
}

function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (n * 2n + d) / (d * 2n);
  return negative ? -quotient : quotient;
}

/** Yesterday against the average of the 7 days before it, in whole percent (rounded); undefined without a positive average. */
export function changeAgainstAverage(yesterday: bigint, previousWeek: bigint): number | undefined {
  if (previousWeek <= 0n) return undefined;
  return Number(divideRounded((yesterday * BigInt(AVERAGE_DAYS) - previousWeek) * 100n, previousWeek));
}

function changeText(line: Line): string {
  const change = changeAgainstAverage(line.yesterday, line.previousWeek);
  if (change === undefined) return line.yesterday > 0n ? 'no spend in the 7 days before' : '';
  return `${change >= 0 ? '+' : ''}${change}% vs 7-day avg ${formatMoney({ nanos: divideRounded(line.previousWeek, BigInt(AVERAGE_DAYS)), currency: line.currency })}`;
}

/** A text sparkline, one character per day, scaled to the largest day: ▁ the smallest spend, █ the largest, · none. */
export function sparkline(days: readonly bigint[]): string {
  const max = days.reduce((top, nanos) => (nanos > top ? nanos : top), 0n);
  return days
    .map((nanos) => {
      if (nanos <= 0n || max <= 0n) return NO_SPEND_MARK;
      const level = Number((nanos * BigInt(BLOCKS.length) + max - 1n) / max);
      return BLOCKS[Math.min(Math.max(level, 1), BLOCKS.length) - 1];
    })
    .join('');
}

function exact(nanos: bigint, currency: string): string {
  return `${formatNanos(nanos)} ${currency}`;
}

/** Rows of cells as aligned columns (the first left-aligned, the others right-aligned but the last). */
function columns(rows: ReadonlyArray<readonly string[]>, indent = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, [...cell].length)));
  return rows.map((row) =>
    (
      indent +
      row
        .map((cell, index) => {
          const width = widths[index] ?? 0;
          const pad = ' '.repeat(width - [...cell].length);
          if (index === row.length - 1) return cell;
          return index === 0 ? cell + pad : pad + cell;
        })
        .join('  ')
    ).trimEnd(),
  );
}

function byLargest(key: (line: Line) => bigint) {
  return (a: Line, b: Line) => {
    const difference = key(b) - key(a);
    return difference > 0n ? 1 : difference < 0n ? -1 : a.name.localeCompare(b.name);
  };
}

function shareText(share: DigestShare): string {
  return `${percentOf(share.spend, share.limit).toFixed(1)}%`;
}

/** The digest as email, SMS and JSON. */
export function renderDigest(input: DigestInput): RenderedMessage {
  const { calendar } = input;
  const lines = input.products.map((product) => lineOf(product, calendar));
  const currencies = currenciesOf(input.products);
  const totals = currencies.map((currency) => lineOf(sumDigests('Total', currency, input.products, calendar.days.length), calendar));
  const yesterdayKey = calendar.yesterday.key;
  const monthFirst = `${calendar.month.key}-01`;
  const email: string[] = [`Telnyx spend digest for ${yesterdayKey} (${calendar.timeZone}), sent ${formatLocalDateTime(input.sentAt, calendar.timeZone)}.`, ''];

  // Yesterday, per currency, largest first.
  email.push(`Yesterday, ${yesterdayKey}:`);
  const spentYesterday = lines.filter((line) => line.yesterday !== 0n);
  if (spentYesterday.length === 0) email.push('  No spend on any product read.');
  const yesterdayTable: string[][] = [];
  for (const currency of currencies) {
    const rows = spentYesterday.filter((line) => line.currency === currency).sort(byLargest((line) => line.yesterday));
    if (rows.length === 0) continue;
    const total = totals.find((line) => line.currency === currency);
    yesterdayTable.push(...rows.map((line) => [line.name, exact(line.yesterday, currency), changeText(line)]));
    if (total) yesterdayTable.push([`total ${currency}`, exact(total.yesterday, currency), changeText(total)]);
  }
  email.push(...columns(yesterdayTable));
  const idle = [...new Set([...input.quietProducts, ...lines.filter((line) => line.yesterday === 0n).map((line) => line.name)])]
    .filter((name) => !spentYesterday.some((line) => line.name === name))
    .sort();
  if (idle.length > 0) email.push(`  No spend: ${idle.join(', ')}.`);
  email.push('');

  // Month to date and the forecast.
  const lastDayKey = yesterdayKey;
  email.push(`Month to date, ${monthFirst} to ${lastDayKey}:`);
  if (!lines.some((line) => line.monthToDate !== 0n)) email.push('  No spend this month on any product read.');
  const monthTable: string[][] = [];
  for (const currency of currencies) {
    const rows = lines.filter((line) => line.currency === currency && line.monthToDate !== 0n).sort(byLargest((line) => line.monthToDate));
    if (rows.length === 0) continue;
    const total = totals.find((line) => line.currency === currency);
    const forecast = (line: Line) => (line.forecast === undefined ? '' : `month-end forecast ${formatMoney({ nanos: line.forecast, currency })}`);
    monthTable.push(...rows.map((line) => [line.name, exact(line.monthToDate, currency), forecast(line)]));
    if (total) monthTable.push([`total ${currency}`, exact(total.monthToDate, currency), forecast(total)]);
  }
  email.push(...columns(monthTable));
  email.push(
    calendar.daysLeftInMonth > 0
      ? `  Forecast: the last ${AVERAGE_DAYS} full days' daily average x ${calendar.daysLeftInMonth} day${calendar.daysLeftInMonth === 1 ? '' : 's'} left + the month to date.`
      : `  ${calendar.month.key} has ended: these are its final figures as reported so far.`,
    '',
  );

  // Thresholds.
  email.push('Thresholds (daily limits against yesterday, monthly limits against the month to date):');
  if (input.thresholdsProblem) email.push(`  Not shown: ${input.thresholdsProblem}`);
  else if (input.shares.length === 0) email.push('  None configured.');
  else {
    email.push(
      ...columns(
        input.shares.map((share) => {
          const filter = Object.entries(share.filter).map(([dimension, wanted]) => `${dimension}=${wanted}`);
          const notes = [filter.length > 0 ? `${filter.join(', ')} only` : '', share.complete ? '' : 'at least: some usage was not read'].filter(Boolean);
          return [
            `${share.product} ${share.period}`,
            exact(share.spend, share.currency),
            `of ${exact(share.limit, share.currency)}`,
            shareText(share),
            notes.join('; '),
          ];
        }),
      ),
    );
  }
  email.push('');

  // Sparklines.
  const first = calendar.days[0]?.key ?? yesterdayKey;
  email.push(`Last ${calendar.days.length} days, ${first} to ${yesterdayKey} (one mark a day, scaled to each line's largest day; · no spend):`);
  const drawn = lines
    .filter((line) => line.days.some((nanos) => nanos !== 0n))
    .sort((a, b) => a.currency.localeCompare(b.currency) || byLargest((line) => line.monthToDate)(a, b));
  if (drawn.length === 0) email.push('  No spend on any day.');
  else
    email.push(
      ...columns(
        drawn.map((line) => [`${line.name} ${line.currency}`, sparkline(line.days), `max ${formatMoney({ nanos: max(line.days), currency: line.currency })}`]),
      ),
    );
  email.push('');

  if (input.notRead.length > 0) {
    email.push(`Not read: ${input.notRead.join(', ')}. Their spend is missing above (totals are lower bounds); the check reports why.`, '');
  }
  email.push('Amounts are what Telnyx had reported when the digest was made; late usage can still add to them.', '');

  const payload = digestPayload(input, lines, totals);
  const headline = totals.map((total) => formatMoney({ nanos: total.yesterday, currency: total.currency })).join(', ') || 'no spend';
  const subject = truncate(toPrintableAscii(`Telnyx spend digest ${yesterdayKey}: ${headline} yesterday`), SUBJECT_MAX);
  return { subject, default: JSON.stringify(payload, null, 2), email: email.join('\n'), sms: renderSms(input, totals), payload };
}

function max(days: readonly bigint[]): bigint {
  return days.reduce((top, nanos) => (nanos > top ? nanos : top), 0n);
}

function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 3)}...`;
}

/**
 * One SMS line: the total of the main currency (the monthly total limit's, else USD, else the first),
 * then the other currencies and what was not read, as far as 160 GSM-7 characters allow.
 */
function renderSms(input: DigestInput, totals: readonly Line[]): string {
  if (totals.length === 0) {
    const tail = input.notRead.length > 0 ? ` Not read: ${input.notRead.join(', ')}.` : '';
    return toGsm7(`Telnyx ${input.calendar.yesterday.key}: no spend yesterday or this month.${tail}`, SMS_MAX);
  }
  const preferred = input.monthlyTotal?.currency ?? 'USD';
  const main = totals.find((total) => total.currency === preferred) ?? totals[0];
  if (!main) return '';
  const change = changeAgainstAverage(main.yesterday, main.previousWeek);
  const changePart = change === undefined ? '' : ` (${change >= 0 ? '+' : ''}${change}% vs 7-day avg)`;
  const limit = input.monthlyTotal?.currency === main.currency ? input.monthlyTotal.limit : undefined;
  const limitPart = limit === undefined ? '' : `, ${Math.floor(percentOf(main.monthToDate, limit))}% of ${formatNanos(limit)}`;
  let text = `Telnyx yesterday ${formatMoney({ nanos: main.yesterday, currency: main.currency })}${changePart}; month ${formatMoney({ nanos: main.monthToDate, currency: main.currency })}${limitPart}.`;
  const extras = totals
    .filter((total) => total !== main)
    .map(
      (total) =>
        ` ${formatMoney({ nanos: total.yesterday, currency: total.currency })} yesterday, month ${formatMoney({ nanos: total.monthToDate, currency: total.currency })}.`,
    );
  if (input.notRead.length > 0) extras.push(` Not read: ${input.notRead.join(', ')}.`);
  const more = ' More in the email.';
  const fits = (candidate: string) => toGsm7(candidate, Number.MAX_SAFE_INTEGER).length <= SMS_MAX;
  for (const [index, extra] of extras.entries()) {
    // Room is kept for the pointer to the email while more would follow.
    if (fits(text + extra + (index < extras.length - 1 ? more : ''))) {
      text += extra;
      continue;
    }
    if (fits(text + more)) text += more;
    break;
  }
  return toGsm7(text, SMS_MAX);
}

function decimal(nanos: bigint | undefined): string | null {
  return nanos === undefined ? null : formatNanos(nanos);
}

function lineFigures(line: Line) {
  return {
    currency: line.currency,
    yesterday: formatNanos(line.yesterday),
    previous7Days: formatNanos(line.previousWeek),
    previous7DayAverage: formatNanos(divideRounded(line.previousWeek, BigInt(AVERAGE_DAYS))),
    changePercent: changeAgainstAverage(line.yesterday, line.previousWeek) ?? null,
    monthToDate: formatNanos(line.monthToDate),
    monthEndForecast: decimal(line.forecast),
    days: line.days.map((nanos) => formatNanos(nanos)),
  };
}

/** For machines: every figure as an exact decimal string (averages and forecasts rounded to the nano-unit). */
function digestPayload(input: DigestInput, lines: readonly Line[], totals: readonly Line[]): Record<string, unknown> {
  const { calendar } = input;
  return {
    version: DIGEST_PAYLOAD_VERSION,
    severity: 'info',
    signal: 'digest',
    product: ALL,
    date: calendar.yesterday.key,
    month: calendar.month.key,
    days: calendar.days.map((day) => day.key),
    timeZone: calendar.timeZone,
    sentAt: input.sentAt.toISOString(),
    totals: totals.map(lineFigures),
    products: lines.map((line) => ({ product: line.name, ...lineFigures(line) })),
    quietProducts: [...input.quietProducts],
    thresholds: input.shares.map((share) => ({
      product: share.product,
      period: share.period,
      currency: share.currency,
      spend: formatNanos(share.spend),
      limit: formatNanos(share.limit),
      filter: { ...share.filter },
      complete: share.complete,
    })),
    notRead: [...input.notRead],
    ...(input.thresholdsProblem ? { thresholdsProblem: input.thresholdsProblem } : {}),
  };
}

/** The digest as an alert to claim and publish: severity info, signal digest, product all, once per local day. */
export function digestAlert(input: DigestInput): Alert {
  return {
    key: digestKey(input.calendar.today.key),
    rank: 1,
    severity: 'info',
    signal: 'digest',
    product: ALL,
    expiresAt: expiresAtFor(input.calendar.today),
    message: renderDigest(input),
  };
}
