/**
 * The early-warning signals in the check: the forecast and the spike, one evaluator.
 *
 * - Reads: ONE hourly read per product and run, shared by the forecast and the spike, for the spend per hour
 *   over the last 8 local days up to now (today and the 7 days of history); and the current periods' spend
 *   reads, which the limits read too (one read for both).
 * - Evaluate: the forecast (domain/forecast.ts) for each current period with a limit, using the exact spend
 *   so far that the spend reads found; the spike (domain/spike.ts) on the hourly series.
 *
 * A series with a `date_time` value that cannot be read makes that product's signals one error alert a day;
 * limit alerts never depend on the hourly series. A failed hourly read is reported with the other read
 * failures (read-failures.ts).
 */
import { forecastOf } from '../../domain/forecast';
import { daysBefore, type HourlySeries, HISTORY_DAYS, seriesIn } from '../../domain/hourly-baseline';
import type { HourlySpend } from '../../domain/hourly-series';
import { forecastToAlert, spikeToAlert } from '../../domain/signal-messages';
import { spikeOf } from '../../domain/spike';
import { type Alert, type Period, type Threshold, TOTAL } from '../../domain/types';
import type { TimeWindow } from '../../domain/usage';
import { type Filtered, hourlyRead, productFilter, type ReadOutcome, type ReadResults, type UsageRead } from '../usage-reads';
import type { CheckRun } from './check-run';
import type { EvaluationInput, Evaluator } from './evaluators';
import { displayAmount, spendReadsOf, tallyOf } from './limit-evaluator';
import { NO_SIGNALS_FOR_PRODUCT } from './read-failures';
import { SECOND_MS } from '../../domain/time';

/** True when the threshold asks for a forecast or a spike. */
export function wantsSignals(threshold: Threshold): boolean {
  return threshold.enabled && (threshold.forecast === true || threshold.spike !== undefined);
}

/** From the first instant of the local day 7 days before today to now, in whole seconds. */
export function hourlyWindow(run: CheckRun): TimeWindow {
  const today = run.current('daily');
  const first = daysBefore(today, HISTORY_DAYS).at(-1) ?? today;
  return {
    start: new Date(Math.floor(first.start.getTime() / SECOND_MS) * SECOND_MS),
    end: new Date(Math.ceil(run.now.getTime() / SECOND_MS) * SECOND_MS),
  };
}

/** The hourly reads a signalling threshold needs: its product's, or every listed product's for the total. */
function hourlyReadsOf(run: CheckRun, input: EvaluationInput, threshold: Threshold): UsageRead<Filtered<HourlySpend>>[] {
  const products = threshold.product === TOTAL ? (input.products.names ?? []) : [threshold.product];
  return products.map((product) => hourlyRead(product, productFilter(input.thresholds, product), [hourlyWindow(run)]));
}

export const signalEvaluator: Evaluator = {
  reads(run, input) {
    const signalling = input.thresholds.filter(wantsSignals);
    const hourly = signalling.flatMap((threshold) => hourlyReadsOf(run, input, threshold)).sort((a, b) => a.product.localeCompare(b.product));
    const spend = signalling
      .filter((threshold) => threshold.forecast)
      .flatMap((threshold) => (['daily', 'monthly'] as const).filter((kind) => threshold[kind] !== undefined).map((kind) => ({ threshold, kind })))
      .flatMap(({ threshold, kind }) => spendReadsOf(run, input, threshold, run.current(kind)));
    return [...hourly, ...spend];
  },

  evaluate(run, input, results) {
    const alerts: Alert[] = [];
    if (results.keyRefused) return { evaluations: [], alerts };
    const signalling = input.thresholds.filter(wantsSignals);
    const readable = readableSeries(
      run,
      signalling.flatMap((threshold) => hourlyReadsOf(run, input, threshold)).map((read) => results.of(read)),
    );
    for (const threshold of signalling) {
      const sources = hourlyReadsOf(run, input, threshold).map((read) => results.of(read));
      // The total's series is whole only over the full list of products, each read and readable.
      const usable =
        sources.length > 0 && sources.every((source) => readable.has(source.read.key)) && (threshold.product !== TOTAL || input.products.names !== undefined);
      if (!usable) continue;
      const series: HourlySeries = seriesIn(
        threshold.currency,
        sources.map((source) => (threshold.product === TOTAL ? source.value.all : source.value.filtered)),
      );
      const context = { checkedAt: run.now, timeZone: run.timeZone, parameterLocation: run.deps.thresholds.describe(threshold.product) };
      if (threshold.forecast) {
        for (const kind of ['daily', 'monthly'] as const) {
          if (threshold[kind] === undefined) continue;
          const period = run.current(kind);
          const spent = spendSoFar(run, input, results, threshold, period);
          if (spent === undefined) continue;
          const forecast = forecastOf({ threshold, period, now: run.now, series, spentSoFar: spent });
          if (forecast) alerts.push(forecastToAlert(forecast, context));
          run.deps.log.info('Forecast evaluated', {
            product: threshold.product,
            period: kind,
            periodKey: period.key,
            currency: threshold.currency,
            onPace: forecast !== undefined,
            ...(forecast ? { projectedAmount: displayAmount(forecast.projected), limitAmount: displayAmount(forecast.limit) } : {}),
          });
        }
      }
      if (threshold.spike) {
        const spike = spikeOf({ threshold, now: run.now, timeZone: run.timeZone, series });
        if (spike) alerts.push(spikeToAlert(spike, context));
        run.deps.log.info('Spike evaluated', { product: threshold.product, currency: threshold.currency, spike: spike !== undefined });
      }
    }
    return { evaluations: [], alerts };
  },
};

/** The spend so far of the threshold in the period, as the spend reads found it; undefined when any of it is missing. */
function spendSoFar(run: CheckRun, input: EvaluationInput, results: ReadResults, threshold: Threshold, period: Period): bigint | undefined {
  const sources = spendReadsOf(run, input, threshold, period).map((read) => results.of(read));
  if (sources.length === 0 || sources.some((source) => !source.ok)) return undefined;
  if (threshold.product === TOTAL && input.products.names === undefined) return undefined;
  return sources.reduce((sum, source) => sum + tallyOf(threshold, source).total(threshold.currency), 0n);
}

/**
 * The keys of the hourly reads whose series can be used: read, and every `date_time` understood. An unreadable
 * `date_time` is one error alert per product (a failed read is reported with the other read failures).
 */
function readableSeries(run: CheckRun, outcomes: readonly ReadOutcome<Filtered<HourlySpend>>[]): Set<string> {
  const readable = new Set<string>();
  const byKey = new Map(outcomes.map((outcome) => [outcome.read.key, outcome]));
  for (const { read, value, ok } of [...byKey.values()].sort((a, b) => a.read.product.localeCompare(b.read.product))) {
    if (!ok) continue;
    const { all } = value;
    if (all.unparseable === 0) {
      readable.add(read.key);
      continue;
    }
    const detail =
      `Telnyx sent ${all.unparseable} hourly row(s) whose date_time ${JSON.stringify(all.firstUnparseable)} is not an ISO 8601 date and time ` +
      `(e.g. 2026-11-26T14:00:00Z), so the forecast and spike of ${read.product} are off until it reads again. Its limits are checked as usual.`;
    run.problem({
      alert: { product: read.product, title: 'Hourly usage has unreadable times', detail, consequence: NO_SIGNALS_FOR_PRODUCT },
      failure: `${read.product} hourly: unreadable date_time ${JSON.stringify(all.firstUnparseable)}`,
    });
    run.deps.log.error('Unreadable date_time in hourly usage', { product: read.product, rows: all.unparseable, example: all.firstUnparseable });
  }
  return readable;
}
