/**
 * The balance end to end: the Lambda handler with the real Telnyx client against the simulator (real HTTP,
 * `GET /v2/balance` and the hourly usage), the thresholds in Parameter Store as the issue writes them, SNS and the
 * DynamoDB ledger on moto's server; what subscribers receive is read back from moto.
 */
import type { SimulatedBalance } from '../../functions/telnyx-simulator/balance';
import { PRODUCT_CATALOGUE, type Scenario, type UsageRecord } from '../../functions/telnyx-simulator/scenario';
import { type RunningSimulator, startSimulator } from '../../functions/telnyx-simulator/server';
import type { SentNotification } from '../support/moto';
import { motoCheckForSuite } from '../support/moto-check';

const API_KEY = 'KEY-balance-integration-0001';
const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-27T14:20:00Z');
const ISSUE_VALUE = '{"minimum": 100, "warnBelow": 250, "runwayHours": 24, "currency": "USD", "enabled": true}';

/** Messaging and sip-trunking at 5.00 USD an hour each since 1 November (a pace of 10.00 USD/h), and `balance`. */
function steadyAccount(balance: SimulatedBalance): Scenario {
  const records = (): UsageRecord[] => {
    const out: UsageRecord[] = [];
    for (let hour = Date.parse('2026-11-01T00:00:00Z'); hour < NOW; hour += HOUR) {
      out.push({ timestamp: new Date(hour + 10 * 60_000), dimensions: { direction: 'outbound', currency: 'USD' }, metrics: { cost: '5.00' } });
    }
    return out;
  };
  return {
    products: PRODUCT_CATALOGUE.filter((product) => ['messaging', 'sip-trunking', 'webrtc'].includes(product.product)),
    records: { messaging: records(), 'sip-trunking': records(), webrtc: [] },
    balance,
  };
}

const { prepareAws, handlerFor: deployed, sent: published } = motoCheckForSuite({ apiKey: API_KEY, timeZone: 'Europe/Berlin' });
const handlerFor = (simulator: RunningSimulator, at = () => NOW) => deployed(simulator, at);

const attributes = (notification: SentNotification) => [
  notification.attributes.signal,
  notification.attributes.product,
  notification.attributes.severity,
  notification.attributes.period ?? '-',
];
const smsOf = (notification: SentNotification) => (JSON.parse(notification.message) as { sms: string }).sms;

async function withSimulator(balance: SimulatedBalance, run: (simulator: RunningSimulator) => Promise<void>): Promise<void> {
  const simulator = await startSimulator({ scenario: steadyAccount(balance), apiKey: API_KEY, now: () => new Date(NOW) });
  try {
    await run(simulator);
  } finally {
    await simulator.close();
  }
}

describe('balance alerts through SNS', () => {
  it('publishes the minimum and runway alerts with their attributes and SMS, once a day', async () => {
    await withSimulator({ balance: '50.00', creditLimit: '0.00', pending: '3.00', currency: 'USD' }, async (simulator) => {
      // Prepare
      await prepareAws({ balance: ISSUE_VALUE });
      const handler = handlerFor(simulator);

      // Act: two runs 15 minutes apart count as one day
      await handler({});
      const requests = simulator.requests.map((request) => request.path);
      await handler({});

      // Assess (alerts are published side by side: in severity order here)
      const sent = (await published()).sort((a, b) => String(a.attributes.severity).localeCompare(String(b.attributes.severity)));
      expect(sent.map(attributes)).toEqual([
        ['balance', 'balance', 'critical', 'daily'],
        ['balance', 'balance', 'warning', 'daily'],
      ]);
      expect(sent.map(smsOf)).toEqual([
        'Telnyx BALANCE: 50.00 USD available, below your 100.00 USD minimum. Top up to keep calls and messages running.',
        "Telnyx RUNWAY: 50.00 USD left, about 5 hours at the last 24 hours' pace (10.00 USD/h).",
      ]);
      expect(sent[0]?.subject).toBe('[CRITICAL] Telnyx balance: 50.00 USD available, below the 100.00 USD minimum');
      const email = (JSON.parse(sent[1]?.message ?? '{}') as { email: string }).email;
      expect(email).toContain('Runway:           about 5 hours at that pace: it runs out around 2026-11-27 20:20 (Europe/Berlin)');
      expect(email).toContain('aws ssm put-parameter --name /telnyx-cost-alert/thresholds/balance --overwrite');
      // The product list, the balance, and one hourly series per product with a cost
      expect(requests.sort()).toEqual(['/v2/balance', '/v2/usage_reports', '/v2/usage_reports', '/v2/usage_reports/options']);
    });
  });

  it('warns below warnBelow from a plain minimum and a warning level', async () => {
    await withSimulator({ balance: '200.00', creditLimit: '40.00', pending: '0.00', currency: 'USD' }, async (simulator) => {
      await prepareAws({ balance: '{"minimum": 100, "warnBelow": 250}' });
      await handlerFor(simulator)({});
      const sent = await published();
      expect(sent.map(attributes)).toEqual([['balance', 'balance', 'warning', 'daily']]);
      expect(sent.map(smsOf)).toEqual([
        'Telnyx BALANCE: 240.00 USD available, below your 250.00 USD warning level. Top up to keep calls and messages running.',
      ]);
    });
  });

  it('makes a balance Telnyx cannot serve one error alert about the balance, and still checks the limits', async () => {
    await withSimulator({ balance: '50.00', creditLimit: '0.00', pending: '0.00', currency: 'USD' }, async (simulator) => {
      // Prepare: the balance answers 503 to every attempt; messaging has spent past its limit today
      await prepareAws({ balance: '100', messaging: '20' });
      simulator.injectFault({ match: { path: '/balance' }, status: 503, times: 3 });

      // Act: the run fails (the function's error alarm), after publishing
      await expect(handlerFor(simulator)({})).rejects.toThrow(/balance: Telnyx failed to answer for the balance \(HTTP 503\)/);

      // Assess
      const sent = await published();
      // (since midnight in Berlin, 23:00 UTC: 16 hours at 5.00)
      expect(sent.map((notification) => [...attributes(notification), notification.subject]).sort()).toEqual([
        ['error', 'balance', 'error', '-', '[ERROR] Telnyx cost alert, balance: Telnyx balance could not be read'],
        ['limit', 'messaging', 'critical', 'daily', '[CRITICAL] Telnyx messaging daily spend 80.00 USD reached limit 20.00 USD'],
      ]);
    });
  });

  it('makes a balance in another currency one error alert naming both, and compares nothing', async () => {
    await withSimulator({ balance: '5.00', creditLimit: '0.00', pending: '0.00', currency: 'EUR' }, async (simulator) => {
      await prepareAws({ balance: ISSUE_VALUE });
      await expect(handlerFor(simulator)({})).rejects.toThrow(/the balance is in EUR, the threshold in USD/);
      const sent = await published();
      expect(sent.map(attributes)).toEqual([['error', 'balance', 'error', '-']]);
      expect(smsOf(sent[0]!)).toContain('Telnyx cost alert ERROR, balance: Balance currency differs from the threshold. Telnyx reports the balance in EUR');
    });
  });
});
