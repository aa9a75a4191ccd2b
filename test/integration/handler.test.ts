/**
 * The Lambda handler end to end: the real Telnyx client against the simulator (real HTTP), the real ledger
 * on dynalite (a DynamoDB implementation, so the conditional writes are evaluated for real), and SSM and SNS
 * faked with aws-sdk-client-mock. The DynamoDB endpoint reaches the handler only through AWS_ENDPOINT_URL_DYNAMODB,
 * as in production where nothing is hard-coded.
 */
import 'aws-sdk-client-mock-jest';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { CreateTableCommand, DynamoDBClient, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetParameterCommand, GetParametersByPathCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { Logger } from '@aws-lambda-powertools/logger';
import { mockClient } from 'aws-sdk-client-mock';
import { CheckFailedError } from '../../functions/cost-alert/check';
import type { Config } from '../../functions/cost-alert/config';
import { createHandler } from '../../functions/cost-alert/handler';
import { PRODUCT_CATALOGUE, type Scenario, type UsageRecord } from '../../functions/telnyx-simulator/scenario';
import { type RunningSimulator, startSimulator } from '../../functions/telnyx-simulator/server';

const dynalite = createRequire(__filename)('dynalite') as (options: { createTableMs: number }) => Server;

const NOW = Date.parse('2026-11-26T14:00:00Z');
const API_KEY = 'KEY-integration-secret-0001';
const PATH = '/telnyx-cost-alert/thresholds';
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:telnyx-cost-alerts';
let table = '';
let tables = 0;

function record(at: string, direction: string, currency: string, cost: string): UsageRecord {
  return { timestamp: new Date(at), dimensions: { direction, currency }, metrics: { cost, count: 1, parts: 1 } };
}

/** Today: messaging 55 USD outbound + 5 USD inbound + 100 EUR; sip-trunking 10 USD; call-control 1 USD. */
const scenario: Scenario = {
  products: PRODUCT_CATALOGUE.filter((p) => ['messaging', 'sip-trunking', 'call-control', 'webrtc'].includes(p.product)),
  records: {
    messaging: [
      record('2026-11-26T09:00:00Z', 'outbound', 'USD', '30'),
      record('2026-11-26T13:00:00Z', 'outbound', 'USD', '25'),
      record('2026-11-26T10:00:00Z', 'inbound', 'USD', '5'),
      record('2026-11-26T11:00:00Z', 'outbound', 'EUR', '100'),
      record('2026-11-02T11:00:00Z', 'outbound', 'USD', '300'),
    ],
    'sip-trunking': [record('2026-11-26T08:00:00Z', 'outbound', 'USD', '10')],
    'call-control': [record('2026-11-26T08:00:00Z', 'outbound', 'USD', '1')],
    webrtc: [],
  },
};

const ssm = mockClient(SSMClient);
const sns = mockClient(SNSClient);
let dynamoServer: Server;
let dynamo: DynamoDBClient;
let simulator: RunningSimulator;
let thresholds: Record<string, string>;
const saved = { ...process.env };

function config(): Config {
  return {
    apiKeyParameter: '/telnyx-cost-alert/api-key',
    thresholdsPath: PATH,
    topicArn: TOPIC,
    ledgerTable: table,
    telnyxBaseUrl: simulator.url,
    timeZone: 'UTC',
    maxConcurrency: 2,
  };
}

const metricsSeen: string[] = [];
/** A new container: its own clients, secret cache and usage client. */
function container(clock: () => number = () => NOW) {
  return createHandler(config(), {
    logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' }),
    metrics: { addMetric: (name: string) => void metricsSeen.push(name), publishStoredMetrics: () => undefined },
    clock,
    usageClient: { sleep: async () => undefined, random: () => 0 },
  });
}
const context = { getRemainingTimeInMillis: () => 60_000, awsRequestId: 'req-1' };

function published(): Array<{ subject: string; severity: string; product: string; period?: string }> {
  return sns.commandCalls(PublishCommand).map((call) => {
    const input = call.args[0].input;
    return {
      subject: input.Subject ?? '',
      severity: input.MessageAttributes?.['severity']?.StringValue ?? '',
      product: input.MessageAttributes?.['product']?.StringValue ?? '',
      period: input.MessageAttributes?.['period']?.StringValue,
    };
  });
}

beforeAll(async () => {
  dynamoServer = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => dynamoServer.listen(0, '127.0.0.1', resolve));
  const { port } = dynamoServer.address() as AddressInfo;
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${port}`,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  });
  dynamo = new DynamoDBClient({});
});

afterAll(async () => {
  dynamo.destroy();
  await new Promise((resolve) => dynamoServer.close(resolve));
  process.env = saved;
});

beforeEach(async () => {
  ssm.reset();
  sns.reset();
  metricsSeen.length = 0;
  simulator = await startSimulator({ scenario, now: () => new Date(NOW) });
  // A fresh table per case (dynalite deletes tables lazily).
  table = `alert-ledger-${++tables}`;
  await dynamo.send(
    new CreateTableCommand({
      TableName: table,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  thresholds = {
    messaging: '{"daily": 50, "warnAt": [0.8], "filter": {"direction": "outbound"}}',
    'sip-trunking': '{"daily": 20, "warnAt": [0.4]}',
    'call-control': '100',
  };
  ssm.on(GetParameterCommand, { Name: '/telnyx-cost-alert/api-key', WithDecryption: true }).resolves({ Parameter: { Value: API_KEY } });
  ssm.on(GetParametersByPathCommand).callsFake(() => ({
    Parameters: Object.entries(thresholds).map(([product, value]) => ({ Name: `${PATH}/${product}`, Value: value })),
  }));
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
});

afterEach(async () => {
  await simulator.close();
});

describe('the scheduled check', () => {
  it('alerts the highest level per threshold, within its currency and filter, and reports clean', async () => {
    // Act
    const result = await container()({}, context);

    // Assess: messaging outbound 55 USD >= 50 (EUR and inbound not counted); sip-trunking 10 >= 0.4 x 20
    expect(published()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ severity: 'critical', product: 'messaging', period: 'daily' }),
        expect.objectContaining({ severity: 'warning', product: 'sip-trunking', period: 'daily' }),
      ]),
    );
    expect(published()).toHaveLength(2);
    expect(published().find((p) => p.product === 'messaging')?.subject).toMatch(/55\.00 USD.*50\.00 USD/);
    expect(result).toMatchObject({ evaluated: 3, alerts: { published: 2 } });
    expect(sns).toHaveReceivedCommandWith(PublishCommand, { TopicArn: TOPIC, MessageStructure: 'json' });
    expect(ssm).toHaveReceivedCommandWith(GetParametersByPathCommand, { Path: PATH, Recursive: true, WithDecryption: false }); // SecureStrings are read apart (aws/ssm-thresholds.ts)
    expect(metricsSeen).toContain('ChecksCompleted');
  });

  it('alerts once over two runs', async () => {
    // Prepare
    const handler = container();

    // Act
    await handler({}, context);
    await handler({}, context);

    // Assess
    expect(published()).toHaveLength(2);
  });

  it('alerts once when three runs overlap', async () => {
    // Act: three containers at once, as a retried and a late schedule would
    await Promise.all([container()({}, context), container()({}, context), container()({}, context)]);

    // Assess
    expect(published().filter((p) => p.product === 'messaging')).toHaveLength(1);
    expect(published().filter((p) => p.product === 'sip-trunking')).toHaveLength(1);
    const ledger = await dynamo.send(new ScanCommand({ TableName: table }));
    expect(ledger.Items?.map((item) => item['state']?.S)).toEqual(['sent', 'sent']);
  });

  it('sends on the next run an alert whose publish failed, and fails the run that could not send it', async () => {
    // Prepare: SNS fails the first publish of the messaging alert
    sns.on(PublishCommand).rejectsOnce(new Error('SNS is having a bad day')).resolves({ MessageId: 'm-2' });
    const handler = container();

    // Act
    const first = handler({}, context);
    await expect(first).rejects.toBeInstanceOf(CheckFailedError);
    await expect(first).rejects.toThrow(/alert not published/);
    const afterFirst = sns.commandCalls(PublishCommand).length;
    await handler({}, context);

    // Assess: 2 attempts in run 1 (one failed), then only the failed one again in run 2
    expect(afterFirst).toBe(2);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(3);
    const subjects = sns.commandCalls(PublishCommand).map((call) => call.args[0].input.Subject);
    // The first publish is the one SNS refused; the next run sends exactly that one.
    expect(subjects[2]).toBe(subjects[0]);
    expect(subjects[1]).not.toBe(subjects[0]);
  });

  it('does not let one product outage stop the alert of another', async () => {
    // Prepare: sip-trunking answers 503 every time
    simulator.injectFault({ match: { product: 'sip-trunking' }, status: 503, times: 100 });

    // Act
    const run = container()({}, context);

    // Assess
    await expect(run).rejects.toThrow(/sip-trunking/);
    expect(published()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ severity: 'critical', product: 'messaging' }),
        expect.objectContaining({ severity: 'error', product: 'sip-trunking' }),
      ]),
    );
    expect(published()).toHaveLength(2);
  });

  it('turns a bad parameter into one error alert a day while the rest still alert', async () => {
    // Prepare
    thresholds['call-control'] = '{"dayly": 100}';
    const handler = container();

    // Act
    await expect(handler({}, context)).rejects.toThrow(/call-control/);
    await expect(handler({}, context)).rejects.toThrow(/call-control/);

    // Assess
    const errors = published().filter((p) => p.severity === 'error');
    expect(errors).toEqual([expect.objectContaining({ product: 'call-control' })]);
    const emailOf = JSON.parse(sns.commandCalls(PublishCommand).find((c) => c.args[0].input.MessageAttributes?.['severity']?.StringValue === 'error')!.args[0].input.Message!);
    expect(emailOf.email).toContain(`${PATH}/call-control`);
    expect(emailOf.email).toContain('dayly');
    expect(published().filter((p) => p.severity !== 'error')).toHaveLength(2);
  });

  it('raises exactly one error alert and stops querying when Telnyx refuses the key', async () => {
    // Prepare: a simulator that only knows another key
    await simulator.close();
    simulator = await startSimulator({ scenario, now: () => new Date(NOW), apiKey: 'another-key' });

    // Act
    await expect(container()({}, context)).rejects.toBeInstanceOf(CheckFailedError);

    // Assess
    expect(published()).toEqual([expect.objectContaining({ severity: 'error', product: 'all' })]);
    expect(simulator.requests).toHaveLength(1);
    const message = sns.commandCalls(PublishCommand)[0]!.args[0].input.Message!;
    expect(message).toContain('/telnyx-cost-alert/api-key');
    expect(message).not.toContain(API_KEY);
  });

  it('alerts again when a raised limit is crossed, and not on the quiet next day', async () => {
    // Prepare
    await container()({}, context);
    const tomorrow = Date.parse('2026-11-27T14:00:00Z');
    // Act 1: the limit is raised to 52 (55 still crosses it) in the same period
    thresholds.messaging = '{"daily": 52, "warnAt": [0.8], "filter": {"direction": "outbound"}}';
    await container()({}, context);
    // Act 2: next day; the simulator's usage of "today" is the same records, now yesterday: nothing today
    await container(() => tomorrow)({}, context);

    // Assess
    const messaging = published().filter((p) => p.product === 'messaging');
    expect(messaging.map((p) => p.severity)).toEqual(['critical', 'critical']);
    expect(messaging[1]?.subject).toMatch(/52\.00 USD/);
  });

  it('does not let a claim left by a crashed run silence the alert past its lease', async () => {
    // Prepare: a run claimed the messaging alert and died before publishing (its lease: 3 more minutes)
    await container()({}, context);
    const items = (await dynamo.send(new ScanCommand({ TableName: table }))).Items ?? [];
    const messaging = items.find((item) => item['pk']?.S?.includes('messaging'));
    expect(messaging).toBeDefined();
    await dynamo.send(
      new PutItemCommand({
        TableName: table,
        Item: { ...messaging, state: { S: 'claimed' }, token: { S: 'crashed-run' }, leaseUntil: { N: String(NOW + 180_000) } },
      }),
    );
    sns.resetHistory();

    // Act: the next run sees it in flight; the run after the lease sends it
    await container(() => NOW + 60_000)({}, context);
    const whileLeased = published().length;
    await container(() => NOW + 240_000)({}, context);

    // Assess
    expect(whileLeased).toBe(0);
    expect(published()).toEqual([expect.objectContaining({ severity: 'critical', product: 'messaging' })]);
  });

  it('raises one error alert naming the fix when the API key parameter is missing', async () => {
    // Prepare
    ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));

    // Act
    await expect(container()({}, context)).rejects.toBeInstanceOf(CheckFailedError);

    // Assess
    expect(published()).toEqual([expect.objectContaining({ severity: 'error', product: 'all' })]);
    const message = sns.commandCalls(PublishCommand)[0]!.args[0].input.Message!;
    expect(message).toContain('put-parameter');
    expect(message).toContain('/telnyx-cost-alert/api-key');
    expect(simulator.requests).toHaveLength(0);
  });

  it('logs one structured line per evaluated threshold, with spend and limit, and never the API key', async () => {
    // Prepare: a real Powertools logger at INFO, its output captured
    const lines: string[] = [];
    // Powertools writes INFO to stdout, WARN and ERROR to stderr.
    const capture = (chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    };
    const writes = [jest.spyOn(process.stdout, 'write').mockImplementation(capture), jest.spyOn(process.stderr, 'write').mockImplementation(capture)];
    simulator.injectFault({ match: { product: 'call-control' }, status: 503, times: 100 });
    const handler = createHandler(config(), {
      logger: new Logger({ serviceName: 'telnyx-cost-alert', logLevel: 'INFO' }),
      metrics: { addMetric: () => undefined, publishStoredMetrics: () => undefined },
      clock: () => NOW,
      usageClient: { sleep: async () => undefined, random: () => 0 },
    });

    // Act
    try {
      await expect(handler({}, context)).rejects.toThrow(/call-control/);
    } finally {
      for (const write of writes) write.mockRestore();
    }

    // Assess
    const records = lines.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
    const evaluated = records.filter((r) => r['message'] === 'Evaluated');
    expect(evaluated.map((r) => [r['product'], r['period'], r['spend'], r['limit'], r['alertLevel']])).toEqual(
      expect.arrayContaining([
        ['messaging', 'daily', '55.00 USD', '50.00 USD', 'critical'],
        ['sip-trunking', 'daily', '10.00 USD', '20.00 USD', 'warning'],
        ['call-control', 'daily', '0.00 USD', '100.00 USD', 'unknown'],
      ]),
    );
    expect(evaluated.find((r) => r['product'] === 'messaging')).toMatchObject({ notCounted: ['EUR'], service: 'telnyx-cost-alert', requestId: 'req-1' });
    expect(records.some((r) => r['message'] === 'Telnyx request failed; retrying')).toBe(true);
    expect(lines.join('')).not.toContain(API_KEY);
  });

  it('reads the key again after Telnyx refused it, so a rotated key works without a cold start', async () => {
    // Prepare: Telnyx knows only the new key; the parameter holds the old one, then the rotated one
    await simulator.close();
    simulator = await startSimulator({ scenario, now: () => new Date(NOW), apiKey: 'KEY-rotated' });
    ssm
      .on(GetParameterCommand, { Name: '/telnyx-cost-alert/api-key', WithDecryption: true })
      .resolvesOnce({ Parameter: { Value: API_KEY } })
      .resolves({ Parameter: { Value: 'KEY-rotated' } });
    const handler = container();

    // Act
    await expect(handler({}, context)).rejects.toBeInstanceOf(CheckFailedError);
    const second = await handler({}, context);

    // Assess
    expect(second).toMatchObject({ alerts: { published: 2 } });
    expect(ssm).toHaveReceivedCommandTimes(GetParameterCommand, 2);
  });
});
