/**
 * The limit evaluator: spend of each threshold's product (or of every product, for `total`) in each period
 * the run tracks, against the threshold's levels (domain/evaluate.ts).
 */
import { describeFilterMiss, evaluate as evaluateLimit, partialSpendIsLowerBound } from '../domain/evaluate';
import { formatMoney } from '../domain/money';
import { toAlert } from '../domain/messages';
import { type Alert, type Breach, TOTAL } from '../domain/types';
import type { Evaluation, EvaluationInput, EvaluatorResult } from './evaluate';
import { periodsOfKind, type Run } from './run';
import { rowsUsable, SpendRead, spendReadsOf } from './usage';

export function limitEvaluator(run: Run, input: EvaluationInput): EvaluatorResult {
  const reads = input.tasks.filter((task): task is SpendRead => task instanceof SpendRead);
  const evaluations: Evaluation[] = [];
  const filterMisses = new Set<string>();
  const breaches: Array<{ breach: Breach; notRead?: readonly string[] }> = [];
  for (const threshold of input.thresholds) {
    for (const kind of ['daily', 'monthly'] as const) {
      const limit = threshold[kind];
      if (limit === undefined) continue;
      for (const tracked of periodsOfKind(run, kind)) {
        const { period, state } = tracked;
        const sources = spendReadsOf(reads, threshold, period);
        if (sources.length === 0 && threshold.product === TOTAL) continue;
        // The total is complete only over the full list of products with a cost.
        const complete =
          !input.usage.keyRefused &&
          sources.length > 0 &&
          sources.every((read) => read.ok) &&
          (threshold.product !== TOTAL || input.products.names !== undefined);
        let spend = 0n;
        const otherCurrencies = new Set<string>();
        const tallies = sources.map((read) => (threshold.product === TOTAL ? read.all : read.filtered));
        for (const read of sources) {
          const tally = threshold.product === TOTAL ? read.all : read.filtered;
          spend += tally.total(threshold.currency);
          for (const currency of tally.currencies()) if (currency !== threshold.currency) otherCurrencies.add(currency);
          const miss = threshold.product === TOTAL ? undefined : describeFilterMiss(threshold.filter, read.filtered, read.all.counted);
          if (miss !== undefined && read.ok && !filterMisses.has(threshold.parameterName)) {
            // A misspelt filter value and a quiet day for that slice look the same: the operator hears about it
            // once a day (the error alert's ledger key), without failing the run.
            filterMisses.add(threshold.parameterName);
            run.problem(
              {
                product: threshold.product,
                title: 'Threshold filter matched no usage',
                detail: `${miss} (${period.kind} ${period.key}). Its spend counts as 0 while the filter matches nothing: check the filter's spelling, or ignore this on a day without such usage.`,
                parameterLocation: run.deps.thresholds.describe(threshold.product),
              },
              null,
            );
            run.deps.log.warn('The threshold filter matched none of the usage rows', {
              product: threshold.product,
              period: kind,
              filter: threshold.filter,
              rows: read.all.counted,
            });
          }
        }
        // An incomplete read alerts only as a lower bound (no credit among the rows read), and says so.
        const lowerBound = partialSpendIsLowerBound(tallies) && sources.every(rowsUsable);
        const breach = complete || lowerBound ? evaluateLimit(threshold, period, spend) : undefined;
        if (breach) {
          const notRead = sources.filter((read) => !read.ok).map((read) => read.product);
          if (threshold.product === TOTAL && input.products.names === undefined) notRead.push('the list of products');
          breaches.push({ breach, notRead: complete ? undefined : notRead });
        }
        if (complete || breach) {
          evaluations.push({
            product: threshold.product,
            period: kind,
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
          });
        }
        if (!complete && !breach && !input.usage.keyRefused) {
          const which = state === 'ended' ? `${kind} ${period.key} (ended)` : kind;
          run.failures.push(`${threshold.product} ${which}: not evaluated, some of its usage could not be read`);
        }
        run.deps.log.info('Evaluated', {
          product: threshold.product,
          period: kind,
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
}

/** Nano-units as a plain number, for charts. */
export function displayAmount(nanos: bigint): number {
  return Number(nanos) / 1e9;
}
