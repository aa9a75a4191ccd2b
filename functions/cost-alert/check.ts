/**
 * The use case: thresholds -> usage -> evaluate -> alerts -> ledger -> publish.
 *
 * Nothing here stops the others: a bad parameter, a product whose usage cannot be read, or a failed publish
 * each become an error (and where useful an error alert) while every other threshold is still evaluated and
 * every other alert still published. The run reports `failed` only after all of that, so that the function's
 * error alarm fires without anything being lost on the way.
 */
import { evaluate, SpendTally } from './domain/evaluate';
import { formatMoney } from './domain/money';
import { type AlertProblem, problemToAlert, toAlert } from './domain/messages';
import { periodsAt, queryWindows } from './domain/periods';
import { judgeThresholds } from './domain/thresholds';
import { ALL, type Alert, type Breach, type Period, type PeriodKind, type Threshold, TOTAL } from './domain/types';
import type { AlertLedger, AlertPublisher, Clock, ThresholdStore, UsageSource } from './ports';
import type { ProductOptions, TimeWindow, UsageQuery } from './telnyx/types';
import { isCredentialError, TelnyxDeadlineError } from './telnyx/errors';
import { confirmWithRetry, type Sleep } from './confirm';

/** The part of a logger the check uses; Powertools' Logger fits. */
export interface CheckLog {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

export interface CheckDependencies {
  readonly thresholds: ThresholdStore;
  readonly usage: UsageSource;
  readonly ledger: AlertLedger;
  readonly publisher: AlertPublisher;
  readonly clock: Clock;
  readonly log: CheckLog;
  readonly timeZone: string;
  /** Epoch ms by which the run must be done (the Lambda's deadline); usage reads stop `publishReserveMs` before it. */
  readonly deadline?: number;
  /** Time kept for claiming and publishing after the usage reads. Default 10 s. */
  readonly publishReserveMs?: number;
  /** Waits between ledger retries; injected so that tests pin time (a timer by default). */
  readonly sleep?: Sleep;
}

/** An error that means no usage can be read at all (no key, wrong key): stop querying, alert once. */
export class UsageUnavailableError extends Error {
  override readonly name = 'UsageUnavailableError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

export class CheckFailedError extends Error {
  override readonly name = 'CheckFailedError';
  constructor(message: string, readonly failures: readonly string[], options?: ErrorOptions) {
    super(message, options);
  }
}

export interface Evaluation {
  readonly product: string;
  readonly period: PeriodKind;
  readonly periodKey: string;
  readonly currency: string;
  /** The threshold's filter ({} when it counts every row). */
  readonly filter: Readonly<Record<string, string>>;
  readonly spendNanos: bigint;
  readonly limitNanos: bigint;
  readonly level?: 'warning' | 'critical';
  /** False when some of the usage behind it could not be read (the spend is a lower bound). */
  readonly complete: boolean;
  readonly parameter: string;
}

export type AlertOutcome = 'published' | 'already-sent' | 'in-flight' | 'failed';

export interface CheckReport {
  readonly checkedAt: Date;
  readonly timeZone: string;
  readonly evaluations: readonly Evaluation[];
  readonly alerts: ReadonlyArray<{ readonly alert: Alert; readonly outcome: AlertOutcome }>;
  /** Everything that went wrong; empty on a clean run. */
  readonly failures: readonly string[];
  /** Telnyx usage queries sent (one per product, period and window). */
  readonly queries: number;
  /** Telnyx refused the API key (or it could not be read): nothing was queried after that. */
  readonly usageBlocked: boolean;
}

const DEFAULT_PUBLISH_RESERVE_MS = 10_000;
/** Without a deadline (a local run) a claim blocks others for this long at most. */
const DEFAULT_LEASE_MS = 5 * 60_000;
/** A claim outlives its run by this margin, so a slow publish is not overtaken by the next run. */
const LEASE_MARGIN_MS = 60_000;

interface UsageTask {
  readonly product: string;
  readonly period: Period;
  /** Filter of the product's own threshold, if any: its rows are tallied apart. */
  readonly filter: Readonly<Record<string, string>>;
  /** Every row (what the total counts). */
  readonly all: SpendTally;
  /** Rows matching the product's threshold filter (the same tally when there is no filter). */
  readonly filtered: SpendTally;
  ok: boolean;
}

export async function runCheck(deps: CheckDependencies): Promise<CheckReport> {
  const now = new Date(deps.clock());
  const periods = periodsAt(now, deps.timeZone);
  const usageDeadline = deps.deadline === undefined ? undefined : deps.deadline - (deps.publishReserveMs ?? DEFAULT_PUBLISH_RESERVE_MS);
  const failures: string[] = [];
  const alerts: Alert[] = [];
  const evaluations: Evaluation[] = [];
  let queries = 0;

  const problem = (input: AlertProblem, failure: string) => {
    failures.push(failure);
    alerts.push(problemToAlert(input, now, deps.timeZone));
  };

  // 1. Which products have a cost metric (also: which names a threshold may use).
  let costProducts: string[] | undefined;
  let productOptions: ProductOptions[] | undefined;
  let usageBlocked = false;
  try {
    productOptions = await deps.usage.costProductOptions({ deadline: usageDeadline });
    costProducts = productOptions.map((entry) => entry.product);
  } catch (error) {
    if (isFatalUsageError(error)) {
      usageBlocked = true;
      problem({ product: ALL, title: 'Telnyx usage cannot be read', detail: messageOf(error) }, messageOf(error));
    } else {
      problem(
        { product: ALL, title: 'Telnyx products could not be listed', detail: `${messageOf(error)}. Per-product thresholds are still checked; the total is not.` },
        messageOf(error),
      );
    }
    deps.log.error('Could not list Telnyx products with a cost metric', { error: describeError(error) });
  }

  // 2. Thresholds, read fresh on every run.
  let thresholds: Threshold[] = [];
  try {
    const loaded = await deps.thresholds.load();
    // A parameter the store could not read (a SecureString under a key the function may not use) is an error
    // alert of its own; every other threshold is still checked.
    const raw = loaded.filter((parameter) => parameter.readError === undefined);
    for (const { name, readError } of loaded) {
      if (readError === undefined) continue;
      problem({ product: name.split('/').filter(Boolean).pop() ?? ALL, title: 'Threshold could not be read', detail: readError, parameterLocation: name }, readError);
    }
    // The same judge as `thresholds validate`.
    const parsed = judgeThresholds(raw, deps.thresholds, productOptions);
    thresholds = parsed.thresholds.filter((threshold) => threshold.enabled);
    for (const p of parsed.problems) {
      problem({ product: p.product, title: 'Invalid threshold', detail: p.message, parameterLocation: p.location }, p.message);
    }
    if (loaded.length === 0) {
      problem(
        {
          product: ALL,
          title: 'No thresholds configured',
          detail: `Nothing is being watched: there are no thresholds in ${deps.thresholds.label ?? deps.thresholds.path}. Add one per product, e.g. ${deps.thresholds.describe('messaging')} = 50 (a daily limit in USD).`,
        },
        `no thresholds in ${deps.thresholds.label ?? deps.thresholds.path}`,
      );
    }
    deps.log.info('Thresholds loaded', { parameters: loaded.length, unreadable: loaded.length - raw.length, enabled: thresholds.length, invalid: parsed.problems.length });
  } catch (error) {
    problem({ product: ALL, title: 'Thresholds could not be read', detail: messageOf(error) }, messageOf(error));
    deps.log.error('Could not read thresholds', { error: describeError(error) });
  }

  // 3. Usage: one task per (product, period) that some threshold needs; all windows of a period into one tally.
  const total = thresholds.find((threshold) => threshold.product === TOTAL);
  const perProduct = new Map(thresholds.filter((threshold) => threshold.product !== TOTAL).map((threshold) => [threshold.product, threshold]));
  const tasks = new Map<string, UsageTask>();
  const need = (product: string, kind: PeriodKind) => {
    const key = `${product}|${kind}`;
    if (!tasks.has(key)) {
      const filter = perProduct.get(product)?.filter ?? {};
      const all = new SpendTally();
      const filtered = Object.keys(filter).length > 0 ? new SpendTally(filter) : all;
      tasks.set(key, { product, period: periods[kind], filter, all, filtered, ok: true });
    }
  };
  for (const threshold of perProduct.values()) {
    if (threshold.daily !== undefined) need(threshold.product, 'daily');
    if (threshold.monthly !== undefined) need(threshold.product, 'monthly');
  }
  if (total && costProducts) {
    for (const product of costProducts) {
      if (total.daily !== undefined) need(product, 'daily');
      if (total.monthly !== undefined) need(product, 'monthly');
    }
  } else if (total && !usageBlocked) {
    failures.push('the total threshold could not be checked: the list of products is unknown');
  }

  const failedProducts = new Map<string, unknown>();
  if (!usageBlocked) {
    await Promise.all(
      [...tasks.values()].map(async (task) => {
        try {
          for (const window of queryWindows(task.period, now)) {
            if (usageBlocked) throw new UsageUnavailableError('stopped: Telnyx refused the API key');
            queries++;
            const query = costQuery(task.product, task.filter, window);
            for await (const rows of deps.usage.pages(query, { deadline: usageDeadline })) {
              task.all.add(rows);
              if (task.filtered !== task.all) task.filtered.add(rows);
            }
          }
        } catch (error) {
          task.ok = false;
          if (isFatalUsageError(error)) {
            if (!usageBlocked) {
              usageBlocked = true;
              problem({ product: ALL, title: 'Telnyx usage cannot be read', detail: messageOf(error) }, messageOf(error));
            }
            return;
          }
          if (!failedProducts.has(task.product)) failedProducts.set(task.product, error);
        }
      }),
    );
  }
  // Running out of time is one problem of the run, not one per product still queued.
  const late = [...failedProducts].filter(([, error]) => error instanceof TelnyxDeadlineError).map(([product]) => product);
  if (late.length > 0) {
    const detail = `Telnyx answered too slowly: the usage of ${late.join(', ')} could not be read before the check's deadline. Their thresholds were not checked this time; if this repeats, raise the function's timeout or TELNYX_MAX_CONCURRENCY.`;
    problem({ product: ALL, title: 'Telnyx too slow for the check', detail }, `not read before the deadline: ${late.join(', ')}`);
    deps.log.error('Usage not read before the deadline', { products: late });
  }
  for (const [product, error] of failedProducts) {
    if (error instanceof TelnyxDeadlineError) continue;
    problem(
      { product, title: 'Usage could not be read', detail: `${messageOf(error)}. Its thresholds were not checked this time; the next run tries again.` },
      `${product}: ${messageOf(error)}`,
    );
    deps.log.error('Could not read usage', { product, error: describeError(error) });
  }

  // 4. Evaluate. A threshold whose usage is incomplete still alerts if the part read already crosses a level
  //    (spend only grows), and otherwise counts as not evaluated.
  const breaches: Breach[] = [];
  for (const threshold of thresholds) {
    for (const kind of ['daily', 'monthly'] as const) {
      const limit = threshold[kind];
      if (limit === undefined) continue;
      const sources =
        threshold.product === TOTAL ? [...tasks.values()].filter((task) => task.period.kind === kind) : [tasks.get(`${threshold.product}|${kind}`)].filter(isDefined);
      if (sources.length === 0 && threshold.product === TOTAL) continue;
      // The total is complete only over the full list of products with a cost.
      const complete =
        !usageBlocked && sources.length > 0 && sources.every((task) => task.ok) && (threshold.product !== TOTAL || costProducts !== undefined);
      let spend = 0n;
      const otherCurrencies = new Set<string>();
      for (const task of sources) {
        const tallyOf = threshold.product === TOTAL ? task.all : task.filtered;
        spend += tallyOf.total(threshold.currency);
        for (const currency of tallyOf.currencies()) if (currency !== threshold.currency) otherCurrencies.add(currency);
        if (task.filtered !== task.all && threshold.product !== TOTAL && task.filtered.counted === 0 && task.all.counted > 0) {
          // Usually a quiet day for that slice; a misspelt filter value looks the same, so say it where it can be seen.
          deps.log.warn('The threshold filter matched none of the usage rows', { product: threshold.product, period: kind, filter: threshold.filter, rows: task.all.counted });
        }
      }
      const breach = evaluate(threshold, periods[kind], spend);
      if (complete || breach) {
        if (breach) breaches.push(breach);
        evaluations.push({
          product: threshold.product,
          period: kind,
          periodKey: periods[kind].key,
          currency: threshold.currency,
          filter: threshold.filter,
          spendNanos: spend,
          limitNanos: limit,
          level: breach?.level.severity,
          complete,
          parameter: threshold.parameterName,
        });
      }
      if (!complete && !breach && !usageBlocked) {
        failures.push(`${threshold.product} ${kind}: not evaluated, some of its usage could not be read`);
      }
      deps.log.info('Evaluated', {
        product: threshold.product,
        period: kind,
        periodKey: periods[kind].key,
        spend: formatMoney({ nanos: spend, currency: threshold.currency }),
        limit: formatMoney({ nanos: limit, currency: threshold.currency }),
        // Not `level`: that key is the log record's own (INFO, WARN...).
        alertLevel: breach?.level.severity ?? (complete ? 'ok' : 'unknown'),
        complete,
        ...(otherCurrencies.size > 0 ? { notCounted: [...otherCurrencies].sort() } : {}),
      });
    }
  }
  for (const breach of breaches) alerts.push(toAlert(breach, { checkedAt: now, timeZone: deps.timeZone, parameterLocation: deps.thresholds.describe(breach.threshold.product) }));

  // 5. Claim, publish, confirm: each alert once per period, even when runs overlap or retry.
  const leaseUntil = new Date((deps.deadline ?? now.getTime() + DEFAULT_LEASE_MS) + LEASE_MARGIN_MS);
  const outcomes = await Promise.all(alerts.map((alert) => deliver(alert, deps, now, leaseUntil, failures)));
  outcomes.forEach((outcome, index) => {
    if (outcome !== 'failed') return;
    const alert = alerts[index];
    if (alert) failures.push(`alert not published: ${alert.message.subject}`);
  });

  return {
    checkedAt: now,
    timeZone: deps.timeZone,
    evaluations,
    alerts: alerts.map((alert, index) => ({ alert, outcome: outcomes[index] ?? 'failed' })),
    failures,
    queries,
    usageBlocked,
  };
}

/** `failures` receives what went wrong after the alert was published (it still counts as published). */
async function deliver(alert: Alert, deps: CheckDependencies, now: Date, leaseUntil: Date, failures: string[]): Promise<AlertOutcome> {
  const fields = { key: alert.key, severity: alert.severity, signal: alert.signal, product: alert.product, period: alert.period };
  let claimed;
  try {
    claimed = await deps.ledger.claim({ key: alert.key, rank: alert.rank, now, leaseUntil, expiresAt: alert.expiresAt });
  } catch (error) {
    // Without the ledger we cannot know whether it went out already: publishing risks a repeat every run,
    // not publishing risks silence. The run fails (so the error alarm speaks) and the next run retries.
    deps.log.error('Could not claim alert', { ...fields, error: describeError(error) });
    return 'failed';
  }
  if (claimed.status !== 'claimed') {
    deps.log.info('Alert already handled', { ...fields, status: claimed.status });
    return claimed.status;
  }
  try {
    await deps.publisher.publish(alert);
  } catch (error) {
    deps.log.error('Could not publish alert; released for the next run', { ...fields, error: describeError(error) });
    try {
      await deps.ledger.release(claimed.claim);
    } catch (releaseError) {
      // The lease still runs out, and the next run after it sends the alert.
      deps.log.error('Could not release claim; it lapses with its lease', { ...fields, error: describeError(releaseError) });
    }
    return 'failed';
  }
  deps.log.info('Alert published', fields);
  try {
    const onRetry = ({ attempt, delayMs, error }: { attempt: number; delayMs: number; error: unknown }) =>
      deps.log.warn('Could not confirm published alert; retrying', { ...fields, attempt, delayMs, error: describeError(error) });
    await confirmWithRetry(deps.ledger, claimed.claim, { clock: deps.clock, deadline: deps.deadline, sleep: deps.sleep, onRetry });
  } catch (error) {
    // Sent, but not recorded: it goes out once more after the lease. Never lost, but the run fails so the
    // error alarm speaks (a ledger that keeps failing would otherwise repeat alerts quietly).
    deps.log.error('Alert published but not confirmed in the ledger', { ...fields, error: describeError(error) });
    failures.push(`alert published but not recorded as sent, so it may go out again after ${leaseUntil.toISOString()}: ${alert.message.subject} (${messageOf(error)})`);
  }
  return 'published';
}

/**
 * The usage query behind a product's spend in a window: cost by currency (never added across currencies),
 * broken out by the filter's dimensions too, so that one answer serves the filtered threshold and the total.
 */
export function costQuery(product: string, filter: Readonly<Record<string, string>>, window: TimeWindow): UsageQuery {
  const dimensions = ['currency', ...Object.keys(filter).filter((dimension) => dimension !== 'currency')];
  return { product, dimensions, metrics: ['cost'], window };
}

export function isFatalUsageError(error: unknown): boolean {
  return isCredentialError(error) || error instanceof UsageUnavailableError;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const cause = (error as { cause?: unknown }).cause;
  return { name: error.name, message: error.message, ...(cause instanceof Error ? { cause: `${cause.name}: ${cause.message}` } : {}) };
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}
