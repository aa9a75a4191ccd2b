/**
 * The available credit in the daily digest, when a `balance` threshold exists: the credit and its parts, the level
 * it is below, and how long it lasts at the pace of the 24 hours before today (the digest's own hourly series:
 * no request but the balance). Pure: use-cases/digest/digest-balance.ts reads it.
 */
import type { AccountBalance, PaceReading, Runway } from './balance';
import { judgeBalance } from './balance';
import { hoursText } from './balance-alert';
import { exactAmount } from './message-parts';
import { formatMoney, formatNanos } from './money';
import { describeThreshold } from './threshold-text';
import type { ThresholdSettings } from './threshold-values';

export interface DigestBalance {
  readonly threshold: ThresholdSettings;
  /** Undefined when it could not be read: `problem` says why. */
  readonly account?: AccountBalance;
  readonly problem?: string;
  readonly pace: PaceReading;
  readonly runway?: Runway;
}

/** The email's section. */
export function balanceSection(digest: DigestBalance): string[] {
  const { account, threshold } = digest;
  const section = [`Available credit (balance threshold: ${describeThreshold(threshold)}):`];
  if (!account) return [...section, `  Not read: ${digest.problem ?? 'unknown reason'}.`];
  const money = (nanos: bigint) => formatMoney({ nanos, currency: account.currency });
  const parts = [
    account.balance === undefined ? '' : `balance ${money(account.balance)}`,
    account.creditLimit === undefined ? '' : `credit limit ${money(account.creditLimit)}`,
    account.pending === undefined ? '' : `pending ${money(account.pending)}`,
  ].filter(Boolean);
  section.push(`  ${money(account.available)}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}: ${levelText(digest, account)}.`);
  section.push(`  Runway: ${runwayText(digest, account)}.`);
  return section;
}

function levelText(digest: DigestBalance, account: AccountBalance): string {
  const verdict = judgeBalance({
    settings: digest.threshold.balance ?? {},
    currency: digest.threshold.currency,
    balance: account,
    pace: { status: 'not-asked' },
    now: new Date(0),
  });
  if (verdict.kind === 'currency-mismatch') return `in ${account.currency}, not compared with the threshold's ${digest.threshold.currency} levels`;
  if (!verdict.level) return 'above its levels';
  return `below the ${exactAmount(verdict.level.amount, account.currency)} ${verdict.level.kind === 'minimum' ? 'minimum' : 'warning level'}`;
}

function runwayText(digest: DigestBalance, account: AccountBalance): string {
  const { pace, runway } = digest;
  if (pace.status === 'incomplete') return `unknown (${pace.notRead.join(', ')} not read)`;
  if (!runway) return 'no spend in the 24 hours before today, so no estimate';
  const perHour = formatMoney({ nanos: runway.perHour, currency: account.currency });
  const lasts = runway.runsOutAt ? hoursText(runway.hoursLeft) : 'more than a year';
  return `${lasts} at the pace of the 24 hours before today (${perHour}/h)`;
}

/** For the SMS: ' Credit 38.40 USD, 9 h left.' */
export function balanceSmsExtra(digest: DigestBalance): string | undefined {
  const { account, runway } = digest;
  if (!account) return ' Credit not read.';
  const lasts = runway ? `, ${runway.runsOutAt ? `${runway.hoursLeft} h` : 'over a year'} left` : '';
  return ` Credit ${formatMoney({ nanos: account.available, currency: account.currency })}${lasts}.`;
}

/** For machines: exact decimal strings. */
export function balancePayload(digest: DigestBalance): Record<string, unknown> {
  const { account, runway, pace } = digest;
  const exact = (nanos: bigint | undefined) => (nanos === undefined ? null : formatNanos(nanos));
  return {
    currency: account?.currency ?? digest.threshold.currency,
    available: exact(account?.available),
    balance: exact(account?.balance),
    creditLimit: exact(account?.creditLimit),
    pending: exact(account?.pending),
    ...(digest.problem ? { problem: digest.problem } : {}),
    pace:
      pace.status === 'read'
        ? { status: 'read', spend: formatNanos(pace.pace.spend), from: pace.pace.from.toISOString(), to: pace.pace.to.toISOString() }
        : pace,
    pacePerHour: exact(runway?.perHour),
    hoursLeft: runway ? Number(runway.hoursLeft) : null,
    runsOutAt: runway?.runsOutAt?.toISOString() ?? null,
  };
}
