/**
 * How a balance alert reads (balance.ts decides when one is due): the credit below a level (`Telnyx BALANCE: ...`),
 * or running out within the runway (`Telnyx RUNWAY: ...`). Attributes `signal=balance`, `product=balance`,
 * `period=daily`; each level at most once a local day (alert-keys.ts). The email carries everything an operator
 * needs to act: the credit, its parts, the pace and how it was computed, when it would run out, what to do.
 */
import { balanceAlertKey, expiresAtFor } from './alert-keys';
import type { AccountBalance, CreditLevel, PaceReading, Runway } from './balance';
import { PACE_HOURS } from './balance';
import { SMS_MAX, SUBJECT_MAX, toGsm7, toPrintableAscii, truncate } from './channel-text';
import { changeHint, exactAmount, listOf, PAYLOAD_VERSION } from './message-parts';
import { formatMoney, formatNanos } from './money';
import { formatLocalDateTime, localDateKey, periodsAt } from './periods';
import { table } from './text-table';
import { describeThreshold, formatThresholdValue } from './threshold-text';
import type { ThresholdSettings } from './threshold-values';
import { type Alert, BALANCE, type RenderedMessage } from './types';

/** Everything a balance alert is rendered from. */
export interface BalanceAlertCase {
  readonly threshold: ThresholdSettings;
  readonly balance: AccountBalance;
  readonly pace: PaceReading;
  readonly runway?: Runway;
  readonly checkedAt: Date;
  readonly timeZone: string;
  /** Where the operator changes the threshold. */
  readonly parameterLocation: string;
}

const TOP_UP = 'Top up to keep calls and messages running.';

function money(nanos: bigint, currency: string): string {
  return formatMoney({ nanos, currency });
}

/** 'about 5 hours', 'about 1 hour', 'less than an hour'. */
export function hoursText(hours: bigint): string {
  if (hours < 1n) return 'less than an hour';
  return `about ${hours} hour${hours === 1n ? '' : 's'}`;
}

/** A time on the clock of the zone, with the zone: '2026-11-27 22:10 (Europe/Berlin)'. */
function local(at: Date, timeZone: string): string {
  return `${formatLocalDateTime(at, timeZone).slice(0, 16).replace('T', ' ')} (${timeZone})`;
}

/** How the pace was computed, or why there is none. */
export function paceText(c: Pick<BalanceAlertCase, 'pace' | 'runway' | 'timeZone' | 'balance'>): string {
  const { pace, runway, timeZone } = c;
  const currency = c.balance.currency;
  if (pace.status === 'not-asked') return 'not computed (the threshold has no "runwayHours")';
  if (pace.status === 'incomplete') return `not known this time: ${listOf(pace.notRead)} could not be read, so there is no runway estimate`;
  const clock = (at: Date) => formatLocalDateTime(at, timeZone).slice(0, 16).replace('T', ' ');
  const span = `the ${PACE_HOURS} hours from ${clock(pace.pace.from)} to ${clock(pace.pace.to)} (${timeZone})`;
  if (!runway) return `no spend in ${span}: no runway estimate`;
  return `${money(runway.perHour, currency)}/h: ${money(pace.pace.spend, currency)} spent by every product with a cost in ${span}, divided by ${PACE_HOURS}`;
}

/** How long the credit lasts, for the email. */
function runwayRow(c: BalanceAlertCase): string | undefined {
  const { runway } = c;
  if (!runway) return undefined;
  if (!runway.runsOutAt) return 'more than a year at that pace';
  return `${hoursText(runway.hoursLeft)} at that pace: it runs out around ${local(runway.runsOutAt, c.timeZone)}`;
}

function amountOrUnknown(nanos: bigint | undefined, currency: string): string {
  return nanos === undefined ? 'not given by Telnyx' : money(nanos, currency);
}

function email(c: BalanceAlertCase, headline: string, levelText: string, repeat: string): string {
  const { balance, timeZone } = c;
  const rows: Array<readonly [string, string]> = [
    ['Available credit', `${money(balance.available, balance.currency)} (balance plus credit limit)`],
    ['Balance', amountOrUnknown(balance.balance, balance.currency)],
    ['Credit limit', amountOrUnknown(balance.creditLimit, balance.currency)],
    ['Pending', amountOrUnknown(balance.pending, balance.currency)],
    ['Level', levelText],
    ['Pace', paceText(c)],
  ];
  const runway = runwayRow(c);
  if (runway) rows.push(['Runway', runway]);
  rows.push(['Checked at', local(c.checkedAt, timeZone)], ['Threshold', describeThreshold(c.threshold)]);
  return [
    headline,
    '',
    ...table(rows),
    '',
    'What to do: top up in the Telnyx portal (Billing), or turn on auto-recharge there so that a payment is made before the credit runs out.',
    repeat,
    '',
    ...changeHint(c.parameterLocation, formatThresholdValue(c.threshold)),
    '',
  ].join('\n');
}

function payload(c: BalanceAlertCase, level: string, severity: string): Record<string, unknown> {
  const { balance, threshold, pace, runway } = c;
  const exact = (nanos: bigint | undefined) => (nanos === undefined ? null : formatNanos(nanos));
  return {
    version: PAYLOAD_VERSION,
    severity,
    signal: 'balance',
    product: BALANCE,
    period: 'daily',
    level,
    currency: balance.currency,
    available: formatNanos(balance.available),
    balance: exact(balance.balance),
    creditLimit: exact(balance.creditLimit),
    pending: exact(balance.pending),
    minimum: exact(threshold.balance?.minimum),
    warnBelow: exact(threshold.balance?.warnBelow),
    runwayHours: threshold.balance?.runwayHours ?? null,
    pace:
      pace.status === 'read'
        ? { status: 'read', spend: formatNanos(pace.pace.spend), from: pace.pace.from.toISOString(), to: pace.pace.to.toISOString() }
        : pace,
    pacePerHour: runway ? formatNanos(runway.perHour) : null,
    hoursLeft: runway ? Number(runway.hoursLeft) : null,
    runsOutAt: runway?.runsOutAt?.toISOString() ?? null,
    day: localDateKey(c.checkedAt, c.timeZone),
    timeZone: c.timeZone,
    checkedAt: c.checkedAt.toISOString(),
    parameter: c.parameterLocation,
  };
}

function alertOf(c: BalanceAlertCase, level: string, setting: string, severity: 'warning' | 'critical', message: RenderedMessage): Alert {
  return {
    key: balanceAlertKey(level, localDateKey(c.checkedAt, c.timeZone), setting),
    rank: 1,
    severity,
    signal: 'balance',
    product: BALANCE,
    period: 'daily',
    expiresAt: expiresAtFor(periodsAt(c.checkedAt, c.timeZone).daily),
    message,
  };
}

const subjectOf = (text: string) => truncate(toPrintableAscii(text), SUBJECT_MAX);

/** The available credit is below the minimum (critical) or the warning level. */
export function creditAlert(c: BalanceAlertCase, level: CreditLevel): Alert {
  const { balance } = c;
  const available = money(balance.available, balance.currency);
  const amount = exactAmount(level.amount, balance.currency);
  const critical = level.kind === 'minimum';
  const below = critical ? `below your ${amount} minimum` : `below your ${amount} warning level`;
  const text = email(
    c,
    `Telnyx available credit is ${available}, ${below}. When it runs out, calls and messages stop.`,
    critical ? `CRITICAL: below the minimum of ${amount}` : `WARNING: below the warning level of ${amount}`,
    `You will not hear about this level again today, even if the credit is topped up and falls below it again the same day.`,
  );
  const message: RenderedMessage = {
    subject: subjectOf(`[${critical ? 'CRITICAL' : 'WARNING'}] Telnyx balance: ${available} available, ${below.replace('your ', 'the ')}`),
    default: text,
    email: text,
    sms: toGsm7(`Telnyx BALANCE: ${available} available, ${below}. ${TOP_UP}`, SMS_MAX),
    payload: payload(c, level.kind, level.severity),
  };
  return alertOf(c, level.kind, exactAmount(level.amount, balance.currency), level.severity, message);
}

/** At the recent pace the credit lasts fewer hours than `runwayHours`. */
export function runwayAlert(c: BalanceAlertCase, runway: Runway, runwayHours: number): Alert {
  const { balance } = c;
  const available = money(balance.available, balance.currency);
  const perHour = `${money(runway.perHour, balance.currency)}/h`;
  const hours = hoursText(runway.hoursLeft);
  const text = email(
    c,
    `Telnyx credit runs out in ${hours} at the last ${PACE_HOURS} hours' pace (${perHour}): ${available} left, less than your ${runwayHours}-hour runway. When it runs out, calls and messages stop.`,
    `WARNING: runway under ${runwayHours} hours`,
    `You will not hear about the runway again today, even if the credit is topped up and runs short again the same day.`,
  );
  const message: RenderedMessage = {
    subject: subjectOf(`[WARNING] Telnyx runway: ${hours} of credit left (${available} at ${perHour})`),
    default: text,
    email: text,
    sms: toGsm7(`Telnyx RUNWAY: ${available} left, ${hours} at the last ${PACE_HOURS} hours' pace (${perHour}).`, SMS_MAX),
    payload: payload(c, 'runway', 'warning'),
  };
  return alertOf(c, 'runway', `${runwayHours}h`, 'warning', message);
}
