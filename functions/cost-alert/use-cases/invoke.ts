/**
 * A use case as the Lambda runs it: the run, then its one "finished" log line (`Check finished`, `Digest
 * finished`) and its metrics, whatever happened. The line's fields are the dashboard's contract
 * (docs/how-it-works.md, "Logs"): durationMs, telnyxRequests and telnyxRetries, failureCount, alertsPublished,
 * failures, and the use case's own (the check's result, the digest's key and outcome).
 */
import type { RunMetrics, UsageStats } from '../ports';
import { messageOf } from '../domain/error-text';
import type { UseCaseDependencies } from './run';

/** How a use case's report reads at the end of an invocation. */
export interface Finished<Result> {
  /** What the handler returns. */
  readonly result: Result;
  /** The use case's own fields of its finished line. */
  readonly fields: Readonly<Record<string, unknown>>;
  readonly failures: readonly string[];
  readonly alertsPublished: number;
  /** Calls to the usage source (the product list and the queries): telnyxRequests when the source counts no HTTP requests. */
  readonly usageCalls: number;
  /** Counts for CloudWatch, by metric name. */
  readonly metrics: Readonly<Record<string, number>>;
  /** Telnyx refused the key (or it could not be read): the handler forgets the cached key. */
  readonly keyRefused: boolean;
  /** Thrown once the line is logged and the metrics added: the run is a failure, and the error alarm speaks. */
  readonly error?: Error;
}

export interface UseCase<Deps extends UseCaseDependencies, Report, Result> {
  /** `Check` logs `Check finished`. */
  readonly name: string;
  run(deps: Deps): Promise<Report>;
  finished(report: Report): Finished<Result>;
}

export interface InvokeOptions {
  readonly metrics: RunMetrics;
  /** Told when Telnyx refused the key, so that a rotated key is read again without waiting for a cold start. */
  readonly onKeyRefused: () => void;
}

export async function invoke<Deps extends UseCaseDependencies, Report, Result>(
  useCase: UseCase<Deps, Report, Result>,
  deps: Deps,
  options: InvokeOptions,
): Promise<Result> {
  const started = deps.clock();
  const before = deps.usage.stats;
  const counted = (usageCalls?: number) => ({ durationMs: deps.clock() - started, ...telnyxRequests(before, deps.usage.stats, usageCalls) });
  let report: Report;
  try {
    report = await useCase.run(deps);
  } catch (error) {
    if (keyRefusedBy(error)) options.onKeyRefused();
    deps.log.error(`${useCase.name} finished`, { ...counted(), failureCount: 1, alertsPublished: 0, failures: [messageOf(error)] });
    throw error;
  }
  const finished = useCase.finished(report);
  if (finished.keyRefused) options.onKeyRefused();
  for (const [name, value] of Object.entries(finished.metrics)) options.metrics.addMetric(name, 'Count', value);
  deps.log.info(`${useCase.name} finished`, {
    ...finished.fields,
    ...counted(finished.usageCalls),
    failureCount: finished.failures.length,
    alertsPublished: finished.alertsPublished,
    failures: finished.failures,
  });
  if (finished.error) throw finished.error;
  return finished.result;
}

/** This run's HTTP requests when the source counts them (it lives as long as the container), else its calls. */
function telnyxRequests(before: UsageStats | undefined, after: UsageStats | undefined, usageCalls: number | undefined) {
  if (before && after) return { telnyxRequests: after.requests - before.requests, telnyxRetries: after.retries - before.retries };
  return usageCalls === undefined ? {} : { telnyxRequests: usageCalls };
}

/** An error that says the key was refused (a use case's own failure carries `usageBlocked`). */
function keyRefusedBy(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { usageBlocked?: unknown }).usageBlocked === true;
}
