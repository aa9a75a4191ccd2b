/**
 * Lambda entry: wires the adapters from validated configuration, runs the check, maps the outcome.
 * Configuration and clients are built once per container (cold start); thresholds are read on every run.
 * The ledger and the publisher load their AWS SDK clients on first use: most runs send no alert, and the SNS
 * and DynamoDB clients are about a fifth of the import time (bench/RESULTS.md, "Import time").
 */
import { SSMClient } from '@aws-sdk/client-ssm';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { SsmSecret } from './aws/ssm-secret';
import { SsmThresholdStore } from './aws/ssm-thresholds';
import { CheckFailedError, type CheckReport, runCheck, UsageUnavailableError } from './check';
import { type Config, loadConfig } from './config';
import type { Sleep } from './confirm';
import { isDigestEvent, runDigestInvocation } from './digest';
import type { AlertLedger, AlertPublisher, UsageSource } from './ports';
import { TelnyxUsageClient, type UsageClientOptions } from './telnyx/usage-client';

const SERVICE = 'telnyx-cost-alert';

export interface HandlerResult {
  readonly checkedAt: string;
  readonly evaluated: number;
  readonly alerts: Record<string, number>;
  readonly queries: number;
}

/** The part of Powertools Metrics the handler uses. */
export interface CheckMetrics {
  addMetric(name: string, unit: (typeof MetricUnit)[keyof typeof MetricUnit], value: number): unknown;
  publishStoredMetrics(): unknown;
}

export interface HandlerOptions {
  logger?: Logger;
  metrics?: CheckMetrics;
  clock?: () => number;
  /** Overrides for the Telnyx client (tests pin its sleep and jitter). */
  usageClient?: Partial<UsageClientOptions>;
  /** Waits between ledger retries (tests pin it). */
  sleep?: Sleep;
}

/** Everything built once per container. Exported for the integration tests, which build it per case. */
export function createHandler(config: Config, options: HandlerOptions = {}) {
  const logger = options.logger ?? new Logger({ serviceName: SERVICE });
  const metrics: CheckMetrics = options.metrics ?? new Metrics({ serviceName: SERVICE, namespace: 'TelnyxCostAlert' });
  const clock = options.clock ?? Date.now;
  const ssm = new SSMClient({});
  const secret = new SsmSecret(ssm, config.apiKeyParameter);
  const thresholds = new SsmThresholdStore(ssm, config.thresholdsPath, { apiKeyParameter: config.apiKeyParameter, setting: 'THRESHOLDS_PATH' });
  // The adapter modules load the SDK packages themselves (one copy of each, required as the rest of the bundle).
  const ledgerOnFirstUse = onFirstUse(async (): Promise<AlertLedger> => (await import('./aws/dynamo-ledger.js')).ledgerOnTable(config.ledgerTable));
  const ledger: AlertLedger = {
    claim: async (request) => (await ledgerOnFirstUse()).claim(request),
    confirm: async (claim, now) => (await ledgerOnFirstUse()).confirm(claim, now),
    release: async (claim) => (await ledgerOnFirstUse()).release(claim),
  };
  const publisherOnFirstUse = onFirstUse(async (): Promise<AlertPublisher> => (await import('./aws/sns-publisher.js')).publisherToTopic(config.topicArn));
  const publisher: AlertPublisher = { publish: async (alert) => (await publisherOnFirstUse()).publish(alert) };
  let client: { key: string; usage: TelnyxUsageClient } | undefined;

  /** The usage client for the current key (rebuilt if an operator rotates the key parameter and the cache is cold). */
  const usageSource = async (): Promise<UsageSource> => {
    let apiKey: string;
    try {
      apiKey = await secret.value();
    } catch (error) {
      return unavailable(new UsageUnavailableError(error instanceof Error ? error.message : String(error), { cause: error }));
    }
    if (client?.key !== apiKey) {
      client = {
        key: apiKey,
        usage: new TelnyxUsageClient({
          apiKey,
          baseUrl: config.telnyxBaseUrl,
          apiKeySource: `the SSM parameter ${config.apiKeyParameter}`,
          maxConcurrency: config.maxConcurrency,
          log: logger,
          clock,
          ...options.usageClient,
        }),
      };
    }
    return client.usage;
  };

  return async function handler(event: unknown, context?: Pick<Context, 'getRemainingTimeInMillis' | 'awsRequestId'>): Promise<HandlerResult> {
    if (context?.awsRequestId) logger.appendKeys({ requestId: context.awsRequestId });
    const started = clock();
    const deadline = context ? started + context.getRemainingTimeInMillis() : undefined;
    const usage = await usageSource();
    const countedBefore = telnyxCounters(usage);
    // {"action": "digest"}: the daily digest only (no limit check, no metrics); anything else is a check.
    if (isDigestEvent(event)) {
      const deps = { thresholds, usage, ledger, publisher, clock, log: logger, timeZone: config.timeZone, deadline };
      return runDigestInvocation(
        deps,
        () => secret.forget(),
        () => countedSince(countedBefore, telnyxCounters(usage)),
      );
    }
    const report = await runCheck({
      thresholds,
      usage,
      ledger,
      publisher,
      clock,
      log: logger,
      timeZone: config.timeZone,
      lateUsageHours: config.lateUsageHours,
      deadline,
      sleep: options.sleep,
    });
    // An operator who rotated the key after Telnyx refused it must not wait for a cold start.
    if (report.usageBlocked) secret.forget();
    // Published on every run that got through all thresholds: the "checks stopped" alarm watches it.
    metrics.addMetric('ChecksCompleted', MetricUnit.Count, 1);
    metrics.addMetric('AlertsPublished', MetricUnit.Count, report.alerts.filter((a) => a.outcome === 'published').length);
    metrics.addMetric('CheckFailures', MetricUnit.Count, report.failures.length);
    metrics.publishStoredMetrics();
    const result = summarise(report);
    // Field names are the dashboard's contract (docs/how-it-works.md, "Logs").
    logger.info('Check finished', {
      ...result,
      durationMs: clock() - started,
      failureCount: report.failures.length,
      alertsPublished: report.alerts.filter((a) => a.outcome === 'published').length,
      ...countedSince(countedBefore, telnyxCounters(usage)),
      failures: report.failures,
    });
    if (report.failures.length > 0) {
      throw new CheckFailedError(`The check finished with ${report.failures.length} problem(s): ${report.failures.join('; ')}`, report.failures);
    }
    return result;
  };
}

function summarise(report: CheckReport): HandlerResult {
  const alerts: Record<string, number> = {};
  for (const { outcome } of report.alerts) alerts[outcome] = (alerts[outcome] ?? 0) + 1;
  return {
    checkedAt: report.checkedAt.toISOString(),
    evaluated: report.evaluations.length,
    alerts,
    queries: report.queries,
  };
}

interface TelnyxCounters {
  readonly requests: number;
  readonly retries: number;
}

/** The usage client's request counters (`stats`: since the client was made); other usage sources have none. */
function telnyxCounters(usage: UsageSource): TelnyxCounters | undefined {
  return usage instanceof TelnyxUsageClient ? usage.stats : undefined;
}

/** This run's requests: the client lives as long as the container, its counters across runs. */
function countedSince(before: TelnyxCounters | undefined, after: TelnyxCounters | undefined): { telnyxRequests?: number; telnyxRetries?: number } {
  if (!before || !after) return {};
  return { telnyxRequests: after.requests - before.requests, telnyxRetries: after.retries - before.retries };
}

/** `load` run once, on the first call (again on the next call if it failed). */
function onFirstUse<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}

/** A usage source that fails every call with the same error: the check turns it into one error alert. */
function unavailable(error: Error): UsageSource {
  return {
    costProductOptions: () => Promise.reject(error),
    pages: () => ({
      [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(error) }),
    }),
  };
}

let cached: ReturnType<typeof createHandler> | undefined;

/** The Lambda handler. A configuration error surfaces here, naming the variable, on the first invocation. */
export async function handler(event: unknown, context: Context): Promise<HandlerResult> {
  cached ??= createHandler(loadConfig());
  return cached(event, context);
}
