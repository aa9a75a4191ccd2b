/**
 * How alerts read, per SNS protocol, and when an alert repeats (its ledger key).
 *
 * Product names and error titles come from outside (SSM parameter names, Telnyx answers), so every text
 * that goes to a constrained channel is cleaned here: subjects to printable ASCII under 100 characters
 * (SNS refuses anything else), SMS to at most 160 characters of the GSM-7 basic set (one SMS part).
 */
import { formatMoney, formatNanos, percentOf } from './money';
import { formatLocalDateTime, localDateKey, periodsAt } from './periods';
import { describeThreshold, formatThresholdValue, ppmToPercent } from './thresholds';
import { ALL } from './types';
import type { Alert, Breach, Period, PeriodKind, RenderedMessage, Threshold } from './types';

export interface BreachContext {
  readonly checkedAt: Date;
  /** The time zone the time of the check is shown in; default: the period's. */
  readonly timeZone?: string;
  /** Where the operator changes the threshold (`ThresholdStore.describe(product)`). */
  readonly parameterLocation: string;
  /**
   * Set when the spend comes from an incomplete read (some product, or the list of products, could not be
   * read): every body says so and names what was not read, and the alert is its own series (`|partial`).
   */
  readonly incomplete?: { readonly notRead: readonly string[] };
}

/** Something that stopped the check from judging a product: an invalid threshold, unreadable usage, a refused key. */
export interface AlertProblem {
  /** Product, `total`, or `all`. */
  readonly product: string;
  /** Short and stable (it identifies the problem for a day): 'Invalid threshold', 'Telnyx refused the API key'. */
  readonly title: string;
  /** What happened and what to do. */
  readonly detail: string;
  readonly period?: PeriodKind;
  readonly parameterLocation?: string;
  /** False when writing a new value is not the fix (a SecureString may be a secret): no put-parameter example then. */
  readonly suggestOverwrite?: boolean;
  /** What goes unchecked until it is fixed, when not the product's limits (e.g. only its forecast and spike). */
  readonly consequence?: string;
}

const SUBJECT_MAX = 99;
/** One SMS segment of GSM-7 characters: every SMS text fits it. */
export const SMS_MAX = 160;
const DAY_MS = 86_400_000;
/** The ledger keeps an alert a week past its period, so late or retried runs still find it. */
const LEDGER_GRACE_MS = 7 * DAY_MS;
/** Error alerts have one rank: the same error goes out once a day. */
export const ERROR_RANK = 1;
export const PAYLOAD_VERSION = 1;

// The GSM 03.38 basic character set (without the escape to the extension table).
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
// Readable stand-ins for characters outside the basic set (extension-table characters cost two and some phones drop them).
const GSM7_STAND_INS: Readonly<Record<string, string>> = {
  '[': '(',
  ']': ')',
  '{': '(',
  '}': ')',
  '~': '-',
  '|': '/',
  '\\': '/',
  '^': '',
  '`': "'",
  '€': 'EUR',
  '\t': ' ',
  '\u2018': "'",
  '\u2019': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2026': '...',
  '\u00a0': ' ',
};

function withoutMarks(char: string): string {
  return char.normalize('NFKD').replace(/\p{M}/gu, '');
}

/** Cuts `text` to `max` characters, marking the cut with '...'. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 3) return text.slice(0, max);
  return `${text.slice(0, max - 3)}...`;
}

/**
 * `text` in the GSM-7 basic character set, at most `max` characters: accents outside the set are dropped
 * (ł -> l is not possible, so it becomes ?), a few punctuation marks get stand-ins, anything else becomes '?'.
 */
export function toGsm7(text: string, max: number): string {
  let out = '';
  for (const char of text) {
    if (GSM7_BASIC.has(char)) {
      out += char;
      continue;
    }
    const standIn = GSM7_STAND_INS[char];
    if (standIn !== undefined) {
      out += standIn;
      continue;
    }
    const plain = withoutMarks(char);
    out += plain !== '' && [...plain].every((c) => GSM7_BASIC.has(c)) ? plain : '?';
  }
  return truncate(out, max);
}

/** `text` as printable ASCII on one line: accents dropped, other characters '?', whitespace runs one space. */
export function toPrintableAscii(text: string): string {
  let out = '';
  for (const char of text.replace(/\s+/g, ' ')) {
    if (char >= ' ' && char <= '~') {
      out += char;
      continue;
    }
    const plain = withoutMarks(char);
    out += plain !== '' && /^[ -~]+$/.test(plain) ? plain : '?';
  }
  return out.trim();
}

/** An SMS: `head` + product + `tail` in GSM-7, the product shortened (to 8 characters at least) so that the whole fits. */
export function smsLine(head: string, product: string, tail: string): string {
  return toGsm7(`${head}${toGsm7(product, Math.max(SMS_MAX - head.length - tail.length, 8))}${tail}`, SMS_MAX);
}

/** A subject: `before` + product + `after`, the product shortened so that the whole fits. */
export function subject(before: string, product: string, after: string): string {
  const room = SUBJECT_MAX - before.length - after.length;
  return truncate(`${before}${truncate(toPrintableAscii(product), Math.max(room, 12))}${after}`, SUBJECT_MAX);
}

/** An amount to the nano-unit, for limits as the operator wrote them: '50 USD', '0.000000001 USD'. */
export function exactAmount(nanos: bigint, currency: string): string {
  return `${formatNanos(nanos)} ${currency}`;
}

/** ' (direction=outbound only)' after the product name of a filtered threshold; '' without a filter. */
export function filterText(threshold: Pick<Threshold, 'filter'>): string {
  const filter = Object.entries(threshold.filter);
  return filter.length > 0 ? ` (${filter.map(([dimension, wanted]) => `${dimension}=${wanted}`).join(', ')} only)` : '';
}

/** The filter's part of a ledger key: the same for the same filter whatever the case of its values or the order of its dimensions. */
export function filterKey(threshold: Pick<Threshold, 'filter'>): string {
  return Object.entries(threshold.filter)
    .map(([dimension, wanted]) => `${encodeURIComponent(dimension)}=${encodeURIComponent(wanted.toLowerCase())}`)
    .sort()
    .join(',');
}

/** Share of the limit, floored to a whole percent so that a warning never reads 100%. */
function wholePercent(spend: bigint, limit: bigint): number {
  return Math.floor(percentOf(spend, limit));
}

function periodWord(kind: PeriodKind): string {
  return kind === 'daily' ? 'daily' : 'monthly';
}

export function describePeriod(period: Period): string {
  return `${period.kind === 'daily' ? 'day' : 'month'} ${period.key} (${period.timeZone})`;
}

/** SSM parameter names are absolute paths of these characters; a local file path has a dot somewhere. */
function looksLikeSsmName(location: string): boolean {
  return /^\/[A-Za-z0-9_\-/]+$/.test(location);
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function changeHint(location: string, exampleValue: string): string[] {
  if (!looksLikeSsmName(location)) {
    return [`To change this threshold, edit ${location}, e.g. to ${exampleValue}`];
  }
  return [
    `To change this threshold, edit the SSM parameter ${location}, e.g.:`,
    `  aws ssm put-parameter --name ${location} --overwrite --value ${shellQuote(exampleValue)}`,
  ];
}

/** Label: value lines, aligned. */
export function table(rows: ReadonlyArray<readonly [string, string]>): string[] {
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`);
}

/**
 * How an ended period is named: "yesterday, 2026-11-29" or "last month, 2026-10" when it is the one just
 * before the check's own day (month), else "the day 2026-11-27".
 */
export function endedPeriodName(period: Period, checkedAt: Date): string {
  const current = periodsAt(checkedAt, period.timeZone)[period.kind];
  const previous = periodsAt(new Date(current.start.getTime() - 1), period.timeZone)[period.kind];
  const daily = period.kind === 'daily';
  const word = previous.key === period.key ? (daily ? 'yesterday' : 'last month') : daily ? 'the day' : 'the month';
  return `${word}, ${period.key}`;
}

/** True when the period was over at the time of the check (evaluated for late usage during the grace time). */
export function hasEnded(period: Pick<Period, 'end'>, checkedAt: Date): boolean {
  return checkedAt.getTime() >= period.end.getTime();
}

export function renderBreach(breach: Breach, context: BreachContext): RenderedMessage {
  const { threshold, period, spend, limit, level } = breach;
  const product = threshold.product;
  const critical = level.severity === 'critical';
  const spendText = formatMoney(spend);
  const limitText = exactAmount(limit.nanos, limit.currency);
  const percent = percentOf(spend.nanos, limit.nanos);
  const floored = wholePercent(spend.nanos, limit.nanos);
  const kind = periodWord(period.kind);
  const timeZone = context.timeZone ?? period.timeZone;
  const checkedAt = formatLocalDateTime(context.checkedAt, timeZone);
  const ended = hasEnded(period, context.checkedAt);
  const dayOrMonth = period.kind === 'daily' ? 'day' : 'month';
  // "yesterday, 2026-11-29: 70.00 USD of a 50.00 USD daily limit": an ended period says so in every body.
  const endedText = ended ? `${endedPeriodName(period, context.checkedAt)}: ${spendText} of a ${limitText} ${kind} limit` : '';
  const notRead = context.incomplete ? listOf(context.incomplete.notRead) : undefined;
  const subjectTail = notRead === undefined ? '' : ' (incomplete)';

  const subjectText = ended
    ? subject(`[${critical ? 'CRITICAL' : 'WARNING'}] Telnyx `, product, ` ${endedText}${subjectTail}`)
    : critical
      ? subject('[CRITICAL] Telnyx ', product, ` ${kind} spend ${spendText} reached limit ${limitText}${subjectTail}`)
      : subject('[WARNING] Telnyx ', product, ` ${kind} spend at ${floored}% of ${limitText}${subjectTail}`);

  const reached = critical ? `reached its ${kind} limit` : `passed ${ppmToPercent(level.rankPpm)} of its ${kind} limit`;
  const headline = ended ? `Telnyx ${product} spend ${reached} in a ${dayOrMonth} that has ended: ${endedText}.` : `Telnyx ${product} spend ${reached}.`;
  const email = [
    headline,
    '',
    ...(notRead === undefined
      ? []
      : [
          `Incomplete: ${notRead} could not be read. The spend below counts only what was read (none of it carried a credit); a credit in what was not read would lower it. When a complete read reaches this level, you get that alert as well.`,
          '',
        ]),
    ...table([
      ['Product', `${product}${filterText(threshold)}`],
      ['Period', `${describePeriod(period)}${ended ? ', ended' : ''}`],
      ['Spend', notRead === undefined ? spendText : `at least ${spendText} from what was read; ${notRead} could not be read`],
      ['Limit', limitText],
      ['Share', `${percent.toFixed(1)}% of the limit`],
      ['Level', critical ? 'CRITICAL (limit reached)' : `WARNING (${ppmToPercent(level.rankPpm)} of the limit)`],
      ['Checked at', `${checkedAt} (${timeZone})`],
      ['Threshold', describeThreshold(threshold)],
    ]),
    '',
    ended
      ? `The ${dayOrMonth} ended at ${formatLocalDateTime(period.end, period.timeZone)}: this spend was reported after the last check of the ${dayOrMonth}, or late, and is checked for a few hours after its end.`
      : `Spend is what Telnyx had reported by the time of the check; the ${dayOrMonth} ends at ${formatLocalDateTime(period.end, period.timeZone)}.`,
    critical
      ? ended
        ? `You will not hear about this ${kind} limit for ${period.key} again.`
        : `You will not hear about this ${kind} limit again until the next ${dayOrMonth}, unless it is changed.`
      : `You will hear again if spend reaches ${threshold.warnAtPpm.some((ppm) => ppm > level.rankPpm) ? 'the next warning level or ' : ''}the limit.`,
    '',
    ...changeHint(context.parameterLocation, formatThresholdValue(threshold)),
    '',
  ].join('\n');

  const when = period.kind === 'daily' ? 'today' : 'this month';
  const smsIncomplete = notRead === undefined ? '' : ` Incomplete: ${truncate(notRead, 40)} not read.`;
  const smsTail =
    (ended
      ? ` ${endedText} (${floored}%).`
      : critical
        ? ` ${when} ${spendText} >= limit ${limitText} (${floored}%).`
        : ` ${when} ${spendText} = ${floored}% of limit ${limitText}.`) + smsIncomplete;
  const smsHead = `Telnyx ${critical ? 'CRITICAL' : 'WARNING'}: `;
  const sms = smsLine(smsHead, product, smsTail);

  const payload = {
    version: PAYLOAD_VERSION,
    severity: level.severity,
    signal: 'limit',
    product,
    period: period.kind,
    periodKey: period.key,
    periodState: ended ? 'ended' : 'current',
    periodStart: period.start.toISOString(),
    periodEnd: period.end.toISOString(),
    timeZone: period.timeZone,
    spend: formatNanos(spend.nanos),
    limit: formatNanos(limit.nanos),
    currency: limit.currency,
    // A ratio for sorting and charts, not an amount: three decimals, truncated.
    share: Number((spend.nanos * 1000n) / limit.nanos) / 1000,
    // Fractions of the limit: 0.8 for a warning at 80 %, 1 for the limit.
    level: level.rankPpm / 1_000_000,
    warnAt: threshold.warnAtPpm.map((ppm) => ppm / 1_000_000),
    filter: { ...threshold.filter },
    checkedAt: context.checkedAt.toISOString(),
    // Where the operator changes it: the SSM parameter, or the file and key in a local run.
    parameter: context.parameterLocation,
    // False when some usage could not be read: `notRead` names what, and the spend counts only the rest.
    complete: context.incomplete === undefined,
    ...(context.incomplete ? { notRead: [...context.incomplete.notRead] } : {}),
  };

  return { subject: subjectText, default: email, email, sms, payload };
}

/** "a", "a and b", "a, b and c". */
function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? 'some usage';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function renderProblem(problem: AlertProblem, checkedAt: Date, timeZone: string): RenderedMessage {
  const localTime = formatLocalDateTime(checkedAt, timeZone);
  const title = toPrintableAscii(problem.title);
  const product = truncate(toPrintableAscii(problem.product), 40);
  const subjectText = truncate(`[ERROR] Telnyx cost alert, ${product}: ${title}`, SUBJECT_MAX);

  const rows: Array<readonly [string, string]> = [['Product', problem.product]];
  if (problem.period) rows.push(['Period', periodWord(problem.period)]);
  rows.push(['Checked at', `${localTime} (${timeZone})`]);
  if (problem.parameterLocation) rows.push(['Parameter', problem.parameterLocation]);
  const everything = problem.product === ALL;
  const email = [
    everything ? `Telnyx cost alert could not complete its check: ${problem.title}` : `Telnyx cost alert could not check ${problem.product}: ${problem.title}`,
    '',
    problem.detail,
    '',
    ...table(rows),
    '',
    `Until this is fixed, ${problem.consequence ?? (everything ? 'spend is not compared with any limit' : 'spend for this product is not compared with its limits')}. You will hear about this problem at most once a day.`,
    ...(problem.parameterLocation && looksLikeSsmName(problem.parameterLocation) && problem.suggestOverwrite !== false
      ? ['', 'To fix a threshold, e.g.:', `  aws ssm put-parameter --name ${problem.parameterLocation} --overwrite --value '50'`]
      : []),
    '',
  ].join('\n');

  const sms = toGsm7(`Telnyx cost alert ERROR, ${toGsm7(problem.product, 40)}: ${problem.title}. ${problem.detail}`, SMS_MAX);

  const payload = {
    version: PAYLOAD_VERSION,
    severity: 'error',
    signal: 'error',
    product: problem.product,
    ...(problem.period ? { period: problem.period } : {}),
    title: problem.title,
    detail: problem.detail,
    timeZone,
    checkedAt: checkedAt.toISOString(),
    ...(problem.parameterLocation ? { parameter: problem.parameterLocation } : {}),
  };

  return { subject: subjectText, default: email, email, sms, payload };
}

/**
 * The ledger key of a breach's alert series. Identical across runs for the same product, period, currency,
 * limit and filter; the level is the rank, so a critical claims over a warning already sent, and changing
 * the limit (or the filter) starts a new series.
 */
export function alertKeyFor(breach: Breach): string {
  const { threshold, period, limit } = breach;
  return ['breach', threshold.product, period.kind, period.key, `${formatNanos(limit.nanos, 0)} ${limit.currency}`, filterKey(threshold)].join('|');
}

/** 32-bit FNV-1a of the UTF-16 code units, as 8 hex digits: short, stable across runs and runtimes. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** The ledger key of an error alert: the same error (by title) for a product goes out at most once a local day. */
export function errorAlertKey(product: string, title: string, checkedAt: Date, timeZone: string): string {
  return ['error', product, localDateKey(checkedAt, timeZone), fingerprint(title)].join('|');
}

/** When the ledger may forget an alert of `period`: a week after the period ends. */
export function expiresAtFor(period: Pick<Period, 'end'>): Date {
  return new Date(period.end.getTime() + LEDGER_GRACE_MS);
}

export function toAlert(breach: Breach, context: BreachContext): Alert {
  return {
    // An alert from an incomplete read is its own series: it never blocks the alert of a complete read.
    key: context.incomplete ? `${alertKeyFor(breach)}|partial` : alertKeyFor(breach),
    rank: breach.level.rankPpm,
    severity: breach.level.severity,
    signal: 'limit',
    product: breach.threshold.product,
    period: breach.period.kind,
    expiresAt: expiresAtFor(breach.period),
    message: renderBreach(breach, context),
  };
}

export function problemToAlert(problem: AlertProblem, checkedAt: Date, timeZone: string): Alert {
  return {
    // Two problems of one product and title (a nested and a direct parameter) are two alerts.
    key: errorAlertKey(problem.product, [problem.title, problem.parameterLocation].filter(Boolean).join(' '), checkedAt, timeZone),
    rank: ERROR_RANK,
    severity: 'error',
    signal: 'error',
    product: problem.product,
    ...(problem.period ? { period: problem.period } : {}),
    expiresAt: expiresAtFor(periodsAt(checkedAt, timeZone).daily),
    message: renderProblem(problem, checkedAt, timeZone),
  };
}
