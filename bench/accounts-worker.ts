/**
 * The managed-accounts cycle's Lambda side, in its own process (bundled by bench/accounts-cycle.ts and run with
 * plain node, as the Lambda runs its bundle), so that its peak memory is the handler's alone: the simulator
 * serving 10,000 accounts stays in the bench's process. One warm container: the handler is built once, and each
 * `run` message is one invocation.
 *
 * AWS is answered at once by aws-sdk-client-mock: SSM (the key, the thresholds), SNS (every publish accepted and
 * recorded), DynamoDB as a plain item store (a put replaces the item, a get returns it, a delete removes it;
 * conditions are not evaluated: this run is the table's only writer), so the next run finds the rosters and
 * claims the previous one wrote. Every write command (PutItem, UpdateItem, DeleteItem) is counted.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { type AttributeValue, DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetParameterCommand, GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { performance } from 'node:perf_hooks';
import type { Config } from '../functions/cost-alert/config';
import { createHandler } from '../functions/cost-alert/handler';

/** Sent by the bench: the handler's setting, then one message per run, then `stop`. */
export type WorkerCommand =
  | { readonly kind: 'start'; readonly baseUrl: string; readonly apiKey: string; readonly now: number; readonly thresholds: Readonly<Record<string, string>> }
  /** `forget`: the ledger emptied first, so that the run is a first run again (the storm, measured more than once). */
  | { readonly kind: 'run'; readonly now: number; readonly forget?: boolean }
  | { readonly kind: 'stop' };

export interface WorkerRun {
  readonly kind: 'run';
  readonly ms: number;
  /** The handler's own count of usage queries (checked against the simulator's). */
  readonly queries: number;
  /** The `account` attribute of each alert published, in publish order. */
  readonly accounts: readonly string[];
  readonly dynamoWrites: number;
  readonly dynamoReads: number;
}

export type WorkerReply =
  | WorkerRun
  | { readonly kind: 'ready' }
  | { readonly kind: 'stopped'; readonly peakRssMb: number }
  | { readonly kind: 'failed'; readonly error: string };

const PATH = '/telnyx-cost-alert/thresholds';
const API_KEY_PARAMETER = '/telnyx-cost-alert/api-key';
const CONTEXT = { awsRequestId: 'bench', getRemainingTimeInMillis: () => 300_000 };

type Item = Record<string, AttributeValue>;

function fakeAws(apiKey: string, thresholds: Readonly<Record<string, string>>) {
  process.env.AWS_REGION ??= 'us-east-1';
  const items = new Map<string, Item>();
  const counts = { writes: 0, reads: 0, accounts: [] as string[], forget: () => items.clear() };
  const ssm = mockClient(SSMClient);
  ssm.on(GetParameterCommand, { Name: API_KEY_PARAMETER }).resolves({ Parameter: { Name: API_KEY_PARAMETER, Value: apiKey } });
  ssm.on(GetParametersByPathCommand).resolves({
    Parameters: Object.entries(thresholds).map(([product, value]) => ({ Name: `${PATH}/${product}`, Value: value, Type: 'String' })),
  });
  const dynamo = mockClient(DynamoDBClient);
  const keyOf = (key: Item | undefined) => key?.['pk']?.S ?? '';
  dynamo.on(GetItemCommand).callsFake((input: { Key?: Item }) => {
    counts.reads++;
    const item = items.get(keyOf(input.Key));
    return item ? { Item: item } : {};
  });
  dynamo.on(PutItemCommand).callsFake((input: { Item?: Item; ReturnValues?: string }) => {
    counts.writes++;
    const key = keyOf(input.Item);
    const old = items.get(key);
    items.set(key, input.Item ?? {});
    return input.ReturnValues === 'ALL_OLD' && old ? { Attributes: old } : {};
  });
  dynamo.on(DeleteItemCommand).callsFake((input: { Key?: Item }) => {
    counts.writes++;
    items.delete(keyOf(input.Key));
    return {};
  });
  dynamo.on(UpdateItemCommand).callsFake(() => {
    counts.writes++;
    return {};
  });
  const sns = mockClient(SNSClient);
  sns.on(PublishCommand).callsFake((input: { MessageAttributes?: Record<string, { StringValue?: string }> }) => {
    counts.accounts.push(input.MessageAttributes?.['account']?.StringValue ?? '-');
    return { MessageId: `bench-${counts.accounts.length}` };
  });
  return counts;
}

function handlerFor(command: Extract<WorkerCommand, { kind: 'start' }>) {
  const config: Config = {
    apiKeyParameter: API_KEY_PARAMETER,
    thresholdsPath: PATH,
    topicArn: 'arn:aws:sns:us-east-1:123456789012:telnyx-cost-alerts',
    ledgerTable: 'telnyx-cost-alert-ledger',
    telnyxBaseUrl: command.baseUrl,
    timeZone: 'UTC',
    maxConcurrency: 2,
    lateUsageHours: 0,
  };
  return createHandler(config, {
    logger: new Logger({ serviceName: 'telnyx-cost-alert-bench', logLevel: 'SILENT' }),
    metrics: { addMetric: () => undefined, publishStoredMetrics: () => undefined },
    clock: () => clock,
  });
}

let handler: ReturnType<typeof createHandler> | undefined;
/** The instant each run checks at (a warm-up on another day, then the measured runs). */
let clock = 0;
let counts: ReturnType<typeof fakeAws> | undefined;
const reply = (message: WorkerReply) => process.send?.(message);

async function onCommand(command: WorkerCommand): Promise<void> {
  if (command.kind === 'start') {
    counts = fakeAws(command.apiKey, command.thresholds);
    clock = command.now;
    handler = handlerFor(command);
    reply({ kind: 'ready' });
  } else if (command.kind === 'run') {
    if (!handler || !counts) throw new Error('run before start');
    if (command.forget) counts.forget();
    Object.assign(counts, { writes: 0, reads: 0, accounts: [] });
    clock = command.now;
    const started = performance.now();
    const result = await handler({}, CONTEXT);
    const ms = performance.now() - started;
    const queries = 'queries' in result ? result.queries : -1;
    reply({ kind: 'run', ms, queries, accounts: counts.accounts, dynamoWrites: counts.writes, dynamoReads: counts.reads });
  } else {
    reply({ kind: 'stopped', peakRssMb: process.resourceUsage().maxRSS / 1024 });
    process.disconnect();
  }
}

process.on('message', (command: WorkerCommand) => {
  onCommand(command).catch((error: unknown) => reply({ kind: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) }));
});
