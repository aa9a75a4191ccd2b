/**
 * The balance evaluator: the account's available credit against the `balance` threshold (domain/balance.ts).
 *
 * - Reads: the balance (one request), and with `runwayHours` the hourly series of every product with a cost over
 *   the same window the forecast and spike read (signal-evaluator.ts `hourlyWindow`), so that a product whose
 *   signals are on costs nothing more; without signals, one hourly request per product with a cost.
 * - Evaluate: the credit below `minimum` (critical) or `warnBelow` (warning), the runway shorter than
 *   `runwayHours` (warning); each alert at most once per level and local day (domain/balance-alert.ts). A balance
 *   that could not be read is reported with the other read failures (read-failures.ts); a balance in another
 *   currency than the threshold's is one error alert, and nothing is compared. Logs `Balance evaluated` (the
 *   dashboard's available-credit widget reads it).
 */
import { creditAlert, runwayAlert } from '../../domain/balance-alert';
import { type AccountBalance, judgeBalance, paceWindow, type PaceReading, type Runway } from '../../domain/balance';
import { formatMoney } from '../../domain/money';
import { type Alert, BALANCE, type BalanceSettings, type Threshold } from '../../domain/types';
import { balanceRead, NO_BALANCE_ALERT, paceFrom } from '../balance-read';
import { hourlyRead, productFilter } from '../usage-reads';
import type { CheckRun } from './check-run';
import type { EvaluationInput, Evaluator, EvaluatorResult } from './evaluators';
import { displayAmount } from './limit-evaluator';
import { hourlyWindow } from './signal-evaluator';

/** The balance as the check judged it, for `check -o json` and the CLI's table. */
export interface BalanceEvaluation {
  readonly parameter: string;
  /** The threshold's currency. */
  readonly currency: string;
  readonly settings: BalanceSettings;
  /** Undefined when the balance could not be read. */
  readonly account?: AccountBalance;
  /** The highest level crossed; `unknown` when not read, `currency-mismatch` when nothing could be compared. */
  readonly status: 'ok' | 'warning' | 'critical' | 'unknown' | 'currency-mismatch';
  /** The levels the credit is past this run. */
  readonly crossed: ReadonlyArray<'minimum' | 'warnBelow' | 'runway'>;
  readonly pace: PaceReading;
  readonly runway?: Runway;
}

/** The enabled `balance` threshold, if there is one. */
export function balanceThreshold(thresholds: readonly Threshold[]): Threshold | undefined {
  return thresholds.find((threshold) => threshold.product === BALANCE);
}

/** The hourly reads behind the pace: every listed product's, as the forecast and spike declare them. */
function paceReads(run: CheckRun, input: EvaluationInput) {
  return (input.products.names ?? []).map((product) => hourlyRead(product, productFilter(input.thresholds, product), [hourlyWindow(run)]));
}

export const balanceEvaluator: Evaluator = {
  reads(run, input) {
    const threshold = balanceThreshold(input.thresholds);
    if (!threshold) return [];
    return [balanceRead(), ...(threshold.balance?.runwayHours === undefined ? [] : paceReads(run, input))];
  },

  evaluate(run, input, results): EvaluatorResult {
    const threshold = balanceThreshold(input.thresholds);
    if (!threshold) return { evaluations: [], alerts: [] };
    const settings = threshold.balance ?? {};
    const base = { parameter: threshold.parameterName, currency: threshold.currency, settings };
    const outcome = results.of(balanceRead());
    const account = outcome.value.balance;
    if (results.keyRefused || !outcome.ok || account === undefined) {
      // Why is reported with the other read failures: one outage, one alert.
      run.deps.log.info('Balance evaluated', { currency: threshold.currency, alertLevel: 'unknown', complete: false });
      return { evaluations: [], alerts: [], balance: { ...base, status: 'unknown', crossed: [], pace: { status: 'not-asked' } } };
    }
    const pace: PaceReading =
      settings.runwayHours === undefined
        ? { status: 'not-asked' }
        : paceFrom(results, paceReads(run, input), input.products.names !== undefined, account.currency, paceWindow(run.now));
    const verdict = judgeBalance({ settings, currency: threshold.currency, balance: account, pace, now: run.now });
    if (verdict.kind === 'currency-mismatch') {
      reportCurrencyMismatch(run, threshold, account);
      return { evaluations: [], alerts: [], balance: { ...base, account, status: 'currency-mismatch', crossed: [], pace } };
    }
    const context = {
      threshold,
      balance: account,
      pace,
      ...(verdict.runway ? { runway: verdict.runway } : {}),
      checkedAt: run.now,
      timeZone: run.timeZone,
      parameterLocation: run.deps.thresholds.describe(BALANCE),
    };
    const alerts: Alert[] = [];
    if (verdict.level) alerts.push(creditAlert(context, verdict.level));
    if (verdict.runwayShort && verdict.runway && settings.runwayHours !== undefined) alerts.push(runwayAlert(context, verdict.runway, settings.runwayHours));
    const crossed = [...(verdict.level ? [verdict.level.kind] : []), ...(verdict.runwayShort ? (['runway'] as const) : [])];
    const status = verdict.level?.severity ?? (verdict.runwayShort ? 'warning' : 'ok');
    const evaluation: BalanceEvaluation = { ...base, account, status, crossed, pace, ...(verdict.runway ? { runway: verdict.runway } : {}) };
    logEvaluation(run, evaluation, account);
    return { evaluations: [], alerts, balance: evaluation };
  },
};

/** `Balance evaluated`: the available credit as a number for the dashboard (decisions use nano-units), the level, the runway. */
function logEvaluation(run: CheckRun, evaluation: BalanceEvaluation, account: AccountBalance): void {
  const { runway, pace } = evaluation;
  run.deps.log.info('Balance evaluated', {
    currency: account.currency,
    available: formatMoney({ nanos: account.available, currency: account.currency }),
    availableAmount: displayAmount(account.available),
    alertLevel: evaluation.status,
    crossed: evaluation.crossed,
    complete: true,
    pace: pace.status,
    ...(runway ? { pacePerHourAmount: displayAmount(runway.perHour), hoursLeft: Number(runway.hoursLeft) } : {}),
    ...(pace.status === 'incomplete' ? { paceNotRead: pace.notRead } : {}),
  });
}

/** Amounts of different currencies are never compared: one error alert a day naming both, no level judged. */
function reportCurrencyMismatch(run: CheckRun, threshold: Threshold, account: AccountBalance): void {
  const location = run.deps.thresholds.describe(BALANCE);
  const detail =
    `Telnyx reports the balance in ${account.currency}, but the balance threshold is in ${threshold.currency}: the available credit ` +
    `(${formatMoney({ nanos: account.available, currency: account.currency })}) was not compared with any level, since amounts of different ` +
    `currencies are never compared. Set "currency": "${account.currency}" in the threshold, with its levels in ${account.currency}.`;
  run.problem({
    alert: { product: BALANCE, title: 'Balance currency differs from the threshold', detail, parameterLocation: location, consequence: NO_BALANCE_ALERT },
    failure: `balance: the balance is in ${account.currency}, the threshold in ${threshold.currency}`,
  });
  run.deps.log.error('Balance currency differs from the threshold', { balanceCurrency: account.currency, thresholdCurrency: threshold.currency });
}
