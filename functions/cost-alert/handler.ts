/**
 * Lambda entry: wires the adapters from validated configuration and dispatches the event to its use case:
 * {"action": "digest"} is the daily digest, anything else the check (use-cases/). Configuration and clients
 * are built once per container (cold start); thresholds are read on every run; the ledger and the publisher
 * load their AWS SDK clients on first use (adapters.ts).
 */
import { SSMClient } from '@aws-sdk/client-ssm';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, Handler } from 'aws-lambda';
import { SsmSecret } from './aws/ssm-secret';
import { SsmThresholdStore } from './aws/ssm-thresholds';
import { type Config, loadConfig } from './config';
import { lazyLedger, lazyPublisher, usageForKey } from './adapters';
import type { RunMetrics } from './ports';
import { TelnyxUsageClient, type UsageClientOptions } from './telnyx/usage-client';
import { type CheckResult, checkUseCase } from './use-cases/check/run-check';
import type { Sleep } from './use-cases/confirm';
import { type DigestResult, digestUseCase, isDigestEvent } from './use-cases/digest/run-digest';
import { invoke } from './use-cases/invoke';

const SERVICE = 'telnyx-cost-alert';

export type HandlerResult = CheckResult | DigestResult;

/** The part of Powertools Metrics the handler uses; tests and benchmarks pass a stand-in without `logMetrics`. */
export interface HandlerMetrics extends RunMetrics {
  publishStoredMetrics(): unknown;
  logMetrics?: Metrics['logMetrics'];
}

export interface HandlerOptions {
  logger?: Logger;
  metrics?: HandlerMetrics;
  clock?: () => number;
  /** Overrides for the Telnyx client (tests pin its sleep and jitter). */
  usageClient?: Partial<UsageClientOptions>;
  /** Waits between ledger retries (tests pin it). */
  sleep?: Sleep;
}

/** The context fields the handler reads; tests pass just these. */
export type HandlerContext = Pick<Context, 'getRemainingTimeInMillis' | 'awsRequestId'>;
type Invocation = (event: unknown, context?: HandlerContext) => Promise<HandlerResult>;
type AsyncHandler<H extends Handler> = (event: Parameters<H>[0], context: Parameters<H>[1]) => Promise<unknown>;

/** Everything built once per container. Exported for the integration tests, which build it per case. */
export function createHandler(config: Config, options: HandlerOptions = {}): Invocation {
  const logger = options.logger ?? new Logger({ serviceName: SERVICE });
  // Its own warnings (a digest run stores no metric) go to the structured log.
  const metrics = options.metrics ?? new Metrics({ serviceName: SERVICE, namespace: 'TelnyxCostAlert', logger });
  const clock = options.clock ?? Date.now;
  const ssm = new SSMClient({});
  const secret = new SsmSecret(ssm, config.apiKeyParameter);
  const thresholds = new SsmThresholdStore(ssm, config.thresholdsPath, { apiKeyParameter: config.apiKeyParameter, setting: 'THRESHOLDS_PATH' });
  const ledger = lazyLedger(config.ledgerTable);
  const publisher = lazyPublisher(config.topicArn);
  const usage = usageForKey(
    secret,
    (apiKey) =>
      new TelnyxUsageClient({
        apiKey,
        baseUrl: config.telnyxBaseUrl,
        apiKeySource: `the SSM parameter ${config.apiKeyParameter}`,
        maxConcurrency: config.maxConcurrency,
        log: logger,
        clock,
        ...options.usageClient,
      }),
  );
  // An operator who rotated the key after Telnyx refused it must not wait for a cold start.
  const invokeOptions = { metrics, onKeyRefused: () => secret.forget() };

  const invocation: Invocation = async (event, context) => {
    if (context?.awsRequestId) logger.appendKeys({ requestId: context.awsRequestId });
    // Without a context (a local run) there is no deadline.
    const deadline = context?.getRemainingTimeInMillis ? clock() + context.getRemainingTimeInMillis() : undefined;
    const { timeZone, lateUsageHours } = config;
    // Only the managed accounts over a level: the alerts need no more, and nothing else reads the Lambda's report.
    const deps = {
      thresholds,
      usage: await usage(),
      ledger,
      publisher,
      clock,
      log: logger,
      timeZone,
      lateUsageHours,
      deadline,
      sleep: options.sleep,
      accountsKept: 'over' as const,
    };
    return isDigestEvent(event) ? invoke(digestUseCase, deps, invokeOptions) : invoke(checkUseCase, deps, invokeOptions);
  };
  return withPowertools(invocation, logger, metrics);
}

/**
 * Powertools' injectLambdaContext (the context's fields on every log line, this invocation's keys dropped after
 * it) and logMetrics (the cold-start metric; the stored metrics flushed when the invocation ends, thrown or not),
 * applied as functions: decorator syntax would need decorator settings in tsc, swc and esbuild for this one use.
 */
function withPowertools(invocation: Invocation, logger: Logger, metrics: HandlerMetrics): Invocation {
  const flushed: Invocation = metrics.logMetrics
    ? invocation
    : async (event, context) => {
        try {
          return await invocation(event, context);
        } finally {
          metrics.publishStoredMetrics();
        }
      };
  const method: TypedPropertyDescriptor<AsyncHandler<Handler>> = { value: flushed };
  const target = { handler: flushed };
  metrics.logMetrics?.({ captureColdStartMetric: true })(target, 'handler', method);
  logger.injectLambdaContext({ resetKeys: true })(target, 'handler', method);
  const decorated = method.value ?? flushed;
  return (event, context) => decorated(event, (context ?? {}) as Context) as Promise<HandlerResult>;
}

let cached: Invocation | undefined;

/** The Lambda handler. A configuration error surfaces here, naming the variable, on the first invocation. */
export async function handler(event: unknown, context: Context): Promise<HandlerResult> {
  cached ??= createHandler(loadConfig());
  return cached(event, context);
}
