/**
 * The digest end to end: the Lambda handler invoked with {"action": "digest"}, the real Telnyx client against the
 * simulator (real HTTP), and SSM, SNS and the DynamoDB ledger in moto's server, reached only through
 * AWS_ENDPOINT_URL as in production.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Config } from '../../functions/cost-alert/config';
import { createHandler } from '../../functions/cost-alert/handler';
import { PRODUCT_CATALOGUE, type Scenario, type UsageRecord } from '../../functions/telnyx-simulator/scenario';
import { type RunningSimulator, startSimulator } from '../../functions/telnyx-simulator/server';
import { linesWritten } from '../support/captured-output';
import { motoForSuite } from '../support/moto-suite';
import { testHandlerOptions } from '../support/handler-options';
import { createStackResources } from '../support/moto-stack';

/** 08:00 in Berlin on 27 November: the digest covers the 26th and the month through it. */
const NOW = Date.parse('2026-11-27T07:00:00Z');
const PATH = '/telnyx-cost-alert/thresholds';
const TABLE = 'telnyx-cost-alert-ledger';

function record(at: string, currency: string, cost: string): UsageRecord {
  return { timestamp: new Date(at), dimensions: { direction: 'outbound', currency }, metrics: { cost, count: 1, parts: 1 } };
}

const scenario: Scenario = {
  products: PRODUCT_CATALOGUE.filter((p) => ['messaging', 'sip-trunking', 'webrtc'].includes(p.product)),
  records: {
    messaging: [
      record('2026-11-26T09:15:00Z', 'USD', '30.000000001'),
      record('2026-11-25T23:30:00Z', 'USD', '2.5'), // 00:30 on the 26th in Berlin
      record('2026-11-26T11:00:00Z', 'EUR', '7'),
      record('2026-11-20T11:00:00Z', 'USD', '10'),
      record('2026-11-02T11:00:00Z', 'USD', '300'),
      record('2026-11-27T06:00:00Z', 'USD', '1000'), // today: not in the digest
    ],
    'sip-trunking': [record('2026-11-24T08:00:00Z', 'USD', '4.25')],
    webrtc: [],
  },
};

const moto = motoForSuite();
let simulator: RunningSimulator;
let topicArn = '';

beforeAll(async () => {
  simulator = await startSimulator({ scenario, now: () => new Date(NOW) });
});

afterAll(async () => {
  await simulator?.close();
});

beforeEach(async () => {
  await moto().reset();
  topicArn = await createStackResources(moto(), {
    ledgerTable: TABLE,
    apiKey: { parameter: '/telnyx-cost-alert/api-key', value: API_KEY },
    thresholds: { path: PATH, values: { total: '{"daily": 5000, "monthly": 1500}', messaging: '{"daily": 5000}' } },
  });
});

const API_KEY = 'KEY-digest-integration-0001';

function handler(logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' })) {
  const config: Config = {
    apiKeyParameter: '/telnyx-cost-alert/api-key',
    thresholdsPath: PATH,
    topicArn,
    ledgerTable: TABLE,
    telnyxBaseUrl: simulator.url,
    timeZone: 'Europe/Berlin',
    maxConcurrency: 2,
  };
  return createHandler(
    config,
    testHandlerOptions(() => NOW, { logger }),
  );
}
const context = { getRemainingTimeInMillis: () => 60_000, awsRequestId: 'req-digest' };

describe('the handler with {"action": "digest"}', () => {
  it('publishes exactly one digest a day, however often it is invoked', async () => {
    // Act: two invocations on the same local day, each in a new container
    const first = await handler()({ action: 'digest' }, context);
    const second = await handler()({ action: 'digest' }, context);

    // Assess
    expect(first).toEqual(expect.objectContaining({ key: 'digest#2026-11-27', alerts: { published: 1 }, evaluated: 0 }));
    expect(second).toEqual(expect.objectContaining({ key: 'digest#2026-11-27', alerts: { 'already-sent': 1 }, queries: 0 }));
    const sent = await moto().sentNotifications(topicArn);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.attributes).toEqual({ severity: 'info', signal: 'digest', product: 'all' });

    const bodies = JSON.parse(sent[0]?.message ?? '{}') as Record<string, string>;
    expect(Object.keys(bodies).sort()).toEqual(['default', 'email', 'https', 'lambda', 'sms', 'sqs']);
    // 30.000000001 + 2.5 on the 26th in Berlin against (10 + 4.25) / 7; the month through it adds 10, 4.25 and 300;
    // today's 1000 is not in it
    expect(bodies['sms']).toBe('Telnyx yesterday 32.50 USD (+1496% vs 7-day avg); month 346.75 USD, 23% of 1500.00. 7.00 EUR yesterday, month 7.00 EUR.');
    // People read cents; the payload keeps the exact amount (below)
    expect(bodies['email']).toContain('  messaging  32.50 USD  +2175% vs 7-day avg 1.43 USD\n');
    expect(bodies['email']).toContain('  No spend: sip-trunking.\n');
    expect(sent[0]?.subject).toBe('Telnyx spend digest 2026-11-26: 7.00 EUR, 32.50 USD yesterday');
    const payload = JSON.parse(bodies['default'] ?? '{}') as { totals: Array<{ currency: string; monthToDate: string }>; quietProducts: string[] };
    expect(payload.totals.map((total) => [total.currency, total.monthToDate])).toEqual([
      ['EUR', '7.00'],
      ['USD', '346.750000001'],
    ]);
  });

  it('logs "Digest finished" with the client\'s own request and retry counts for the dashboard', async () => {
    const { records, text } = await linesWritten(() =>
      handler(new Logger({ serviceName: 'telnyx-cost-alert', logLevel: 'INFO' }))({ action: 'digest' }, context),
    );

    // The product list and one hourly series per cost product of the scenario (messaging, sip-trunking; webrtc has no cost)
    expect(records.find((r) => r['message'] === 'Digest finished')).toMatchObject({
      outcome: 'published',
      failureCount: 0,
      alertsPublished: 1,
      telnyxRequests: 3,
      telnyxRetries: 0,
    });
    expect(text).not.toContain(API_KEY);
  });

  it('runs the limit check for any other event, not the digest', async () => {
    const result = await handler()({ 'detail-type': 'Scheduled Event' }, context);
    expect(result).toEqual(expect.objectContaining({ evaluated: 3 }));
    expect(await moto().sentNotifications(topicArn)).toEqual([]);
  });
});
