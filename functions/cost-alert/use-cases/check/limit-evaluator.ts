/**
 * The limit evaluator: spend of each threshold's product (or of every product, for `total`) in each period
 * the run tracks, against the threshold's levels (domain/limit-rules.ts).
 *
 * Reads: one spend read per (product, period) that a limit needs: a product's own thresholds, and every
 * listed product for the total.
 */
import { breachOf as evaluateLimit } from '../../domain/limit-rules';
import { describeFilterMiss, partialSpendIsLowerBound, type SpendTally } from '../../domain/spend-tally';
import { toAlert } from '../../domain/breach-alert';
import { formatMoney } from '../../domain/money';
import { type Alert, type Breach, type Period, type Threshold, TOTAL } from '../../domain/types';
import { type Filtered, productFilter, type ReadOutcome, type ReadResults, rowsUsable, spendRead, type UsageRead } from '../usage-reads';
import type { CheckRun, TrackedPeriod } from './check-run';
import type { Evaluation, EvaluationInput, Evaluator } from './evaluators';

const KINDS = ['daily', 'monthly'] as const;

/** The spend reads behind a threshold in a period: its product's, or every listed product's for the total. */
export function spendReadsOf(run: CheckRun, input: EvaluationInput, threshold: Threshold, period: Period): UsageRead<Filtered<SpendTally>>[] {
  const products = threshold.product === TOTAL ? (input.products.names ?? []) : [threshold.product];
  return products.map((product) => spendRead(product, period, productFilter(input.thresholds, product), run.now));
}

/** The tally a threshold counts in a read: every row for the total, the filtered rows for a product. */
export function tallyOf(threshold: Threshold, outcome: ReadOutcome<Filtered<SpendTally>>): SpendTally {
  return threshold.product === TOTAL ? outcome.value.all : outcome.value.filtered;
}

/** Nano-units as a plain number, for charts. */
export function displayAmount(nanos: bigint): number {
  return Number(nanos) / 1e9;
}

export const limitEvaluator: Evaluator = {
  reads(run, input) {
    const reads: UsageRead<unknown>[] = [];
    const need = (threshold: Threshold, products: readonly string[]) => {
      for (const product of products) {
        for (const kind of KINDS) {
          if (threshold[kind] === undefined) continue;
          for (const { period } of run.periodsOf(kind)) reads.push(spendRead(product, period, productFilter(input.thresholds, product), run.now));
        }
      }
    };
    for (const threshold of input.thresholds) if (threshold.product !== TOTAL) need(threshold, [threshold.product]);
    const total = input.thresholds.find((threshold) => threshold.product === TOTAL);
    if (total) need(total, input.products.names ?? []);
    return reads;
  },

  evaluate(run, input, results) {
    if (input.thresholds.some((threshold) => threshold.product === TOTAL) && input.products.names === undefined && !results.keyRefused) {
      run.problem({ failure: 'the total threshold could not be checked: the list of products is unknown' });
    }
    const evaluations: Evaluation[] = [];
    const breaches: Array<{ breach: Breach; notRead?: readonly string[] }> = [];
    const filterMisses = new Set<string>();
    for (const threshold of input.thresholds) {
      for (const kind of KINDS) {
        const limit = threshold[kind];
        if (limit === undefined) continue;
        for (const tracked of run.periodsOf(kind)) {
          const outcomes = spendReadsOf(run, input, threshold, tracked.period).map((read) => results.of(read));
          if (outcomes.length === 0 && threshold.product === TOTAL) continue;
          const judged = judgeLimit(run, { input, results, threshold, tracked, limit, outcomes });
          reportFilterMiss(run, threshold, tracked.period, outcomes, filterMisses);
          if (judged.breach) breaches.push({ breach: judged.breach, notRead: judged.notRead });
          if (judged.evaluation) evaluations.push(judged.evaluation);
        }
      }
    }
    const alerts: Alert[] = breaches.map(({ breach, notRead }) =>
      toAlert(breach, {
        checkedAt: run.now,
        timeZone: run.timeZone,
        parameterLocation: run.deps.thresholds.describe(breach.threshold.product),
        ...(notRead ? { incomplete: { notRead } } : {}),
      }),
    );
    return { evaluations, alerts };
  },
};

interface LimitCase {
  readonly input: EvaluationInput;
  readonly results: ReadResults;
  readonly threshold: Threshold;
  readonly tracked: TrackedPeriod;
  readonly limit: bigint;
  readonly outcomes: readonly ReadOutcome<Filtered<SpendTally>>[];
}

/** One threshold in one period: its spend, whether it is complete, the level crossed. Logs `Evaluated` (the dashboard reads it). */
function judgeLimit(
  run: CheckRun,
  { input, results, threshold, tracked, limit, outcomes }: LimitCase,
): { breach?: Breach; notRead?: string[]; evaluation?: Evaluation } {
  const { period, state } = tracked;
  // The total is complete only over the full list of products with a cost.
  const complete =
    !results.keyRefused &&
    outcomes.length > 0 &&
    outcomes.every((outcome) => outcome.ok) &&
    (threshold.product !== TOTAL || input.products.names !== undefined);
  const tallies = outcomes.map((outcome) => tallyOf(threshold, outcome));
  const spend = tallies.reduce((sum, tally) => sum + tally.total(threshold.currency), 0n);
  const otherCurrencies = new Set(tallies.flatMap((tally) => tally.currencies()).filter((currency) => currency !== threshold.currency));
  // An incomplete read alerts only as a lower bound (no credit among the rows read), and says so.
  const lowerBound = partialSpendIsLowerBound(tallies) && outcomes.every(rowsUsable);
  const breach = complete || lowerBound ? evaluateLimit(threshold, period, spend) : undefined;
  let notRead: string[] | undefined;
  if (breach && !complete) {
    notRead = outcomes.filter((outcome) => !outcome.ok).map((outcome) => outcome.read.product);
    if (threshold.product === TOTAL && input.products.names === undefined) notRead.push('the list of products');
  }
  if (!complete && !breach && !results.keyRefused) {
    const which = state === 'ended' ? `${period.kind} ${period.key} (ended)` : period.kind;
    run.problem({ failure: `${threshold.product} ${which}: not evaluated, some of its usage could not be read` });
  }
  run.deps.log.info('Evaluated', {
    product: threshold.product,
    period: period.kind,
    periodKey: period.key,
    periodState: state,
    currency: threshold.currency,
    spend: formatMoney({ nanos: spend, currency: threshold.currency }),
    limit: formatMoney({ nanos: limit, currency: threshold.currency }),
    // Numbers for the dashboard's charts only: never used for a decision (those use nanos).
    spendAmount: displayAmount(spend),
    limitAmount: displayAmount(limit),
    // Not `level`: that key is the log record's own (INFO, WARN...).
    alertLevel: breach?.level.severity ?? (complete ? 'ok' : 'unknown'),
    complete,
    ...(otherCurrencies.size > 0 ? { notCounted: [...otherCurrencies].sort() } : {}),
  });
  if (!complete && !breach) return {};
  const evaluation: Evaluation = {
    product: threshold.product,
    period: period.kind,
    periodKey: period.key,
    periodState: state,
    currency: threshold.currency,
    filter: threshold.filter,
    spendNanos: spend,
    limitNanos: limit,
    level: breach?.level.severity,
    complete,
    parameter: threshold.parameterName,
    ...(otherCurrencies.size > 0 ? { notCounted: [...otherCurrencies].sort() } : {}),
  };
  return { breach, notRead, evaluation };
}

/**
 * A misspelt filter value and a quiet day for that slice look the same: the operator hears about it once a day
 * (the error alert's ledger key), without failing the run. Said once per parameter and run.
 */
function reportFilterMiss(
  run: CheckRun,
  threshold: Threshold,
  period: Period,
  outcomes: readonly ReadOutcome<Filtered<SpendTally>>[],
  said: Set<string>,
): void {
  if (threshold.product === TOTAL) return;
  for (const outcome of outcomes) {
    const miss = describeFilterMiss(threshold.filter, outcome.value.filtered, outcome.value.all.counted);
    if (miss === undefined || !outcome.ok || said.has(threshold.parameterName)) continue;
    said.add(threshold.parameterName);
    const detail = `${miss} (${period.kind} ${period.key}). Its spend counts as 0 while the filter matches nothing: check the filter's spelling, or ignore this on a day without such usage.`;
    run.problem({
      alert: {
        product: threshold.product,
        title: 'Threshold filter matched no usage',
        detail,
        parameterLocation: run.deps.thresholds.describe(threshold.product),
      },
    });
    run.deps.log.warn('The threshold filter matched none of the usage rows', {
      product: threshold.product,
      period: period.kind,
      filter: threshold.filter,
      rows: outcome.value.all.counted,
    });
  }
}
