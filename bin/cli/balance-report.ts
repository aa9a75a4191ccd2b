/** The balance in what `check` prints: one line below the table of spend against limits, and the `balance` of `-o json`. */
import type { BalanceEvaluation } from '../../functions/cost-alert/use-cases/check/balance-evaluator';
import { hoursText } from '../../functions/cost-alert/domain/balance-alert';
import { exactAmount } from '../../functions/cost-alert/domain/message-parts';
import { formatMoney, formatNanos } from '../../functions/cost-alert/domain/money';

const LEVEL_WORDS = { minimum: 'below the minimum', warnBelow: 'below the warning level', runway: 'runway short' } as const;

/** `Available credit: 38.40 USD (critical: below the minimum of 50.00 USD); runway about 7 hours at 5.03 USD/h.` */
export function balanceLine(evaluation: BalanceEvaluation): string {
  const { account, settings, status } = evaluation;
  if (!account) return 'Available credit: not read (see the problems below); the balance threshold was not checked.';
  const money = (nanos: bigint) => formatMoney({ nanos, currency: account.currency });
  if (status === 'currency-mismatch') {
    return `Available credit: ${money(account.available)}, in ${account.currency}; the balance threshold is in ${evaluation.currency}, so it was not compared.`;
  }
  const levels = [
    settings.minimum === undefined ? '' : `minimum ${exactAmount(settings.minimum, account.currency)}`,
    settings.warnBelow === undefined ? '' : `warn below ${exactAmount(settings.warnBelow, account.currency)}`,
  ].filter(Boolean);
  const crossed = evaluation.crossed.map((level) => LEVEL_WORDS[level]).join(', ');
  const judged = `${status}${crossed ? `: ${crossed}` : ''}${levels.length > 0 ? `; ${levels.join(', ')}` : ''}`;
  return `Available credit: ${money(account.available)} (${judged})${runwayText(evaluation)}.`;
}

function runwayText({ pace, runway, settings, account }: BalanceEvaluation): string {
  if (settings.runwayHours === undefined || !account) return '';
  if (pace.status === 'incomplete') return `; runway unknown (${pace.notRead.join(', ')} not read)`;
  if (!runway) return '; runway unknown (no spend in the last 24 hours)';
  const perHour = formatMoney({ nanos: runway.perHour, currency: account.currency });
  return `; runway ${hoursText(runway.hoursLeft)} at ${perHour}/h (warning under ${settings.runwayHours} h)`;
}

/** The balance in `check -o json`: amounts as exact decimal strings. */
export function balanceJson(evaluation: BalanceEvaluation): Record<string, unknown> {
  const { account, settings, pace, runway } = evaluation;
  const exact = (nanos: bigint | undefined) => (nanos === undefined ? null : formatNanos(nanos));
  return {
    parameter: evaluation.parameter,
    currency: evaluation.currency,
    level: evaluation.status,
    crossed: [...evaluation.crossed],
    available: exact(account?.available),
    balanceCurrency: account?.currency ?? null,
    balance: exact(account?.balance),
    creditLimit: exact(account?.creditLimit),
    pending: exact(account?.pending),
    minimum: exact(settings.minimum),
    warnBelow: exact(settings.warnBelow),
    runwayHours: settings.runwayHours ?? null,
    pace:
      pace.status === 'read'
        ? { status: 'read', spend: formatNanos(pace.pace.spend), from: pace.pace.from.toISOString(), to: pace.pace.to.toISOString() }
        : { ...pace },
    pacePerHour: exact(runway?.perHour),
    hoursLeft: runway ? Number(runway.hoursLeft) : null,
    runsOutAt: runway?.runsOutAt?.toISOString() ?? null,
  };
}
