/**
 * One check cycle of the real Lambda handler (`createHandler`): SSM, DynamoDB and SNS answered at once by
 * aws-sdk-client-mock, Telnyx by the simulator process over HTTP with injected latency. What is timed is
 * the handler invocation, so it includes the adapters' code, the check, the usage client and the HTTP.
 */
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetParameterCommand, GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import { Logger } from '@aws-lambda-powertools/logger';
import { mockClient } from 'aws-sdk-client-mock';
import { performance } from 'node:perf_hooks';
import { createHandler } from '../functions/cost-alert/handler';
import { parseNanos } from '../functions/cost-alert/domain/money';
import type { Config } from '../functions/cost-alert/config';
import { BENCH_API_KEY, expectedTotalNanos, THRESHOLDS_PATH } from './usage-fixture';

const API_KEY_PARAMETER = '/telnyx-cost-alert/api-key';
const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:telnyx-cost-alerts';

export class CycleVerificationError extends Error {
  override readonly name = 'CycleVerificationError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** AWS as the handler sees it: the API key, one daily threshold per product, a ledger and a topic that accept everything. */
export class FakeAws {
  private readonly ssm = mockClient(SSMClient);
  private readonly dynamo = mockClient(DynamoDBClient);
  private readonly sns = mockClient(SNSClient);

  constructor() {
    // The clients are never really called, but building them must not depend on the machine's AWS setup.
    process.env.AWS_REGION ??= 'us-east-1';
    this.ssm.on(GetParameterCommand, { Name: API_KEY_PARAMETER }).resolves({ Parameter: { Name: API_KEY_PARAMETER, Value: BENCH_API_KEY } });
    this.dynamo.on(PutItemCommand).resolves({});
    this.sns.on(PublishCommand).resolves({ MessageId: 'bench' });
  }

  /** A daily limit of 1 USD for each product: every product's usage (20 rows or more) breaches it, so every run publishes one alert per product. */
  watch(products: readonly string[]): void {
    this.ssm.on(GetParametersByPathCommand).resolves({
      Parameters: products.map((product) => ({ Name: `${THRESHOLDS_PATH}/${product}`, Value: '1', Type: 'String' })),
    });
  }

  /** The given threshold values, one per product (bench/signal-cycle.ts: limits with forecast and spike on). */
  watchValues(values: Readonly<Record<string, string>>): void {
    this.ssm.on(GetParametersByPathCommand).resolves({
      Parameters: Object.entries(values).map(([product, value]) => ({ Name: `${THRESHOLDS_PATH}/${product}`, Value: value, Type: 'String' })),
    });
  }

  /** Alerts published since the last forgetCalls(), by their `signal` attribute. */
  publishedSignals(): string[] {
    return this.sns.commandCalls(PublishCommand).map((call) => call.args[0].input.MessageAttributes?.['signal']?.StringValue ?? '');
  }

  forgetCalls(): void {
    this.ssm.resetHistory();
    this.dynamo.resetHistory();
    this.sns.resetHistory();
  }

  /** product -> spend (nano-units) as published in each alert's machine payload. */
  publishedSpend(): Map<string, bigint> {
    const spend = new Map<string, bigint>();
    for (const call of this.sns.commandCalls(PublishCommand)) {
      const message = JSON.parse(call.args[0].input.Message ?? '{}') as { sqs?: string };
      const payload = JSON.parse(message.sqs ?? '{}') as { product?: string; spend?: string };
      const nanos = parseNanos(payload.spend);
      if (payload.product && nanos !== undefined) spend.set(payload.product, nanos);
    }
    return spend;
  }

  restore(): void {
    this.ssm.restore();
    this.dynamo.restore();
    this.sns.restore();
  }
}

const expectedTotals = new Map<string, bigint>();
/** Summing 50,000 rows costs more than a small cycle: once per product and size. */
function expectedTotal(product: string, rows: number): bigint {
  const key = `${product}|${rows}`;
  let total = expectedTotals.get(key);
  if (total === undefined) {
    total = expectedTotalNanos(product, rows);
    expectedTotals.set(key, total);
  }
  return total;
}

export interface CycleRun {
  readonly ms: number;
}

/** A warm Lambda container: the handler built once, invoked per run. */
export class HandlerUnderTest {
  private readonly handler: ReturnType<typeof createHandler>;

  constructor(
    private readonly aws: FakeAws,
    private readonly products: readonly string[],
    baseUrl: string,
    maxConcurrency: number,
    /** Pinned so that every run asks the same URLs (the simulator front caches by URL). */
    now: number,
  ) {
    const config: Config = {
      apiKeyParameter: API_KEY_PARAMETER,
      thresholdsPath: THRESHOLDS_PATH,
      topicArn: TOPIC_ARN,
      ledgerTable: 'telnyx-cost-alert-ledger',
      telnyxBaseUrl: baseUrl,
      timeZone: 'UTC',
      maxConcurrency,
      // The cycle measures the steady state (today's reads only); bench/grace-time.ts counts the ended-period reads.
      lateUsageHours: 0,
    };
    const logger = new Logger({ serviceName: 'telnyx-cost-alert-bench', logLevel: 'SILENT' });
    const metrics = { addMetric: () => undefined, publishStoredMetrics: () => undefined };
    this.handler = createHandler(config, { logger, metrics, clock: () => now });
  }

  /**
   * One invocation, timed; then checks that it evaluated every product, published one alert each, and that
   * each alert's spend is exactly the sum of the rows served (`rowsPerProduct` each).
   */
  async run(rowsPerProduct: number): Promise<CycleRun> {
    this.aws.watch(this.products);
    this.aws.forgetCalls();
    const context = { awsRequestId: 'bench', getRemainingTimeInMillis: () => 300_000 };
    const started = performance.now();
    const result = await this.handler({}, context);
    const ms = performance.now() - started;
    const n = this.products.length;
    if (result.evaluated !== n || result.queries !== n || result.alerts['published'] !== n) {
      throw new CycleVerificationError(`expected ${n} evaluations, queries and published alerts, got ${JSON.stringify(result)}`);
    }
    const spend = this.aws.publishedSpend();
    for (const product of this.products) {
      const expected = expectedTotal(product, rowsPerProduct);
      if (spend.get(product) !== expected) {
        throw new CycleVerificationError(`${product}: the alert says ${String(spend.get(product))} nano-USD, the rows sum to ${expected}`);
      }
    }
    return { ms };
  }
}
