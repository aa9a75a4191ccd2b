/**
 * The Lambda handler end to end: the real Telnyx client against the simulator (real HTTP), and SSM, SNS and
 * the DynamoDB ledger on moto's server (a real AWS API emulator: parameters, SecureString decryption, the
 * ledger's conditional writes and SNS publishing are all done for real). The handler reaches moto only through
 * the SDK's environment (AWS_ENDPOINT_URL), as in production where nothing is hard-coded; the tests assert on
 * what SNS received (moto's record of each topic's notifications), not on the calls made.
 *
 * moto cannot be told to fail one call. Where a test needs a failure (a refused publish, a failed confirm),
 * it spies on the SDK client's `send` and rejects just the matching commands; every other call goes to moto.
 */
import { DynamoDBClient, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DeleteParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { Logger } from '@aws-lambda-powertools/logger';
import { CheckFailedError } from '../../functions/cost-alert/use-cases/check/run-check';
import type { Config } from '../../functions/cost-alert/config';
import { createHandler } from '../../functions/cost-alert/handler';
import { PRODUCT_CATALOGUE, type Scenario, type UsageRecord } from '../../functions/telnyx-simulator/scenario';
import { type RunningSimulator, startSimulator } from '../../functions/telnyx-simulator/server';
import { type Moto, type SentNotification, startMoto } from '../support/moto';
import { testHandlerOptions } from '../support/handler-options';
import { linesWritten } from '../support/captured-output';
import { createLedgerTable } from '../support/moto-stack';

const NOW = Date.parse('2026-11-26T14:00:00Z');
const API_KEY = 'KEY-integration-secret-0001';
const API_KEY_PARAMETER = '/telnyx-cost-alert/api-key';
const PATH = '/telnyx-cost-alert/thresholds';
// moto's account is 123456789012.
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:telnyx-cost-alerts';
const TABLE = 'alert-ledger';

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

const THRESHOLDS: Record<string, string> = {
  messaging: '{"daily": 50, "warnAt": [0.8], "filter": {"direction": "outbound"}}',
  'sip-trunking': '{"daily": 20, "warnAt": [0.4]}',
  'call-control': '100',
};

let moto: Moto;
let ssm: SSMClient;
let sns: SNSClient;
let dynamo: DynamoDBClient;
let simulator: RunningSimulator;
const saved = { ...process.env };

function config(): Config {
  return {
    apiKeyParameter: API_KEY_PARAMETER,
    thresholdsPath: PATH,
    topicArn: TOPIC,
    ledgerTable: TABLE,
    telnyxBaseUrl: simulator.url,
    timeZone: 'UTC',
    maxConcurrency: 2,
  };
}

const metricsSeen: string[] = [];
/** A new container: its own clients, secret cache and usage client. Retries wait no real time. */
function container(clock: () => number = () => NOW) {
  return createHandler(
    config(),
    testHandlerOptions(clock, {
      metrics: { addMetric: (name: string) => void metricsSeen.push(name), publishStoredMetrics: () => undefined },
      sleep: async () => undefined,
    }),
  );
}
const context = { getRemainingTimeInMillis: () => 60_000, awsRequestId: 'req-1' };

interface Received {
  readonly subject: string;
  readonly severity: string;
  readonly signal: string;
  readonly product: string;
  readonly period?: string;
  /** The per-protocol bodies (MessageStructure json). */
  readonly bodies: Record<string, string>;
}

/** What SNS accepted on the alert topic, oldest first. */
async function published(): Promise<Received[]> {
  return (await moto.sentNotifications(TOPIC)).map((sent: SentNotification) => ({
    subject: sent.subject ?? '',
    severity: sent.attributes['severity'] ?? '',
    signal: sent.attributes['signal'] ?? '',
    product: sent.attributes['product'] ?? '',
    ...(sent.attributes['period'] === undefined ? {} : { period: sent.attributes['period'] }),
    bodies: JSON.parse(sent.message) as Record<string, string>,
  }));
}

async function putThreshold(product: string, value: string): Promise<void> {
  await ssm.send(new PutParameterCommand({ Name: `${PATH}/${product}`, Value: value, Type: 'String', Overwrite: true }));
}

async function putApiKey(value: string): Promise<void> {
  await ssm.send(new PutParameterCommand({ Name: API_KEY_PARAMETER, Value: value, Type: 'SecureString', Overwrite: true }));
}

async function ledgerItems() {
  return (await dynamo.send(new ScanCommand({ TableName: TABLE }))).Items ?? [];
}

/**
 * Rejects the `send`s of `client` (a prototype shared by every instance, the handler's included) that `matches`
 * picks, `times` times; every other call reaches moto. moto has no way to fail one call on request.
 */
function failMatching<T extends object>(client: { prototype: T }, matches: (command: unknown) => boolean, error: Error, times = 1) {
  const prototype = client.prototype as { send: (...args: unknown[]) => Promise<unknown> };
  const original = prototype.send;
  let left = times;
  const failed: unknown[] = [];
  jest.spyOn(prototype, 'send').mockImplementation(function (this: unknown, ...args: unknown[]) {
    const command = args[0];
    if (left > 0 && matches(command)) {
      left--;
      failed.push((command as { input: unknown }).input);
      return Promise.reject(error);
    }
    return original.apply(this, args);
  });
  return failed;
}

/** A confirm is the put that writes the state `sent`. */
const isConfirm = (command: unknown) => command instanceof PutItemCommand && command.input.Item?.['state']?.S === 'sent';

beforeAll(async () => {
  moto = await startMoto();
  for (const name of ['AWS_ENDPOINT_URL_SSM', 'AWS_ENDPOINT_URL_SNS', 'AWS_ENDPOINT_URL_DYNAMODB', 'AWS_PROFILE']) delete process.env[name];
  Object.assign(process.env, moto.env);
  ssm = new SSMClient({});
  sns = new SNSClient({});
  dynamo = new DynamoDBClient({});
});

afterAll(async () => {
  ssm?.destroy();
  sns?.destroy();
  dynamo?.destroy();
  await moto?.stop();
  process.env = saved;
});

beforeEach(async () => {
  metricsSeen.length = 0;
  await moto.reset();
  simulator = await startSimulator({ scenario, now: () => new Date(NOW) });
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'telnyx-cost-alerts' }));
  expect(TopicArn).toBe(TOPIC);
  await createLedgerTable(dynamo, TABLE);
  await putApiKey(API_KEY);
  for (const [product, value] of Object.entries(THRESHOLDS)) await putThreshold(product, value);
});

afterEach(async () => {
  jest.restoreAllMocks();
  await simulator.close();
});

describe('the scheduled check', () => {
  it('alerts the highest level per threshold, within its currency and filter, and reports clean', async () => {
    // Act
    const result = await container()({}, context);

    // Assess: messaging outbound 55 USD >= 50 (EUR and inbound not counted); sip-trunking 10 >= 0.4 x 20
    const sent = await published();
    expect(sent).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ severity: 'critical', signal: 'limit', product: 'messaging', period: 'daily' }),
        expect.objectContaining({ severity: 'warning', signal: 'limit', product: 'sip-trunking', period: 'daily' }),
      ]),
    );
    expect(sent).toHaveLength(2);
    expect(sent.find((p) => p.product === 'messaging')?.subject).toMatch(/55\.00 USD.*50\.00 USD/);
    // One body per protocol: the email and SMS renderings and the JSON payload for machines.
    expect(Object.keys(sent[0]?.bodies ?? {}).sort()).toEqual(['default', 'email', 'https', 'lambda', 'sms', 'sqs']);
    expect(result).toMatchObject({ evaluated: 3, alerts: { published: 2 } });
    expect(metricsSeen).toContain('ChecksCompleted');
  });

  it('reads below the thresholds path recursively, so a misplaced parameter is named, not silently ignored', async () => {
    // Prepare
    await putThreshold('team-a/webrtc', '{"daily": 0.5}');

    // Act
    await expect(container()({}, context)).rejects.toThrow(/team-a\/webrtc/);

    // Assess
    const errors = (await published()).filter((p) => p.signal === 'error');
    expect(errors).toEqual([expect.objectContaining({ severity: 'error', product: 'webrtc' })]);
    expect(errors[0]?.bodies['email']).toContain(`${PATH}/team-a/webrtc`);
  });

  it('alerts once over two runs', async () => {
    // Prepare
    const handler = container();

    // Act
    await handler({}, context);
    await handler({}, context);

    // Assess
    expect(await published()).toHaveLength(2);
  });

  it('alerts once when three runs overlap', async () => {
    // Act: three containers at once, as a retried and a late schedule would
    await Promise.all([container()({}, context), container()({}, context), container()({}, context)]);

    // Assess
    const sent = await published();
    expect(sent.filter((p) => p.product === 'messaging')).toHaveLength(1);
    expect(sent.filter((p) => p.product === 'sip-trunking')).toHaveLength(1);
    expect((await ledgerItems()).map((item) => item['state']?.S)).toEqual(['sent', 'sent']);
  });

  it('sends on the next run an alert whose publish failed, and fails the run that could not send it', async () => {
    // Prepare: SNS refuses the first publish (whichever alert it is)
    const refused = failMatching(SNSClient, (command) => command instanceof PublishCommand, new Error('SNS is having a bad day'));
    const handler = container();

    // Act
    const first = handler({}, context);
    await expect(first).rejects.toBeInstanceOf(CheckFailedError);
    await expect(first).rejects.toThrow(/alert not published/);
    const afterFirst = await published();
    await handler({}, context);

    // Assess: run 1 sent the other alert; run 2 sent exactly the refused one
    const refusedSubject = (refused[0] as { Subject?: string } | undefined)?.Subject;
    expect(refusedSubject).toBeDefined();
    expect(afterFirst).toHaveLength(1);
    expect(afterFirst[0]?.subject).not.toBe(refusedSubject);
    const sent = await published();
    expect(sent).toHaveLength(2);
    expect(sent[1]?.subject).toBe(refusedSubject);
  });

  it('does not let one product outage stop the alert of another', async () => {
    // Prepare: sip-trunking answers 503 every time
    simulator.injectFault({ match: { product: 'sip-trunking' }, status: 503, times: 100 });

    // Act
    const run = container()({}, context);

    // Assess
    await expect(run).rejects.toThrow(/sip-trunking/);
    const sent = await published();
    expect(sent).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ severity: 'critical', signal: 'limit', product: 'messaging' }),
        expect.objectContaining({ severity: 'error', signal: 'error', product: 'sip-trunking' }),
      ]),
    );
    expect(sent).toHaveLength(2);
  });

  it('turns a bad parameter into one error alert a day while the rest still alert', async () => {
    // Prepare
    await putThreshold('call-control', '{"dayly": 100}');
    const handler = container();

    // Act
    await expect(handler({}, context)).rejects.toThrow(/call-control/);
    await expect(handler({}, context)).rejects.toThrow(/call-control/);

    // Assess
    const sent = await published();
    const errors = sent.filter((p) => p.severity === 'error');
    expect(errors).toEqual([expect.objectContaining({ product: 'call-control', signal: 'error' })]);
    expect(errors[0]?.bodies['email']).toContain(`${PATH}/call-control`);
    expect(errors[0]?.bodies['email']).toContain('dayly');
    expect(sent.filter((p) => p.severity !== 'error')).toHaveLength(2);
  });

  it('raises exactly one error alert and stops querying when Telnyx refuses the key', async () => {
    // Prepare: a simulator that only knows another key
    await simulator.close();
    simulator = await startSimulator({ scenario, now: () => new Date(NOW), apiKey: 'another-key' });

    // Act
    await expect(container()({}, context)).rejects.toBeInstanceOf(CheckFailedError);

    // Assess
    const sent = await published();
    expect(sent).toEqual([expect.objectContaining({ severity: 'error', signal: 'error', product: 'all' })]);
    expect(simulator.requests).toHaveLength(1);
    const everything = JSON.stringify(sent);
    expect(everything).toContain(API_KEY_PARAMETER);
    expect(everything).not.toContain(API_KEY);
  });

  it('alerts again when a raised limit is crossed, and not on the quiet next day', async () => {
    // Prepare
    await container()({}, context);
    const tomorrow = Date.parse('2026-11-27T14:00:00Z');
    // Act 1: the limit is raised to 52 (55 still crosses it) in the same period
    await putThreshold('messaging', '{"daily": 52, "warnAt": [0.8], "filter": {"direction": "outbound"}}');
    await container()({}, context);
    // Act 2: next day; the simulator's usage of "today" is the same records, now yesterday: nothing today
    await container(() => tomorrow)({}, context);

    // Assess
    const messaging = (await published()).filter((p) => p.product === 'messaging');
    expect(messaging.map((p) => p.severity)).toEqual(['critical', 'critical']);
    expect(messaging[1]?.subject).toMatch(/52\.00 USD/);
  });

  it('does not let a claim left by a crashed run silence the alert past its lease', async () => {
    // Prepare: a run claimed the messaging alert and died before publishing (its lease: 3 more minutes)
    await container()({}, context);
    const messaging = (await ledgerItems()).find((item) => item['pk']?.S?.includes('messaging'));
    expect(messaging).toBeDefined();
    await dynamo.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: { ...messaging, state: { S: 'claimed' }, token: { S: 'crashed-run' }, leaseUntil: { N: String(NOW + 180_000) } },
      }),
    );
    const before = (await published()).length;

    // Act: the next run sees it in flight; the run after the lease sends it
    await container(() => NOW + 60_000)({}, context);
    const whileLeased = (await published()).length - before;
    await container(() => NOW + 240_000)({}, context);

    // Assess
    expect(whileLeased).toBe(0);
    expect((await published()).slice(before)).toEqual([expect.objectContaining({ severity: 'critical', product: 'messaging' })]);
  });

  it('raises one error alert naming the fix when the API key parameter is missing', async () => {
    // Prepare
    await ssm.send(new DeleteParameterCommand({ Name: API_KEY_PARAMETER }));

    // Act
    await expect(container()({}, context)).rejects.toBeInstanceOf(CheckFailedError);

    // Assess
    const sent = await published();
    expect(sent).toEqual([expect.objectContaining({ severity: 'error', product: 'all' })]);
    expect(sent[0]?.bodies['email']).toContain('put-parameter');
    expect(sent[0]?.bodies['email']).toContain(API_KEY_PARAMETER);
    expect(simulator.requests).toHaveLength(0);
  });

  it('logs one structured line per evaluated threshold, with spend and limit, and never the API key', async () => {
    // Prepare: a real Powertools logger at INFO, its output captured
    simulator.injectFault({ match: { product: 'call-control' }, status: 503, times: 100 });
    const handler = createHandler(
      config(),
      testHandlerOptions(() => NOW, { logger: new Logger({ serviceName: 'telnyx-cost-alert', logLevel: 'INFO' }) }),
    );

    // Act
    const { records, text } = await linesWritten(() => expect(handler({}, context)).rejects.toThrow(/call-control/));

    // Assess
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
    expect(text).not.toContain(API_KEY);
  });

  it('reads the key again after Telnyx refused it, so a rotated key works without a cold start', async () => {
    // Prepare: Telnyx knows only the new key; the parameter still holds the old one
    await simulator.close();
    simulator = await startSimulator({ scenario, now: () => new Date(NOW), apiKey: 'KEY-rotated' });
    const handler = container();

    // Act: the first run is refused; the operator rotates the parameter; the same container runs again
    await expect(handler({}, context)).rejects.toBeInstanceOf(CheckFailedError);
    await putApiKey('KEY-rotated');
    const second = await handler({}, context);

    // Assess
    expect(second).toMatchObject({ alerts: { published: 2 } });
    expect((await published()).filter((p) => p.signal === 'limit')).toHaveLength(2);
  });
});

describe('the ledger holes, on moto', () => {
  it('retries a failed confirm: the run is clean and the alert does not go out again after the lease', async () => {
    // Prepare: the ledger refuses the first two confirms (throttling)
    const throttled = Object.assign(new Error('Rate of requests exceeds the allowed throughput'), { name: 'ThrottlingException' });
    const refused = failMatching(DynamoDBClient, isConfirm, throttled, 2);

    // Act: a run, then a run long after its claims' leases
    const first = await container()({}, context);
    await container(() => NOW + 30 * 60_000)({}, context);

    // Assess
    expect(refused).toHaveLength(2);
    expect(first).toMatchObject({ alerts: { published: 2 } });
    expect(await published()).toHaveLength(2);
    expect((await ledgerItems()).map((item) => item['state']?.S)).toEqual(['sent', 'sent']);
  });

  it('fails the run when the confirm keeps failing, the alert sent once', async () => {
    // Prepare: every confirm fails
    const throttled = Object.assign(new Error('Rate of requests exceeds the allowed throughput'), { name: 'ThrottlingException' });
    failMatching(DynamoDBClient, isConfirm, throttled, 1_000);

    // Act
    const run = container()({}, context);

    // Assess: both alerts went out once; the run fails, naming what was not recorded
    await expect(run).rejects.toBeInstanceOf(CheckFailedError);
    await expect(run).rejects.toThrow(/alert published but not recorded as sent/);
    expect(await published()).toHaveLength(2);
  });

  it('a crashed critical claim, then a credit: after the lease the warning goes out', async () => {
    // Prepare: learn the messaging series' key from a run, then leave it as a run that claimed the critical
    // and died before publishing (nothing sent in the series); a 10 USD credit brings spend to 45 (warning at 40)
    await container()({}, context);
    const messaging = (await ledgerItems()).find((item) => item['pk']?.S?.includes('messaging'));
    expect(messaging?.['rank']?.N).toBe('1000000');
    await dynamo.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: { ...messaging, state: { S: 'claimed' }, token: { S: 'crashed-run' }, leaseUntil: { N: String(NOW + 180_000) } },
      }),
    );
    await simulator.close();
    const credited = { ...scenario.records, messaging: [...(scenario.records['messaging'] ?? []), record('2026-11-26T13:30:00Z', 'outbound', 'USD', '-10')] };
    simulator = await startSimulator({ scenario: { ...scenario, records: credited }, now: () => new Date(NOW) });
    const before = (await published()).length;

    // Act: a run while the lease holds, one after it, and one more
    await container(() => NOW + 60_000)({}, context);
    const whileLeased = (await published()).length - before;
    await container(() => NOW + 240_000)({}, context);
    await container(() => NOW + 300_000)({}, context);

    // Assess: one warning, sent once
    expect(whileLeased).toBe(0);
    const after = (await published()).slice(before);
    expect(after).toEqual([expect.objectContaining({ severity: 'warning', signal: 'limit', product: 'messaging' })]);
    expect(after[0]?.bodies['email']).toContain('45.00 USD');
  });
});
