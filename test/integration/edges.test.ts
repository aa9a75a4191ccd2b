/**
 * The edges, end to end on moto: the Lambda handler with SSM (thresholds, the API key as a SecureString), SNS and
 * the DynamoDB ledger in moto's server, and Telnyx as the simulator over HTTP. Assertions are on what SNS
 * received (subject and attributes as moto recorded them), not on the calls made.
 */
import { createServer } from 'node:net';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Config } from '../../functions/cost-alert/config';
import { createHandler } from '../../functions/cost-alert/handler';
import { PRODUCT_CATALOGUE, type Scenario, type UsageRecord } from '../../functions/telnyx-simulator/scenario';
import { type RunningSimulator, startSimulator } from '../../functions/telnyx-simulator/server';
import { linesWritten } from '../support/captured-output';
import type { SentNotification } from '../support/moto';
import { motoForSuite } from '../support/moto-suite';
import { testHandlerOptions } from '../support/handler-options';
import { createStackResources } from '../support/moto-stack';

const API_KEY = 'KEY-edges-secret-0001';
const API_KEY_PARAMETER = '/telnyx-cost-alert/api-key';
const PATH = '/telnyx-cost-alert/thresholds';
const TABLE = 'telnyx-cost-alert-ledger';
const context = { getRemainingTimeInMillis: () => 60_000, awsRequestId: 'req-edges' };

const moto = motoForSuite();
let topicArn = '';
let simulator: RunningSimulator | undefined;

function record(at: string, cost: string, direction = 'outbound'): UsageRecord {
  return { timestamp: new Date(at), dimensions: { direction, currency: 'USD' }, metrics: { cost, count: 1, parts: 1 } };
}

function scenario(records: Record<string, UsageRecord[]>): Scenario {
  return { products: PRODUCT_CATALOGUE.filter((p) => ['messaging', 'sip-trunking', 'wireless', 'fax-api'].includes(p.product)), records };
}

function config(telnyxBaseUrl: string): Config {
  return {
    apiKeyParameter: API_KEY_PARAMETER,
    thresholdsPath: PATH,
    topicArn,
    ledgerTable: TABLE,
    telnyxBaseUrl,
    timeZone: 'UTC',
    maxConcurrency: 2,
    lateUsageHours: 6,
  };
}

function handlerAt(telnyxBaseUrl: string, clock: () => number, logger = new Logger({ serviceName: 'telnyx-cost-alert', logLevel: 'SILENT' })) {
  return createHandler(config(telnyxBaseUrl), testHandlerOptions(clock, { logger }));
}

async function putThresholds(values: Record<string, string>): Promise<void> {
  const ssm = new SSMClient({});
  for (const [product, value] of Object.entries(values)) {
    await ssm.send(new PutParameterCommand({ Name: `${PATH}/${product}`, Value: value, Type: 'String', Overwrite: true }));
  }
  ssm.destroy();
}

/** The machine payload of a notification (the `sqs` body of the JSON message structure). */
function payloadOf(notification: SentNotification): Record<string, unknown> {
  const bodies = JSON.parse(notification.message) as Record<string, string>;
  return JSON.parse(bodies['sqs'] ?? '{}') as Record<string, unknown>;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

beforeEach(async () => {
  await moto().reset();
  topicArn = await createStackResources(moto(), { ledgerTable: TABLE, apiKey: { parameter: API_KEY_PARAMETER, value: API_KEY } });
});

afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

describe('the handler at the edges, on moto', () => {
  it("the first run after midnight sends the ended day's critical, once (daily 50; 30 at 10:00, 40 at 23:50)", async () => {
    let now = 0;
    simulator = await startSimulator({
      scenario: scenario({ messaging: [record('2026-11-29T10:00:00Z', '30'), record('2026-11-29T23:50:00Z', '40')] }),
      apiKey: API_KEY,
      now: () => new Date(now),
    });
    await putThresholds({ messaging: '50' });
    const handler = handlerAt(simulator.url, () => now);

    for (const at of ['2026-11-29T23:45:00Z', '2026-11-30T00:00:05Z', '2026-11-30T00:15:00Z']) {
      now = Date.parse(at);
      await handler({}, context);
    }

    const sent = await moto().sentNotifications(topicArn);
    expect(sent.map((n) => [n.subject, n.attributes])).toEqual([
      [
        '[CRITICAL] Telnyx messaging yesterday, 2026-11-29: 70.00 USD of a 50.00 USD daily limit',
        { severity: 'critical', signal: 'limit', product: 'messaging', period: 'daily' },
      ],
    ]);
    expect(payloadOf(sent[0]!)).toMatchObject({ periodKey: '2026-11-29', periodState: 'ended', complete: true });
  });

  it('a partial total says it is incomplete; a credit-carrying product that failed is named', async () => {
    const now = Date.parse('2026-11-26T14:00:00Z');
    simulator = await startSimulator({
      scenario: scenario({ messaging: [record('2026-11-26T09:00:00Z', '60')], wireless: [record('2026-11-26T09:00:00Z', '-40')] }),
      apiKey: API_KEY,
      now: () => new Date(now),
    });
    simulator.injectFault({ match: { product: 'wireless' }, status: 503, times: 100 });
    await putThresholds({ total: '50' });

    await expect(handlerAt(simulator.url, () => now)({}, context)).rejects.toThrow(/wireless/);

    const sent = await moto().sentNotifications(topicArn);
    expect(sent.map((n) => [n.attributes['severity'], n.attributes['product'], n.attributes['signal']])).toEqual(
      expect.arrayContaining([
        ['error', 'wireless', 'error'],
        ['critical', 'total', 'limit'],
      ]),
    );
    const critical = sent.find((n) => n.attributes['severity'] === 'critical');
    expect(critical?.subject).toBe('[CRITICAL] Telnyx total daily spend 60.00 USD reached limit 50.00 USD (incomplete)');
    expect(payloadOf(critical!)).toMatchObject({ complete: false, notRead: ['wireless'] });
  });

  it("a 403 on one product's query fails that product alone; the others still alert", async () => {
    const now = Date.parse('2026-11-26T14:00:00Z');
    simulator = await startSimulator({
      scenario: scenario({ messaging: [record('2026-11-26T09:00:00Z', '60')], 'sip-trunking': [record('2026-11-26T09:00:00Z', '5')] }),
      apiKey: API_KEY,
      now: () => new Date(now),
    });
    simulator.injectFault({ match: { product: 'sip-trunking' }, status: 403, times: 100 });
    await putThresholds({ messaging: '50', 'sip-trunking': '20' });

    await expect(handlerAt(simulator.url, () => now)({}, context)).rejects.toThrow(/sip-trunking/);

    const sent = await moto().sentNotifications(topicArn);
    expect(sent.map((n) => [n.attributes['severity'], n.attributes['product']]).sort()).toEqual([
      ['critical', 'messaging'],
      ['error', 'sip-trunking'],
    ]);
  });

  it('Telnyx unreachable with four thresholds: exactly one error alert, for all', async () => {
    const now = Date.parse('2026-11-26T14:00:00Z');
    await putThresholds({ messaging: '50', 'sip-trunking': '20', 'fax-api': '5', total: '100' });

    await expect(handlerAt(`http://127.0.0.1:${await closedPort()}/v2`, () => now)({}, context)).rejects.toThrow(/Telnyx unreachable/);

    const sent = await moto().sentNotifications(topicArn);
    expect(sent.map((n) => [n.subject, n.attributes])).toEqual([
      ['[ERROR] Telnyx cost alert, all: Telnyx unreachable', { severity: 'error', signal: 'error', product: 'all' }],
    ]);
  });

  it('a mixed outage (500 for two products, 429 for the two others) is one error alert, once a day', async () => {
    let now = Date.parse('2026-11-26T14:00:00Z');
    simulator = await startSimulator({ scenario: scenario({}), apiKey: API_KEY, now: () => new Date(now) });
    for (const product of ['messaging', 'sip-trunking']) simulator.injectFault({ match: { product }, status: 500, times: 1000 });
    for (const product of ['wireless', 'fax-api']) simulator.injectFault({ match: { product }, status: 429, headers: { 'retry-after': '1' }, times: 1000 });
    await putThresholds({ messaging: '50', 'sip-trunking': '20', wireless: '20', 'fax-api': '5' });
    // Waits between retries move the clock, so that a client that retries while time remains meets the deadline.
    const handler = createHandler(
      config(simulator.url),
      testHandlerOptions(() => now, { usageClient: { sleep: async (ms) => void (now += ms), random: () => 0 } }),
    );

    await expect(handler({}, context)).rejects.toThrow(/not read/);
    now += 15 * 60_000;
    await expect(handler({}, context)).rejects.toThrow(/not read/);

    const sent = await moto().sentNotifications(topicArn);
    expect(sent.map((n) => [n.subject, n.attributes])).toEqual([
      ['[ERROR] Telnyx cost alert, all: Telnyx outage (mixed causes)', { severity: 'error', signal: 'error', product: 'all' }],
    ]);
    const email = (JSON.parse(sent[0]?.message ?? '{}') as Record<string, string>)['email'] ?? '';
    expect(email).toContain('server errors (5xx): the usage of messaging, sip-trunking could not be read');
    expect(email).toContain('(HTTP 429): the usage of wireless, fax-api could not be read');
  });

  it('publishes the heartbeat metrics through Powertools Metrics, with a cold start on the first run only', async () => {
    const now = Date.parse('2026-11-26T14:00:00Z');
    simulator = await startSimulator({ scenario: scenario({ messaging: [record('2026-11-26T09:00:00Z', '10')] }), apiKey: API_KEY, now: () => new Date(now) });
    await putThresholds({ messaging: '50' });
    // Powertools counts a cold start only in an on-demand Lambda environment, which it reads at construction.
    process.env['AWS_LAMBDA_INITIALIZATION_TYPE'] = 'on-demand';
    const metrics = new Metrics({ serviceName: 'telnyx-cost-alert', namespace: 'TelnyxCostAlert' });
    delete process.env['AWS_LAMBDA_INITIALIZATION_TYPE'];
    const handler = createHandler(
      config(simulator.url),
      testHandlerOptions(() => now, { metrics }),
    );

    const first = await linesWritten(() => handler({}, context));
    const second = await linesWritten(() => handler({}, context));

    const metricNames = (records: Array<Record<string, unknown>>) =>
      records.flatMap((record) => {
        const emf = record['_aws'] as { CloudWatchMetrics: Array<{ Namespace: string; Metrics: Array<{ Name: string }> }> } | undefined;
        return emf
          ? emf.CloudWatchMetrics.flatMap((group) => group.Metrics.map((metric) => `${group.Namespace}/${metric.Name}=${String(record[metric.Name])}`))
          : [];
      });
    expect(metricNames(first.records).sort()).toEqual([
      'TelnyxCostAlert/AlertsPublished=0',
      'TelnyxCostAlert/CheckFailures=0',
      'TelnyxCostAlert/ChecksCompleted=1',
      'TelnyxCostAlert/ColdStart=1',
    ]);
    expect(metricNames(second.records).sort()).toEqual([
      'TelnyxCostAlert/AlertsPublished=0',
      'TelnyxCostAlert/CheckFailures=0',
      'TelnyxCostAlert/ChecksCompleted=1',
    ]);
  });

  it('logs "Alert published" with its signal and "Check finished" with duration, failures and alerts published', async () => {
    const now = Date.parse('2026-11-26T14:00:00Z');
    simulator = await startSimulator({ scenario: scenario({ messaging: [record('2026-11-26T09:00:00Z', '60')] }), apiKey: API_KEY, now: () => new Date(now) });
    await putThresholds({ messaging: '50' });
    const { records, text } = await linesWritten(() =>
      handlerAt(simulator!.url, () => now, new Logger({ serviceName: 'telnyx-cost-alert', logLevel: 'INFO' }))({}, context),
    );

    expect(records.find((r) => r['message'] === 'Alert published')).toMatchObject({
      severity: 'critical',
      signal: 'limit',
      product: 'messaging',
      period: 'daily',
    });
    expect(records.find((r) => r['message'] === 'Evaluated')).toMatchObject({
      periodState: 'current',
      currency: 'USD',
      spendAmount: 60,
      limitAmount: 50,
      complete: true,
    });
    expect(records.find((r) => r['message'] === 'Check finished')).toMatchObject({
      durationMs: 0,
      failureCount: 0,
      alertsPublished: 1,
      telnyxRequests: 2,
      telnyxRetries: 0,
    });
    expect(text).not.toContain(API_KEY);
  });
});
