/**
 * The limit evaluator: spend of each threshold's product (or of every product, for `total`) in each period
 * the run tracks, against the threshold's levels (domain/evaluate.ts).
 */
import { evaluate as evaluateLimit } from '../domain/evaluate';
import { formatMoney } from '../domain/money';
import { toAlert } from '../domain/messages';
import { type Alert, type Breach, TOTAL } from '../domain/types';
import type { Evaluation, EvaluationInput, EvaluatorResult } from './evaluate';
import { periodsOfKind, type Run } from './run';
import { SpendRead } from './usage';

export function limitEvaluator(run: Run, input: EvaluationInput): EvaluatorResult {
  const reads = input.tasks.filter((task): task is SpendRead => task instanceof SpendRead);
  const evaluations: Evaluation[] = [];
  const breaches: Breach[] = [];
  for (const threshold of input.thresholds) {
    for (const kind of ['daily', 'monthly'] as const) {
      const limit = threshold[kind];
      if (limit === undefined) continue;
      for (const tracked of periodsOfKind(run, kind)) {
        const { period, state } = tracked;
        const sources = reads.filter(
          (read) => read.tracked.period.key === period.key && read.tracked.period.kind === kind && (threshold.product === TOTAL || read.product === threshold.product),
        );
        if (sources.length === 0 && threshold.product === TOTAL) continue;
        // The total is complete only over the full list of products with a cost.
        const complete =
          !input.usage.keyRefused && sources.length > 0 && sources.every((read) => read.ok) && (threshold.product !== TOTAL || input.products.names !== undefined);
        let spend = 0n;
        const otherCurrencies = new Set<string>();
        for (const read of sources) {
          const tally = threshold.product === TOTAL ? read.all : read.filtered;
          spend += tally.total(threshold.currency);
          for (const currency of tally.currencies()) if (currency !== threshold.currency) otherCurrencies.add(currency);
          if (read.filtered !== read.all && threshold.product !== TOTAL && read.filtered.counted === 0 && read.all.counted > 0) {
            // Usually a quiet day for that slice; a misspelt filter value looks the same, so say it where it can be seen.
            run.deps.log.warn('The threshold filter matched none of the usage rows', { product: threshold.product, period: kind, filter: threshold.filter, rows: read.all.counted });
          }
        }
        const breach = evaluateLimit(threshold, period, spend);
        if (complete || breach) {
          if (breach) breaches.push(breach);
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
  const alerts: Alert[] = breaches.map((breach) =>
    toAlert(breach, { checkedAt: run.now, timeZone: run.timeZone, parameterLocation: run.deps.thresholds.describe(breach.threshold.product) }),
  );
  return { evaluations, alerts };
}

/** Nano-units as a plain number, for charts. */
export function displayAmount(nanos: bigint): number {
  return Number(nanos) / 1e9;
}
