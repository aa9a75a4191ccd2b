/**
 * How one managed account's limit alert reads, per SNS protocol, and the alert it makes:
 *
 *   [CRITICAL] Telnyx messaging for Alpha Dental LLC: 25.00 USD of a 20.00 USD daily limit
 *
 * The organization name comes from Telnyx (account-names.ts cleans it); the subject keeps it printable ASCII and
 * the SMS GSM-7 (channel-text.ts), each shortened so that the figures always fit. The alert carries the account
 * (`account` attribute = the user_id) so that a subscription can route one customer's alerts.
 */
import type { AccountLabel } from './account-names';
import type { AccountEvaluation } from './account-rules';
import { accountAlertKey, accountRosterKey, expiresAtFor } from './alert-keys';
import { smsLine, subject, toPrintableAscii, truncate } from './channel-text';
import {
  describePeriod,
  endedPeriodName,
  exactAmount,
  filterText,
  hasEnded,
  limitSmsFigures,
  looksLikeSsmName,
  PAYLOAD_VERSION,
  periodWord,
  wholePercent,
} from './message-parts';
import { formatMoney, formatNanos, percentOf } from './money';
import { formatLocalDateTime } from './periods';
import { table } from './text-table';
import { ppmToPercent } from './threshold-text';
import type { Alert, Level, RenderedMessage } from './types';

/** What an account alert is rendered with besides the evaluation. */
export interface AccountAlertContext {
  readonly checkedAt: Date;
  readonly timeZone: string;
  /** Where the operator changes the threshold (`ThresholdStore.describe(product)`). */
  readonly parameterLocation: string;
  readonly label: AccountLabel;
}

/** A breached evaluation: one with a level. */
export type AccountBreach = AccountEvaluation & { readonly level: Level };

/** The subject's product: printable ASCII, short (product names come from parameter names). */
export function productText(product: string): string {
  return truncate(toPrintableAscii(product), 40);
}

function accountSubject(breach: AccountBreach, context: AccountAlertContext): string {
  const { period, spend, limit, level } = breach;
  const ended = hasEnded(period, context.checkedAt);
  const share = level.severity === 'warning' ? ` (${wholePercent(spend, limit)}%)` : '';
  const tail = `: ${formatMoney({ nanos: spend, currency: breach.threshold.currency })} of a ${formatMoney({ nanos: limit, currency: breach.threshold.currency })} ${periodWord(period.kind)} limit${share}${ended ? ` on ${period.key}` : ''}`;
  return subject(`[${level.severity === 'critical' ? 'CRITICAL' : 'WARNING'}] Telnyx ${productText(breach.threshold.product)} for `, context.label.name, tail);
}

function overrideExample(breach: AccountBreach): string {
  const doubled = formatNanos(breach.limit * 2n, 0);
  return `"overrides": {${JSON.stringify(breach.userId)}: {"${breach.period.kind}": ${doubled}}}`;
}

function accountEmail(breach: AccountBreach, context: AccountAlertContext): string {
  const { threshold, period, spend, limit, level } = breach;
  const { label } = context;
  const critical = level.severity === 'critical';
  const kind = periodWord(period.kind);
  const dayOrMonth = period.kind === 'daily' ? 'day' : 'month';
  const ended = hasEnded(period, context.checkedAt);
  const reached = critical ? `reached its ${kind} limit` : `passed ${ppmToPercent(level.rankPpm)} of its ${kind} limit`;
  const when = ended ? ` in a ${dayOrMonth} that has ended (${endedPeriodName(period, context.checkedAt)})` : '';
  const money = (nanos: bigint) => formatMoney({ nanos, currency: threshold.currency });
  const rows: Array<readonly [string, string]> = [
    ['Account', label.name],
    ['User id', label.userId],
    ...(label.email ? [['Email', label.email] as const] : []),
    ['Product', `${threshold.product}${filterText(threshold)}`],
    ['Period', `${describePeriod(period)}${ended ? ', ended' : ''}`],
    ['Spend', money(spend)],
    ['Limit', `${exactAmount(limit, threshold.currency)} (${breach.source === 'override' ? "this account's override" : 'the default for managed accounts'})`],
    ['Share', `${percentOf(spend, limit).toFixed(1)}% of the limit`],
    ['Level', critical ? 'CRITICAL (limit reached)' : `WARNING (${ppmToPercent(level.rankPpm)} of the limit)`],
    ['Checked at', `${formatLocalDateTime(context.checkedAt, context.timeZone)} (${context.timeZone})`],
  ];
  const where = looksLikeSsmName(context.parameterLocation) ? `the SSM parameter ${context.parameterLocation}` : context.parameterLocation;
  return [
    `Telnyx ${threshold.product} spend of the managed account ${label.name} ${reached}${when}.`,
    '',
    ...table(rows),
    '',
    `Spend is what Telnyx had reported for this account by the time of the check; the ${dayOrMonth} ends at ${formatLocalDateTime(period.end, period.timeZone)}.`,
    critical
      ? `You will not hear about this account's ${kind} limit again for ${period.key}, unless its limit is changed.`
      : `You will hear again if this account's spend reaches ${threshold.warnAtPpm.length > 1 ? 'the next warning level or ' : ''}its limit.`,
    '',
    `To give this account a limit of its own, add it to "overrides" in "managedAccounts" of ${where}, e.g. ${overrideExample(breach)}; ` +
      `"overrides": {${JSON.stringify(breach.userId)}: false} stops its alerts.`,
    '',
  ].join('\n');
}

function accountSms(breach: AccountBreach, context: AccountAlertContext): string {
  const { threshold, period, spend, limit, level } = breach;
  const critical = level.severity === 'critical';
  const money = (nanos: bigint) => formatMoney({ nanos, currency: threshold.currency });
  const when = hasEnded(period, context.checkedAt) ? period.key : period.kind === 'daily' ? 'today' : 'this month';
  const figures = limitSmsFigures(when, money(spend), money(limit), wholePercent(spend, limit), critical);
  return smsLine(`Telnyx ${critical ? 'CRITICAL' : 'WARNING'}: ${productText(threshold.product)} for `, context.label.name, figures);
}

function accountPayload(breach: AccountBreach, context: AccountAlertContext): Record<string, unknown> {
  const { threshold, period, spend, limit, level } = breach;
  return {
    version: PAYLOAD_VERSION,
    severity: level.severity,
    signal: 'limit',
    product: threshold.product,
    account: breach.userId,
    accountName: context.label.named ? context.label.name : null,
    period: period.kind,
    periodKey: period.key,
    periodState: hasEnded(period, context.checkedAt) ? 'ended' : 'current',
    periodStart: period.start.toISOString(),
    periodEnd: period.end.toISOString(),
    timeZone: period.timeZone,
    spend: formatNanos(spend),
    limit: formatNanos(limit),
    limitSource: breach.source,
    currency: threshold.currency,
    share: Number((spend * 1000n) / limit) / 1000,
    level: level.rankPpm / 1_000_000,
    filter: { ...threshold.filter },
    checkedAt: context.checkedAt.toISOString(),
    parameter: context.parameterLocation,
    complete: true,
  };
}

export function renderAccountBreach(breach: AccountBreach, context: AccountAlertContext): RenderedMessage {
  const email = accountEmail(breach, context);
  return { subject: accountSubject(breach, context), default: email, email, sms: accountSms(breach, context), payload: accountPayload(breach, context) };
}

/** The alert of one account's breach: once per account, period, limit and level (its ledger key and rank). */
export function toAccountAlert(breach: AccountBreach, context: AccountAlertContext): Alert {
  return {
    key: accountAlertKey(accountRosterKey(breach.threshold, breach.period), breach.userId, breach.limit),
    rank: breach.level.rankPpm,
    severity: breach.level.severity,
    signal: 'limit',
    product: breach.threshold.product,
    period: breach.period.kind,
    account: breach.userId,
    expiresAt: expiresAtFor(breach.period),
    message: renderAccountBreach(breach, context),
  };
}
