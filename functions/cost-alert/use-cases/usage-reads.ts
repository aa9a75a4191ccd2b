/**
 * Reading usage, the same way in every use case: what a read is (`UsageRead`: its queries, and where their rows
 * go), the two kinds there are (a spend window, an hourly series), and the one loop that runs them.
 *
 * Whoever needs usage declares reads; `readUsage` reads each key once (two evaluators asking for the same
 * spend share one read), all at once under the client's concurrency limit and the run's deadline, and hands
 * back typed outcomes: `results.of(read)` is the outcome of exactly the read that was declared. A read that
 * fails is marked (`ok: false`, its error kept for whoever reports it); a refused key stops every later query.
 */
import { type AccountIndex, AccountSpend } from '../domain/account-spend';
import { SpendTally } from '../domain/spend-tally';
import { HourlySpend } from '../domain/hourly-series';
import { queryWindows } from '../domain/periods';
import type { CallOptions, TimeWindow, UsageQuery, UsageRow } from '../domain/usage';
import type { UsageSource } from '../ports';
import { accountCostQuery, costQuery, hourlyCostQuery } from '../domain/usage-queries';
import { type Period, type Threshold, TOTAL } from '../domain/types';
import { TelnyxIncompleteReadError } from '../telnyx/errors';
import { isKeyRefused, UsageUnavailableError } from './errors';
import type { Run } from './run';

/**
 * What a read is for, as its failure is told: the spend behind limits, the hourly series behind signals and the
 * digest, the managed accounts' spend behind their limits (`managed_accounts=true`, never mixed with the key's own),
 * or the account's balance (one call, not usage queries: balance-read.ts).
 */
export type ReadKind = 'spend' | 'hourly' | 'accounts' | 'balance';

/** Where a read's rows go, and what they add up to. */
export interface RowSink<T> {
  add(rows: readonly UsageRow[]): void;
  readonly value: T;
}

export interface UsageRead<T> {
  /** Two reads with one key are one read: the kind, the product, the windows and the filter. */
  readonly key: string;
  readonly kind: ReadKind;
  readonly product: string;
  readonly queries: readonly UsageQuery[];
  /** A fresh sink for its rows. */
  collect(): RowSink<T>;
  /** A read that is one call rather than usage queries (the balance): made before its queries, into the same sink. */
  fetch?(usage: UsageSource, options: CallOptions, sink: RowSink<T>): Promise<void>;
}

export interface ReadOutcome<T> {
  readonly read: UsageRead<T>;
  /** What the rows read add up to: everything on success, what came before the failure otherwise. */
  readonly value: T;
  readonly ok: boolean;
  /** The first failure, when `ok` is false. */
  readonly error?: unknown;
}

export interface ReadResults {
  /** The outcome of a read that was declared (throws for one that was not: a planning mistake). */
  of<T>(read: UsageRead<T>): ReadOutcome<T>;
  /** Every outcome, in the order the reads were declared. */
  readonly outcomes: readonly ReadOutcome<unknown>[];
  /** Telnyx refused the key, before the reads or during them: nothing more was queried. */
  readonly keyRefused: boolean;
  /** The error that said so first. */
  readonly refusal?: unknown;
  /** Usage queries sent (one per read and window). */
  readonly queries: number;
}

/** A product's rows twice: every row (what the total counts), and the rows its threshold's filter keeps (the same sums without a filter). */
export interface Filtered<Sum> {
  readonly all: Sum;
  readonly filtered: Sum;
}

function filteredSink<Sum extends { add(rows: readonly UsageRow[]): void }>(
  filter: Readonly<Record<string, string>>,
  make: (filter?: Readonly<Record<string, string>>) => Sum,
): RowSink<Filtered<Sum>> {
  const all = make();
  const filtered = Object.keys(filter).length > 0 ? make(filter) : all;
  return {
    value: { all, filtered },
    add(rows) {
      all.add(rows);
      if (filtered !== all) filtered.add(rows);
    },
  };
}

const filterKey = (filter: Readonly<Record<string, string>>) => JSON.stringify(Object.entries(filter).sort(([a], [b]) => a.localeCompare(b)));
const windowKey = (window: TimeWindow) => `${window.start.toISOString()}/${window.end.toISOString()}`;

/** The spend of one product in one period, by currency (one query per window, usually one). */
export function spendRead(product: string, period: Period, filter: Readonly<Record<string, string>>, now: Date): UsageRead<Filtered<SpendTally>> {
  return {
    key: `spend|${product}|${period.kind}|${period.key}|${filterKey(filter)}`,
    kind: 'spend',
    product,
    queries: queryWindows(period, now).map((window) => costQuery(product, filter, window)),
    collect: () => filteredSink(filter, (only) => new SpendTally(only)),
  };
}

/** A product's spend per hour over some windows (the check: the last 8 local days; the digest: 14 days and the month). */
export function hourlyRead(product: string, filter: Readonly<Record<string, string>>, windows: readonly TimeWindow[]): UsageRead<Filtered<HourlySpend>> {
  return {
    key: `hourly|${product}|${windows.map(windowKey).join(',')}|${filterKey(filter)}`,
    kind: 'hourly',
    product,
    queries: windows.map((window) => hourlyCostQuery(product, filter, window)),
    collect: () => filteredSink(filter, (only) => new HourlySpend(only)),
  };
}

/** The managed accounts' spend of one product in one period, per account and currency (one query per window, paged); `index`: the run's numbering of user_ids, shared by its reads. */
export function accountSpendRead(
  product: string,
  period: Period,
  filter: Readonly<Record<string, string>>,
  now: Date,
  index?: AccountIndex,
): UsageRead<Filtered<AccountSpend>> {
  return {
    key: `accounts|${product}|${period.kind}|${period.key}|${filterKey(filter)}`,
    kind: 'accounts',
    product,
    queries: queryWindows(period, now).map((window) => accountCostQuery(product, filter, window)),
    collect: () => filteredSink(filter, (only) => new AccountSpend(only, index)),
  };
}

/** A product's own threshold filter ({} for a product without a threshold, and for the total, which counts every row). */
export function productFilter(thresholds: readonly Threshold[], product: string): Readonly<Record<string, string>> {
  return thresholds.findLast((threshold) => threshold.product !== TOTAL && threshold.product === product)?.filter ?? {};
}

/**
 * Whether the rows a read took in may count as part of its spend: always after a complete read; after a
 * failure, only when the client vouches that each row it handed on was real and distinct (a runaway read
 * without `meta` may have handed on the same page many times).
 */
export function rowsUsable(outcome: Pick<ReadOutcome<unknown>, 'ok' | 'error'>): boolean {
  return outcome.ok || !(outcome.error instanceof TelnyxIncompleteReadError && !outcome.error.rowsAreLowerBound);
}

/** The order reads start in: the managed accounts' (thousands of rows, pages), the hourly series, the spend, the balance (one call). */
const ORDER: Record<ReadKind, number> = { accounts: 0, hourly: 1, spend: 2, balance: 3 };

/**
 * Runs every declared read once; `refused` (the key refused before any read, at the product list) fails them all
 * unsent. A refused key met during the reads stops every query not yet sent.
 */
export async function readUsage(run: Run, declared: readonly UsageRead<unknown>[], refused?: unknown): Promise<ReadResults> {
  const reads = [...new Map(declared.map((read) => [read.key, read])).values()];
  let stop: unknown = refused;
  let queries = 0;
  const stopped = () => (stop === refused ? stop : new UsageUnavailableError('stopped: Telnyx refused the API key', { cause: stop }));
  const readOne = async (read: UsageRead<unknown>): Promise<ReadOutcome<unknown>> => {
    const sink = read.collect();
    try {
      if (read.fetch) {
        if (stop !== undefined) throw stopped();
        await read.fetch(run.deps.usage, { deadline: run.usageDeadline }, sink);
      }
      for (const query of read.queries) {
        if (stop !== undefined) throw stopped();
        queries++;
        for await (const rows of run.deps.usage.pages(query, { deadline: run.usageDeadline })) sink.add(rows);
      }
      return { read, value: sink.value, ok: true };
    } catch (error) {
      if (isKeyRefused(error)) stop ??= error;
      return { read, value: sink.value, ok: false, error };
    }
  };
  // Started largest first (the managed accounts' reads page the most, so their next pages are asked early and the
  // run's last answers are small ones); handed back in the declared order.
  const started = new Map([...reads].sort((a, b) => ORDER[a.kind] - ORDER[b.kind]).map((read) => [read, readOne(read)]));
  const outcomes = await Promise.all(reads.map((read) => started.get(read) as Promise<ReadOutcome<unknown>>));
  const byKey = new Map(outcomes.map((outcome) => [outcome.read.key, outcome]));
  return {
    of<T>(read: UsageRead<T>): ReadOutcome<T> {
      const outcome = byKey.get(read.key);
      if (!outcome) throw new Error(`the read ${read.key} was not declared before the reads ran`);
      // The key names the kind, product, windows and filter: the same key is the same read, so the same T.
      return outcome as ReadOutcome<T>;
    },
    outcomes,
    keyRefused: stop !== undefined,
    refusal: stop,
    queries,
  };
}
