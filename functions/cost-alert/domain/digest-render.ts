/**
 * How the daily digest reads: an email of aligned tables (yesterday, the month to date and its forecast, the
 * thresholds' shares, the available credit, a sparkline per product), a subject, one SMS line (digest-sms.ts) and
 * a JSON payload. The figures come from digest-figures.ts. People read money in cents (limits as the operator
 * wrote them); the exact amounts are in the payload.
 */
import { digestKey, expiresAtFor } from './alert-keys';
import { SUBJECT_MAX, toPrintableAscii, truncate } from './channel-text';
import {
  AVERAGE_DAYS,
  changeAgainstAverage,
  type DigestInput,
  type DigestLine,
  type DigestShare,
  digestLines,
  largestDay,
  previousDayAverage,
} from './digest-figures';
import { accountsPayload, accountsSection } from './digest-accounts';
import { balancePayload, balanceSection } from './digest-balance';
import { renderDigestSms } from './digest-sms';
import { exactAmount } from './message-parts';
import { formatMoney, formatNanos, percentOf } from './money';
import { formatLocalDateTime } from './periods';
import { columns } from './text-table';
import { ALL, type Alert, type RenderedMessage } from './types';

export const DIGEST_PAYLOAD_VERSION = 1;
const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;
/** A day without spend (or with a net credit) in the sparkline: distinct from the smallest block. */
const NO_SPEND_MARK = '·';

/** A digest's input with its lines worked out once, for every section. */
interface DigestView {
  readonly input: DigestInput;
  readonly lines: readonly DigestLine[];
  readonly totals: readonly DigestLine[];
  readonly currencies: readonly string[];
}

/** A text sparkline, one character per day, scaled to the largest day: ▁ the smallest spend, █ the largest, · none. */
export function sparkline(days: readonly bigint[]): string {
  const max = largestDay(days);
  return days
    .map((nanos) => {
      if (nanos <= 0n || max <= 0n) return NO_SPEND_MARK;
      const level = Number((nanos * BigInt(BLOCKS.length) + max - 1n) / max);
      return BLOCKS[Math.min(Math.max(level, 1), BLOCKS.length) - 1];
    })
    .join('');
}

function changeText(line: DigestLine): string {
  const change = changeAgainstAverage(line.yesterday, line.previousWeek);
  if (change === undefined) return line.yesterday > 0n ? 'no spend in the 7 days before' : '';
  return `${change >= 0 ? '+' : ''}${change}% vs 7-day avg ${formatMoney({ nanos: previousDayAverage(line), currency: line.currency })}`;
}

function byLargest(key: (line: DigestLine) => bigint) {
  return (a: DigestLine, b: DigestLine) => {
    const difference = key(b) - key(a);
    return difference > 0n ? 1 : difference < 0n ? -1 : a.name.localeCompare(b.name);
  };
}

/** Per currency: the lines with a figure, largest first, then the currency's total; as aligned columns. */
function perCurrencyTable(view: DigestView, figure: (line: DigestLine) => bigint, note: (line: DigestLine) => string): string[] {
  const rows: string[][] = [];
  for (const currency of view.currencies) {
    const lines = view.lines.filter((line) => line.currency === currency && figure(line) !== 0n).sort(byLargest(figure));
    if (lines.length === 0) continue;
    rows.push(...lines.map((line) => [line.name, formatMoney({ nanos: figure(line), currency }), note(line)]));
    const total = view.totals.find((line) => line.currency === currency);
    if (total) rows.push([`total ${currency}`, formatMoney({ nanos: figure(total), currency }), note(total)]);
  }
  return columns(rows);
}

function yesterdaySection(view: DigestView): string[] {
  const section = [`Yesterday, ${view.input.calendar.yesterday.key}:`];
  const spent = view.lines.filter((line) => line.yesterday !== 0n);
  if (spent.length === 0) section.push('  No spend on any product read.');
  section.push(...perCurrencyTable(view, (line) => line.yesterday, changeText));
  const idle = [...new Set([...view.input.quietProducts, ...view.lines.filter((line) => line.yesterday === 0n).map((line) => line.name)])]
    .filter((name) => !spent.some((line) => line.name === name))
    .sort();
  if (idle.length > 0) section.push(`  No spend: ${idle.join(', ')}.`);
  return section;
}

function monthSection(view: DigestView): string[] {
  const { calendar } = view.input;
  const section = [`Month to date, ${calendar.month.key}-01 to ${calendar.yesterday.key}:`];
  if (!view.lines.some((line) => line.monthToDate !== 0n)) section.push('  No spend this month on any product read.');
  const forecast = (line: DigestLine) =>
    line.forecast === undefined ? '' : `month-end forecast ${formatMoney({ nanos: line.forecast, currency: line.currency })}`;
  section.push(...perCurrencyTable(view, (line) => line.monthToDate, forecast));
  const daysLeft = calendar.daysLeftInMonth;
  section.push(
    daysLeft > 0
      ? `  Forecast: the last ${AVERAGE_DAYS} full days' daily average x ${daysLeft} day${daysLeft === 1 ? '' : 's'} left + the month to date.`
      : `  ${calendar.month.key} has ended: these are its final figures as reported so far.`,
  );
  return section;
}

function shareRow(share: DigestShare): string[] {
  const filter = Object.entries(share.filter).map(([dimension, wanted]) => `${dimension}=${wanted}`);
  const notes = [filter.length > 0 ? `${filter.join(', ')} only` : '', share.complete ? '' : 'at least: some usage was not read'].filter(Boolean);
  return [
    `${share.product} ${share.period}`,
    formatMoney({ nanos: share.spend, currency: share.currency }),
    `of ${exactAmount(share.limit, share.currency)}`,
    `${percentOf(share.spend, share.limit).toFixed(1)}%`,
    notes.join('; '),
  ];
}

function thresholdsSection(input: DigestInput): string[] {
  const section = ['Thresholds (daily limits against yesterday, monthly limits against the month to date):'];
  if (input.thresholdsProblem) section.push(`  Not shown: ${input.thresholdsProblem}`);
  else if (input.shares.length === 0) section.push('  None configured.');
  else section.push(...columns(input.shares.map(shareRow)));
  return section;
}

function sparklineSection(view: DigestView): string[] {
  const { calendar } = view.input;
  const first = calendar.days[0]?.key ?? calendar.yesterday.key;
  const section = [`Last ${calendar.days.length} days, ${first} to ${calendar.yesterday.key} (one mark a day, scaled to each line's largest day; · no spend):`];
  const drawn = view.lines
    .filter((line) => line.days.some((nanos) => nanos !== 0n))
    .sort((a, b) => a.currency.localeCompare(b.currency) || byLargest((line) => line.monthToDate)(a, b));
  if (drawn.length === 0) section.push('  No spend on any day.');
  else {
    section.push(
      ...columns(
        drawn.map((line) => [
          `${line.name} ${line.currency}`,
          sparkline(line.days),
          `max ${formatMoney({ nanos: largestDay(line.days), currency: line.currency })}`,
        ]),
      ),
    );
  }
  return section;
}

function digestEmail(view: DigestView): string {
  const { input } = view;
  const { calendar } = input;
  const notRead =
    input.notRead.length > 0
      ? [`Not read: ${input.notRead.join(', ')}. Their spend is missing above (totals are lower bounds); the check reports why.`, '']
      : [];
  return [
    `Telnyx spend digest for ${calendar.yesterday.key} (${calendar.timeZone}), sent ${formatLocalDateTime(input.sentAt, calendar.timeZone)}.`,
    '',
    ...yesterdaySection(view),
    '',
    ...monthSection(view),
    '',
    ...thresholdsSection(input),
    '',
    ...(input.balance ? [...balanceSection(input.balance), ''] : []),
    ...(input.accounts ? [...accountsSection(input.accounts), ''] : []),
    ...sparklineSection(view),
    '',
    ...notRead,
    'Amounts are what Telnyx had reported when the digest was made; late usage can still add to them.',
    '',
  ].join('\n');
}

function lineFigures(line: DigestLine) {
  return {
    currency: line.currency,
    yesterday: formatNanos(line.yesterday),
    previous7Days: formatNanos(line.previousWeek),
    previous7DayAverage: formatNanos(previousDayAverage(line)),
    changePercent: changeAgainstAverage(line.yesterday, line.previousWeek) ?? null,
    monthToDate: formatNanos(line.monthToDate),
    monthEndForecast: line.forecast === undefined ? null : formatNanos(line.forecast),
    days: line.days.map((nanos) => formatNanos(nanos)),
  };
}

/** For machines: every figure as an exact decimal string (averages and forecasts rounded to the nano-unit). */
function digestPayload(view: DigestView): Record<string, unknown> {
  const { input } = view;
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
    totals: view.totals.map(lineFigures),
    products: view.lines.map((line) => ({ product: line.name, ...lineFigures(line) })),
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
    ...(input.accounts ? { managedAccounts: accountsPayload(input.accounts) } : {}),
    ...(input.balance ? { balance: balancePayload(input.balance) } : {}),
  };
}

/** The digest as email, SMS and JSON. */
export function renderDigest(input: DigestInput): RenderedMessage {
  const view: DigestView = { input, ...digestLines(input) };
  const payload = digestPayload(view);
  // A currency without spend yesterday is left out of the subject (it still shows in the tables if it had some this month).
  const spent = view.totals.filter((total) => total.yesterday !== 0n);
  const headline = spent.map((total) => formatMoney({ nanos: total.yesterday, currency: total.currency })).join(', ') || 'no spend';
  const subject = truncate(toPrintableAscii(`Telnyx spend digest ${input.calendar.yesterday.key}: ${headline} yesterday`), SUBJECT_MAX);
  return { subject, default: JSON.stringify(payload, null, 2), email: digestEmail(view), sms: renderDigestSms(input, view.totals), payload };
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
