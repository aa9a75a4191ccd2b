/**
 * The use case, as a pipeline of named phases (each in check/, each tested alone):
 * startRun -> listProducts -> loadThresholds -> readUsage -> evaluate -> deliver.
 *
 * Nothing here stops the others: a bad parameter, a product whose usage cannot be read, or a failed publish
 * each become an error (and where useful an error alert) while every other threshold is still evaluated and
 * every other alert still published. The run reports `failed` only after all of that, so that the function's
 * error alarm fires without anything being lost on the way.
 */
import type { Alert } from './domain/types';
import { type Evaluation, type Evaluator, evaluate } from './check/evaluate';
import { limitEvaluator } from './check/limits';
import { listProducts } from './check/products';
import { type CheckDependencies, claimLeaseUntil, describeError, messageOf, type Run, startRun } from './check/run';
import { planSignalReads, signalEvaluator } from './check/signals';
import { loadThresholds } from './check/thresholds';
import { planSpendReads, readUsage } from './check/usage';
import { reportUsageFailures } from './check/usage-failures';
import { confirmWithRetry } from './confirm';

export type { CheckDependencies, CheckLog } from './check/run';
export type { Evaluation, Evaluator } from './check/evaluate';
export { costQuery } from './check/usage';
export { isKeyRefused, UsageUnavailableError } from './check/usage-errors';

export class CheckFailedError extends Error {
  override readonly name = 'CheckFailedError';
  constructor(
    message: string,
    readonly failures: readonly string[],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
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

/** The signals the check evaluates by default. */
export const DEFAULT_EVALUATORS: readonly Evaluator[] = [limitEvaluator, signalEvaluator];

export async function runCheck(deps: CheckDependencies, evaluators: readonly Evaluator[] = DEFAULT_EVALUATORS): Promise<CheckReport> {
  const run = startRun(deps);
  const products = await listProducts(run);
  const thresholds = await loadThresholds(run, products);
  const spendReads = planSpendReads(run, thresholds, products);
  // One hourly read per product for the forecast and spike; its failures are reported by their evaluator.
  const tasks = [...spendReads, ...planSignalReads(run, thresholds, products)];
  const usage = await readUsage(run, tasks, products);
  reportUsageFailures(run, products, spendReads, usage);
  const { evaluations, alerts } = evaluate(run, { thresholds, products, tasks, usage }, evaluators);
  const delivered = await deliverAll(run, [...run.problems, ...alerts]);
  return {
    checkedAt: run.now,
    timeZone: run.timeZone,
    evaluations,
    alerts: delivered,
    failures: run.failures,
    queries: usage.queries,
    usageBlocked: products.keyRefused || usage.keyRefused,
  };
}

/** Phase 6: claim, publish, confirm: each alert once per period, even when runs overlap or retry. */
export async function deliverAll(run: Run, alerts: readonly Alert[]): Promise<CheckReport['alerts']> {
  const leaseUntil = claimLeaseUntil(run.deps.deadline, run.now);
  // Every log line of an alert's delivery carries its signal (the dashboard's "Alert published" widgets group by it).
  const outcomes = await Promise.all(alerts.map((alert) => deliver(alert, run.deps, run.now, leaseUntil, run.failures)));
  outcomes.forEach((outcome, index) => {
    if (outcome !== 'failed') return;
    const alert = alerts[index];
    if (alert) run.failures.push(`alert not published: ${alert.message.subject}`);
  });
  return alerts.map((alert, index) => ({ alert, outcome: outcomes[index] ?? 'failed' }));
}

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
    failures.push(
      `alert published but not recorded as sent, so it may go out again after ${leaseUntil.toISOString()}: ${alert.message.subject} (${messageOf(error)})`,
    );
  }
  return 'published';
}
