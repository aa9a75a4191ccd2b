/**
 * Phase 4 of the check, readUsage: one task per (product, period) that some threshold needs, each made of
 * one query per window (usually one), all run at once under the client's concurrency limit. A task that
 * fails is marked incomplete; the failures are then reported once per cause (reportUsageFailures).
 *
 * A task is anything that turns query pages into something an evaluator reads (`ReadTask`): the spend
 * tallies of a limit here; an hourly series for a forecast is one more kind of task beside it.
 */
import { SpendTally } from '../domain/spend-tally';
import { queryWindows } from '../domain/periods';
import { type Period, type Threshold, TOTAL } from '../domain/types';
import { TelnyxIncompleteReadError } from '../telnyx/errors';
import type { TimeWindow, UsageQuery, UsageRow } from '../telnyx/types';
import type { ProductList } from './products';
import { periodsOfKind, type Run, type TrackedPeriod } from './run';
import { isKeyRefused, reportKeyRefused, UsageUnavailableError } from './usage-errors';

/** One unit of usage reading: its queries, and where their rows go. `ok` turns false when any query failed. */
export interface ReadTask {
  readonly product: string;
  readonly queries: readonly UsageQuery[];
  add(rows: readonly UsageRow[]): void;
  ok: boolean;
  /** The first failure, when `ok` is false. */
  error?: unknown;
}

/**
 * The usage query behind a product's spend in a window: cost by currency (never added across currencies),
 * broken out by the filter's dimensions too, so that one answer serves the filtered threshold and the total.
 */
export function costQuery(product: string, filter: Readonly<Record<string, string>>, window: TimeWindow): UsageQuery {
  return { product, dimensions: costDimensions(filter), metrics: ['cost'], window };
}

/** The dimensions of a cost query: the currency, and the filter's dimensions so that its rows can be told apart. */
export function costDimensions(filter: Readonly<Record<string, string>>): string[] {
  return ['currency', ...Object.keys(filter).filter((dimension) => dimension !== 'currency')];
}

/**
 * Rows of one product into two accumulators: every row (what the total counts) and the rows its threshold's
 * filter keeps (the same accumulator when there is no filter). The spend reads and the hourly reads are two of these.
 */
export abstract class FilteredRead<Sum extends { add(rows: readonly UsageRow[]): void }> implements ReadTask {
  abstract readonly queries: readonly UsageQuery[];
  /** Every row. */
  readonly all: Sum;
  /** Rows matching the product's threshold filter (the same accumulator when there is no filter). */
  readonly filtered: Sum;
  ok = true;
  error?: unknown;

  constructor(
    readonly product: string,
    /** Filter of the product's own threshold, if any. */
    readonly filter: Readonly<Record<string, string>>,
    accumulator: (filter?: Readonly<Record<string, string>>) => Sum,
  ) {
    this.all = accumulator();
    this.filtered = Object.keys(filter).length > 0 ? accumulator(filter) : this.all;
  }

  add(rows: readonly UsageRow[]): void {
    this.all.add(rows);
    if (this.filtered !== this.all) this.filtered.add(rows);
  }
}

/** The spend of one product in one period. */
export class SpendRead extends FilteredRead<SpendTally> {
  readonly queries: readonly UsageQuery[];

  constructor(
    product: string,
    readonly tracked: TrackedPeriod,
    filter: Readonly<Record<string, string>>,
    now: Date,
  ) {
    super(product, filter, (only) => new SpendTally(only));
    this.queries = queryWindows(tracked.period, now).map((window) => costQuery(product, filter, window));
  }
}

/** Each product's threshold filter (the total has none of its own: it counts every row). */
export function filtersByProduct(thresholds: readonly Threshold[]): Map<string, Readonly<Record<string, string>>> {
  return new Map(thresholds.filter((threshold) => threshold.product !== TOTAL).map((threshold) => [threshold.product, threshold.filter]));
}

/** The spend reads behind a threshold in a period: its product's, or every product's for the total. */
export function spendReadsOf(reads: readonly SpendRead[], threshold: Threshold, period: Period): SpendRead[] {
  return reads.filter(
    (read) =>
      read.tracked.period.kind === period.kind && read.tracked.period.key === period.key && (threshold.product === TOTAL || read.product === threshold.product),
  );
}

/** The spend reads the limits need: a product's own thresholds, and every product with a cost for the total. */
export function planSpendReads(run: Run, thresholds: readonly Threshold[], products: ProductList): SpendRead[] {
  const total = thresholds.find((threshold) => threshold.product === TOTAL);
  const perProduct = new Map(thresholds.filter((threshold) => threshold.product !== TOTAL).map((threshold) => [threshold.product, threshold]));
  const reads = new Map<string, SpendRead>();
  const need = (product: string, kind: 'daily' | 'monthly') => {
    for (const tracked of periodsOfKind(run, kind)) {
      const key = `${product}|${tracked.period.kind}|${tracked.period.key}`;
      if (!reads.has(key)) reads.set(key, new SpendRead(product, tracked, perProduct.get(product)?.filter ?? {}, run.now));
    }
  };
  for (const threshold of perProduct.values()) {
    if (threshold.daily !== undefined) need(threshold.product, 'daily');
    if (threshold.monthly !== undefined) need(threshold.product, 'monthly');
  }
  if (total && products.names) {
    for (const product of products.names) {
      if (total.daily !== undefined) need(product, 'daily');
      if (total.monthly !== undefined) need(product, 'monthly');
    }
  } else if (total && !products.keyRefused) {
    run.failures.push('the total threshold could not be checked: the list of products is unknown');
  }
  return [...reads.values()];
}

/**
 * Whether the rows a task took in may count as part of its spend: always after a complete read; after a
 * failure, only when the client vouches that each row it handed on was real and distinct (a runaway read
 * without `meta` may have handed on the same page many times).
 */
export function rowsUsable(task: ReadTask): boolean {
  return task.ok || !(task.error instanceof TelnyxIncompleteReadError && !task.error.rowsAreLowerBound);
}

export interface UsageReads {
  /** Telnyx refused the key during the reads (or before them): nothing more was queried. */
  readonly keyRefused: boolean;
  /** Usage queries sent (one per task and window). */
  readonly queries: number;
}

/** Runs every task; marks the failed ones. A refused key stops the rest and is one error alert for all. */
export async function readUsage(run: Run, tasks: readonly ReadTask[], products: ProductList): Promise<UsageReads> {
  if (products.keyRefused) {
    for (const task of tasks) task.ok = false;
    return { keyRefused: true, queries: 0 };
  }
  let keyRefused = false;
  let queries = 0;
  await Promise.all(
    tasks.map(async (task) => {
      try {
        for (const query of task.queries) {
          if (keyRefused) throw new UsageUnavailableError('stopped: Telnyx refused the API key');
          queries++;
          for await (const rows of run.deps.usage.pages(query, { deadline: run.usageDeadline })) task.add(rows);
        }
      } catch (error) {
        task.ok = false;
        task.error = error;
        if (isKeyRefused(error) && !keyRefused) {
          keyRefused = true;
          reportKeyRefused(run, error);
        }
      }
    }),
  );
  return { keyRefused, queries };
}
