/**
 * The managed accounts' limits: every managed account of the key, in each period the run tracks, against the
 * limits of the threshold's `managedAccounts` (domain/account-rules.ts). Which of them alert is decided after
 * evaluation, with the ledger's rosters (account-alerts.ts).
 *
 * Reads: one per (product, period) with `managed_accounts=true` and `user_id` among the dimensions (a handful of
 * requests however many accounts there are: paging only), shared by a product's threshold and the total; never
 * the key's own reads, so the two are never mixed. A read that fails makes the evaluation of that threshold in
 * that period incomplete, as for the own account: the failure is reported with the others (read-failures.ts, one
 * outage one alert), the run fails, and no account is evaluated from what was read (no false alarm, no silent zero).
 */
import { hasAccountLimit } from '../../domain/account-limits';
import { type AccountEvaluation, judgeAccounts } from '../../domain/account-rules';
import { type AccountSpend, accountSums } from '../../domain/account-spend';
import { type Period, type Threshold, TOTAL } from '../../domain/types';
import { accountSpendRead, type Filtered, productFilter, type ReadOutcome, type ReadResults, type UsageRead } from '../usage-reads';
import type { CheckRun, TrackedPeriod } from './check-run';
import type { EvaluationInput, Evaluator } from './evaluators';

const KINDS = ['daily', 'monthly'] as const;

/** The managed accounts' spend reads behind a threshold in a period: its product's, or every listed product's for the total. */
export function accountReadsOf(run: CheckRun, input: EvaluationInput, threshold: Threshold, period: Period): UsageRead<Filtered<AccountSpend>>[] {
  const products = threshold.product === TOTAL ? (input.products.names ?? []) : [threshold.product];
  return products.map((product) => accountSpendRead(product, period, productFilter(input.thresholds, product), run.now, run.accountIndex));
}

/** Each threshold with managed accounts, each kind one of their limits has, each tracked period of that kind. */
function casesOf(run: CheckRun, input: EvaluationInput): Array<{ threshold: Threshold; tracked: TrackedPeriod }> {
  return input.thresholds.flatMap((threshold) => {
    const managed = threshold.managedAccounts;
    if (!managed) return [];
    return KINDS.filter((kind) => hasAccountLimit(managed, kind)).flatMap((kind) => run.periodsOf(kind).map((tracked) => ({ threshold, tracked })));
  });
}

export const accountEvaluator: Evaluator = {
  reads(run, input) {
    return casesOf(run, input).flatMap(({ threshold, tracked }) => accountReadsOf(run, input, threshold, tracked.period));
  },

  evaluate(run, input, results) {
    const accounts: AccountEvaluation[] = [];
    const saidWithout = new Set<string>();
    for (const { threshold, tracked } of casesOf(run, input)) {
      const outcomes = accountReadsOf(run, input, threshold, tracked.period).map((read) => results.of(read));
      for (const evaluation of judgeCase(run, { input, results, threshold, tracked, outcomes }, saidWithout)) accounts.push(evaluation);
    }
    return { evaluations: [], alerts: [], accounts };
  },
};

interface AccountCase {
  readonly input: EvaluationInput;
  readonly results: ReadResults;
  readonly threshold: Threshold;
  readonly tracked: TrackedPeriod;
  readonly outcomes: readonly ReadOutcome<Filtered<AccountSpend>>[];
}

/** One threshold's managed accounts in one period; nothing when some of their usage could not be read. Logs one line, never one per account. */
function judgeCase(run: CheckRun, { input, results, threshold, tracked, outcomes }: AccountCase, saidWithout: Set<string>): AccountEvaluation[] {
  const { period, state } = tracked;
  const isTotal = threshold.product === TOTAL;
  const spends = outcomes.map((outcome) => (isTotal ? outcome.value.all : outcome.value.filtered));
  const withoutAccount = outcomes.filter((outcome) => outcome.ok && outcome.value.all.withoutAccount > 0);
  for (const { read, value } of withoutAccount) reportRowsWithoutAccount(run, read.product, value.all.withoutAccount, saidWithout);
  const complete =
    !results.keyRefused &&
    outcomes.length > 0 &&
    outcomes.every((outcome) => outcome.ok) &&
    withoutAccount.length === 0 &&
    (!isTotal || input.products.names !== undefined);
  const which = `${period.kind}${state === 'ended' ? ` ${period.key} (ended)` : ''}`;
  if (!complete) {
    if (!results.keyRefused) run.problem({ failure: `${threshold.product} managed accounts ${which}: not evaluated, some of their usage could not be read` });
    run.deps.log.info('Managed accounts evaluated', { product: threshold.product, period: period.kind, periodKey: period.key, periodState: state, complete });
    return [];
  }
  const { evaluations, judged } = judgeAccounts(threshold, period, state, accountSums(spends, threshold.currency), run.deps.accountsKept ?? 'all');
  const notCounted = [...new Set(spends.flatMap((spend) => spend.currencies()))].filter((currency) => currency !== threshold.currency).sort();
  run.deps.log.info('Managed accounts evaluated', {
    product: threshold.product,
    period: period.kind,
    periodKey: period.key,
    periodState: state,
    currency: threshold.currency,
    accounts: judged,
    warning: evaluations.filter((evaluation) => evaluation.level?.severity === 'warning').length,
    critical: evaluations.filter((evaluation) => evaluation.level?.severity === 'critical').length,
    complete,
    ...(notCounted.length > 0 ? { notCounted } : {}),
  });
  return evaluations;
}

/**
 * Rows of a `managed_accounts=true` read without a user_id belong to no account: a server that ignored the parameter
 * would send the key's own rows this way. Said once a day per product; the evaluation is incomplete meanwhile.
 */
function reportRowsWithoutAccount(run: CheckRun, product: string, rows: number, said: Set<string>): void {
  if (said.has(product)) return;
  said.add(product);
  const detail = `Telnyx sent ${rows} ${product} usage row(s) without a user_id when asked for the managed accounts' usage (managed_accounts=true, user_id among the dimensions), so they belong to no account. The managed accounts' limits of ${product} were not checked this time.`;
  run.problem({
    alert: { product, title: "Managed accounts' usage without user_id", detail },
    failure: `${product} managed accounts: ${rows} row(s) without a user_id`,
  });
  run.deps.log.error("Managed accounts' usage rows without user_id", { product, rows });
}
