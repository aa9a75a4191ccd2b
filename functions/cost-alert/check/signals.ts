/**
 * The early-warning signals in the check: one more read task per product and one more evaluator.
 *
 * - Read: ONE query per product and run, shared by the forecast and the spike, for the spend per hour over
 *   the last 8 local days up to now (today and the 7 days of history), run with the spend reads under the
 *   client's concurrency limit and the run's deadline.
 * - Evaluate: the forecast (domain/forecast.ts) for each current period with a limit, using the exact spend
 *   so far that the limit reads found; the spike (domain/spike.ts) on the hourly series.
 *
 * A series with a `date_time` value that cannot be read makes that product's signals one error alert a day;
 * limit alerts never depend on the hourly series.
 */
import { forecastOf } from '../domain/forecast';
import { daysBefore, type HourlySeries, HISTORY_DAYS, seriesIn } from '../domain/hourly-baseline';
import { hourlyCostQuery, HourlySpend } from '../domain/hourly-series';
import { forecastToAlert, spikeToAlert } from '../domain/signal-messages';
import { spikeOf } from '../domain/spike';
import { ALL, type Alert, type Period, type Threshold, TOTAL } from '../domain/types';
import { TelnyxDeadlineError } from '../telnyx/errors';
import type { UsageQuery } from '../telnyx/types';
import type { EvaluationInput, EvaluatorResult } from './evaluate';
import { displayAmount } from './limits';
import type { ProductList } from './products';
import { describeError, messageOf, periodsOfKind, type Run } from './run';
import { FilteredRead, filtersByProduct, SpendRead, spendReadsOf } from './usage';
import { isKeyRefused } from './usage-errors';

const SECOND_MS = 1000;
/** What an unreadable hourly series of one product costs, in its error alert. */
const NO_SIGNALS_FOR_PRODUCT = 'no forecast or spike alert can come for this product (its limits are still checked)';

/** True when the threshold asks for a forecast or a spike. */
export function wantsSignals(threshold: Threshold): boolean {
  return threshold.enabled && (threshold.forecast === true || threshold.spike !== undefined);
}

/** A product's spend per hour over some windows (the check: the last 8 local days; the digest: 14 days and the month). */
export class HourlyRead extends FilteredRead<HourlySpend> {
  readonly queries: readonly UsageQuery[];

  constructor(product: string, filter: Readonly<Record<string, string>>, windows: ReadonlyArray<{ start: Date; end: Date }>) {
    super(product, filter, (only) => new HourlySpend(only));
    this.queries = windows.map((window) => hourlyCostQuery(product, filter, window));
  }

  /** Rows whose `date_time` could not be read (the filtered series sees a subset of the same rows). */
  get unparseable(): number {
    return this.all.unparseable;
  }
}

/** From the first instant of the local day 7 days before today to now, in whole seconds. */
export function hourlyWindow(run: Run): { start: Date; end: Date } {
  const today = currentPeriod(run, 'daily');
  const first = daysBefore(today, HISTORY_DAYS).at(-1) ?? today;
  return {
    start: new Date(Math.floor(first.start.getTime() / SECOND_MS) * SECOND_MS),
    end: new Date(Math.ceil(run.now.getTime() / SECOND_MS) * SECOND_MS),
  };
}

/** The hourly reads the signals need: a product's own signalling threshold, and every product for a signalling total. */
export function planSignalReads(run: Run, thresholds: readonly Threshold[], products: ProductList): HourlyRead[] {
  const signalling = thresholds.filter(wantsSignals);
  if (signalling.length === 0) return [];
  const window = hourlyWindow(run);
  const filters = filtersByProduct(thresholds);
  const wanted = new Set(signalling.filter((threshold) => threshold.product !== TOTAL).map((threshold) => threshold.product));
  if (signalling.some((threshold) => threshold.product === TOTAL)) for (const product of products.names ?? []) wanted.add(product);
  return [...wanted].sort().map((product) => new HourlyRead(product, filters.get(product) ?? {}, [window]));
}

/** Forecasts and spikes of every signalling threshold, from the hourly reads and the current periods' spend reads. */
export function signalEvaluator(run: Run, input: EvaluationInput): EvaluatorResult {
  const reads = input.tasks.filter((task): task is HourlyRead => task instanceof HourlyRead);
  const spendReads = input.tasks.filter((task): task is SpendRead => task instanceof SpendRead);
  const alerts: Alert[] = [];
  if (reads.length === 0 || input.usage.keyRefused) return { evaluations: [], alerts };
  const readable = reportSignalReadProblems(run, reads, spendReads);

  for (const threshold of input.thresholds.filter(wantsSignals)) {
    const sources = threshold.product === TOTAL ? reads : reads.filter((read) => read.product === threshold.product);
    // The total's series is whole only over the full list of products, each read and readable.
    const usable = sources.length > 0 && sources.every((read) => readable.has(read)) && (threshold.product !== TOTAL || input.products.names !== undefined);
    if (!usable) continue;
    const series: HourlySeries = seriesIn(
      threshold.currency,
      sources.map((read) => (threshold.product === TOTAL ? read.all : read.filtered)),
    );
    const context = { checkedAt: run.now, timeZone: run.timeZone, parameterLocation: run.deps.thresholds.describe(threshold.product) };

    if (threshold.forecast) {
      for (const kind of ['daily', 'monthly'] as const) {
        if (threshold[kind] === undefined) continue;
        const period = currentPeriod(run, kind);
        const spent = spendSoFar(threshold, period, spendReads, input.products);
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
}

function currentPeriod(run: Run, kind: 'daily' | 'monthly'): Period {
  const current = periodsOfKind(run, kind).find((tracked) => tracked.state === 'current');
  if (!current) throw new Error(`the run has no current ${kind} period`);
  return current.period;
}

/** The spend so far of the threshold in the period, as the limit reads found it; undefined when any of it is missing. */
function spendSoFar(threshold: Threshold, period: Period, reads: readonly SpendRead[], products: ProductList): bigint | undefined {
  const sources = spendReadsOf(reads, threshold, period);
  if (sources.length === 0 || sources.some((read) => !read.ok)) return undefined;
  if (threshold.product === TOTAL && products.names === undefined) return undefined;
  return sources.reduce((sum, read) => sum + (threshold.product === TOTAL ? read.all : read.filtered).total(threshold.currency), 0n);
}

/**
 * Problems of the hourly reads, each said once: a product whose spend could not be read either is already
 * reported (one cause, one alert); running out of time is one alert for all; an unreadable `date_time` is one
 * alert per product. Returns the reads whose series can be used.
 */
function reportSignalReadProblems(run: Run, reads: readonly HourlyRead[], spendReads: readonly SpendRead[]): Set<HourlyRead> {
  const readable = new Set<HourlyRead>();
  const late: string[] = [];
  for (const read of reads) {
    if (!read.ok) {
      if (isKeyRefused(read.error) || spendReads.some((spend) => spend.product === read.product && !spend.ok)) continue;
      if (read.error instanceof TelnyxDeadlineError) {
        late.push(read.product);
        continue;
      }
      run.problem(
        {
          product: read.product,
          title: 'Hourly usage could not be read',
          detail: `${messageOf(read.error)}. The forecast and spike of ${read.product} were not evaluated this time; its limits were checked as usual.`,
          consequence: NO_SIGNALS_FOR_PRODUCT,
        },
        `${read.product} hourly: ${messageOf(read.error)}`,
      );
      run.deps.log.error('Could not read hourly usage', { product: read.product, error: describeError(read.error) });
      continue;
    }
    if (read.unparseable > 0) {
      const detail =
        `Telnyx sent ${read.unparseable} hourly row(s) whose date_time ${JSON.stringify(read.all.firstUnparseable)} is not an ISO 8601 date and time ` +
        `(e.g. 2026-11-26T14:00:00Z), so the forecast and spike of ${read.product} are off until it reads again. Its limits are checked as usual.`;
      run.problem(
        { product: read.product, title: 'Hourly usage has unreadable times', detail, consequence: NO_SIGNALS_FOR_PRODUCT },
        `${read.product} hourly: unreadable date_time ${JSON.stringify(read.all.firstUnparseable)}`,
      );
      run.deps.log.error('Unreadable date_time in hourly usage', { product: read.product, rows: read.unparseable, example: read.all.firstUnparseable });
      continue;
    }
    readable.add(read);
  }
  if (late.length > 0) {
    const detail = `Telnyx answered too slowly: the hourly usage of ${late.join(', ')} could not be read before the check's deadline. Their forecasts and spikes were not evaluated this time; their limits were.`;
    const consequence = 'no forecast or spike alert can come for these products (their limits are still checked)';
    run.problem(
      { product: ALL, title: 'Telnyx too slow for the forecast and spike', detail, consequence },
      `hourly usage not read before the deadline: ${late.join(', ')}`,
    );
  }
  return readable;
}
