/**
 * How a limit alert reads, per SNS protocol (subject, email, SMS, JSON payload), and the alert it makes.
 * A breach of a current period says how far spend got; one of an ended period (late usage in the grace
 * time) says so in every body; one from an incomplete read names what was not read.
 */
import { alertKeyFor, expiresAtFor } from './alert-keys';
import { smsLine, subject, truncate } from './channel-text';
import {
  limitSmsFigures,
  type BreachContext,
  changeHint,
  describePeriod,
  endedPeriodName,
  exactAmount,
  filterText,
  hasEnded,
  listOf,
  PAYLOAD_VERSION,
  periodWord,
  wholePercent,
} from './message-parts';
import { formatMoney, formatNanos, percentOf } from './money';
import { formatLocalDateTime } from './periods';
import { table } from './text-table';
import { describeThreshold, formatThresholdValue, ppmToPercent } from './threshold-text';
import type { Alert, Breach, RenderedMessage } from './types';

/** What every body of one breach's alert says, worded once. */
interface BreachWords {
  readonly product: string;
  readonly critical: boolean;
  readonly spendText: string;
  readonly limitText: string;
  /** Share of the limit, floored to a whole percent. */
  readonly floored: number;
  /** 'daily' or 'monthly'. */
  readonly kind: string;
  readonly dayOrMonth: 'day' | 'month';
  readonly ended: boolean;
  /** "yesterday, 2026-11-29: 70.00 USD of a 50.00 USD daily limit" for an ended period; '' otherwise. */
  readonly endedText: string;
  /** What could not be read ("voice and fax"), for a breach from an incomplete read. */
  readonly notRead: string | undefined;
}

function wordsOf(breach: Breach, context: BreachContext): BreachWords {
  const { threshold, period, spend, limit, level } = breach;
  const spendText = formatMoney(spend);
  const limitText = exactAmount(limit.nanos, limit.currency);
  const kind = periodWord(period.kind);
  const ended = hasEnded(period, context.checkedAt);
  return {
    product: threshold.product,
    critical: level.severity === 'critical',
    spendText,
    limitText,
    floored: wholePercent(spend.nanos, limit.nanos),
    kind,
    dayOrMonth: period.kind === 'daily' ? 'day' : 'month',
    ended,
    // An ended period says so in every body.
    endedText: ended ? `${endedPeriodName(period, context.checkedAt)}: ${spendText} of a ${limitText} ${kind} limit` : '',
    notRead: context.incomplete ? listOf(context.incomplete.notRead) : undefined,
  };
}

function breachSubject(words: BreachWords): string {
  const { product, critical, kind, spendText, limitText, floored, ended, endedText } = words;
  const tail = words.notRead === undefined ? '' : ' (incomplete)';
  if (ended) return subject(`[${critical ? 'CRITICAL' : 'WARNING'}] Telnyx `, product, ` ${endedText}${tail}`);
  return critical
    ? subject('[CRITICAL] Telnyx ', product, ` ${kind} spend ${spendText} reached limit ${limitText}${tail}`)
    : subject('[WARNING] Telnyx ', product, ` ${kind} spend at ${floored}% of ${limitText}${tail}`);
}

function breachEmail(breach: Breach, context: BreachContext, words: BreachWords): string {
  const { threshold, period, level } = breach;
  const { product, critical, kind, dayOrMonth, ended, endedText, notRead } = words;
  const reached = critical ? `reached its ${kind} limit` : `passed ${ppmToPercent(level.rankPpm)} of its ${kind} limit`;
  const periodEnd = formatLocalDateTime(period.end, period.timeZone);
  return [
    ended ? `Telnyx ${product} spend ${reached} in a ${dayOrMonth} that has ended: ${endedText}.` : `Telnyx ${product} spend ${reached}.`,
    '',
    ...(notRead === undefined
      ? []
      : [
          `Incomplete: ${notRead} could not be read. The spend below counts only what was read (none of it carried a credit); a credit in what was not read would lower it. When a complete read reaches this level, you get that alert as well.`,
          '',
        ]),
    ...table(breachRows(breach, context, words)),
    '',
    ended
      ? `The ${dayOrMonth} ended at ${periodEnd}: this spend was reported after the last check of the ${dayOrMonth}, or late, and is checked for a few hours after its end.`
      : `Spend is what Telnyx had reported by the time of the check; the ${dayOrMonth} ends at ${periodEnd}.`,
    critical
      ? ended
        ? `You will not hear about this ${kind} limit for ${period.key} again.`
        : `You will not hear about this ${kind} limit again until the next ${dayOrMonth}, unless it is changed.`
      : `You will hear again if spend reaches ${threshold.warnAtPpm.some((ppm) => ppm > level.rankPpm) ? 'the next warning level or ' : ''}the limit.`,
    '',
    ...changeHint(context.parameterLocation, formatThresholdValue(threshold)),
    '',
  ].join('\n');
}

/** The email's `Label: value` block. */
function breachRows(breach: Breach, context: BreachContext, words: BreachWords): Array<readonly [string, string]> {
  const { threshold, period, spend, limit, level } = breach;
  const { spendText, notRead } = words;
  const timeZone = context.timeZone ?? period.timeZone;
  return [
    ['Product', `${words.product}${filterText(threshold)}`],
    ['Period', `${describePeriod(period)}${words.ended ? ', ended' : ''}`],
    ['Spend', notRead === undefined ? spendText : `at least ${spendText} from what was read; ${notRead} could not be read`],
    ['Limit', words.limitText],
    ['Share', `${percentOf(spend.nanos, limit.nanos).toFixed(1)}% of the limit`],
    ['Level', words.critical ? 'CRITICAL (limit reached)' : `WARNING (${ppmToPercent(level.rankPpm)} of the limit)`],
    ['Checked at', `${formatLocalDateTime(context.checkedAt, timeZone)} (${timeZone})`],
    ['Threshold', describeThreshold(threshold)],
  ];
}

function breachSms(breach: Breach, words: BreachWords): string {
  const { critical, spendText, limitText, floored, ended, endedText, notRead } = words;
  const when = breach.period.kind === 'daily' ? 'today' : 'this month';
  const incomplete = notRead === undefined ? '' : ` Incomplete: ${truncate(notRead, 40)} not read.`;
  const tail = ended ? ` ${endedText} (${floored}%).` : limitSmsFigures(when, spendText, limitText, floored, critical);
  return smsLine(`Telnyx ${critical ? 'CRITICAL' : 'WARNING'}: `, words.product, tail + incomplete);
}

function breachPayload(breach: Breach, context: BreachContext, ended: boolean): Record<string, unknown> {
  const { threshold, period, spend, limit, level } = breach;
  return {
    version: PAYLOAD_VERSION,
    severity: level.severity,
    signal: 'limit',
    product: threshold.product,
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
}

export function renderBreach(breach: Breach, context: BreachContext): RenderedMessage {
  const words = wordsOf(breach, context);
  const email = breachEmail(breach, context, words);
  return { subject: breachSubject(words), default: email, email, sms: breachSms(breach, words), payload: breachPayload(breach, context, words.ended) };
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
