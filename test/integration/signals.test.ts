/**
 * Forecast and spike end to end: the Lambda handler with the real Telnyx client against the simulator (real
 * HTTP, date_time as the simulator writes it), and SSM, SNS and the DynamoDB ledger on moto's server.
 */
import { PRODUCT_CATALOGUE, type Scenario, type UsageRecord } from '../../functions/telnyx-simulator/scenario';
import { type RunningSimulator, startSimulator } from '../../functions/telnyx-simulator/server';
import type { SentNotification } from '../support/moto';
import { motoCheckForSuite } from '../support/moto-check';

const API_KEY = 'KEY-signals-integration-0001';
const HOUR = 3_600_000;

/**
 * Messaging, outbound USD: 1.00 at half past every hour since 1 November, and 30.00 more in the 13:00 hour
 * of the 26th and of the 27th (a burst each day).
 */
function steadyWithBursts(): Scenario {
  const records: UsageRecord[] = [];
  const record = (at: number, cost: string): UsageRecord => ({
    timestamp: new Date(at),
    dimensions: { direction: 'outbound', currency: 'USD' },
    metrics: { cost, count: 1, parts: 1 },
  });
  for (let hour = Date.parse('2026-11-01T00:00:00Z'); hour < Date.parse('2026-11-28T00:00:00Z'); hour += HOUR) records.push(record(hour + 30 * 60_000, '1.00'));
  records.push(record(Date.parse('2026-11-26T13:10:00Z'), '30.00'), record(Date.parse('2026-11-27T13:10:00Z'), '30.00'));
  return { products: PRODUCT_CATALOGUE.filter((product) => ['messaging', 'webrtc'].includes(product.product)), records: { messaging: records, webrtc: [] } };
}

const { prepareAws, handlerFor: handlerAt, sent: published } = motoCheckForSuite({ apiKey: API_KEY, timeZone: 'UTC' });

const summary = (notification: SentNotification) =>
  [notification.attributes.signal, notification.attributes.severity, notification.attributes.period ?? '-', notification.subject].join(' | ');

describe('forecast and spike alerts through SNS', () => {
  let simulator: RunningSimulator;
  let now = Date.parse('2026-11-26T14:20:00Z');

  beforeAll(async () => {
    simulator = await startSimulator({ scenario: steadyWithBursts(), apiKey: API_KEY, now: () => new Date(now) });
  });

  afterAll(async () => {
    await simulator.close();
  });

  it('sends one forecast per period and one spike per day, and does not repeat them on the next run', async () => {
    // Prepare: today so far 14 x 1.00 + 30.00 = 44.00 (< 50); the month so far 25 x 24 + 44 = 644.00 (< 700)
    await prepareAws({ messaging: '{"daily": 50, "monthly": 700, "filter": {"direction": "outbound"}, "forecast": true, "spike": true}' });
    const handler = handlerAt(simulator, () => now);

    // Act: two runs 15 minutes apart
    await handler({});
    const requestsOfOneRun = simulator.requests.filter((request) => request.path === '/v2/usage_reports').length;
    now += 15 * 60_000;
    await handler({});

    // Assess
    const sent = await published();
    expect(sent.map(summary).sort()).toEqual([
      'forecast | warning | daily | [WARNING] Telnyx messaging on pace for 53.00 USD today, limit 50.00 USD',
      'forecast | warning | monthly | [WARNING] Telnyx messaging on pace for 749.00 USD this month, limit 700.00 USD',
      'spike | critical | hourly | [CRITICAL] Telnyx messaging spike: 31.00 USD in an hour, 31x the usual 1.00 USD/h',
    ]);
    const sms = sent.map((notification) => (JSON.parse(notification.message) as { sms: string }).sms);
    expect(sms).toContain('Telnyx FORECAST: messaging on pace for 53.00 USD today, limit 50.00 USD (44.00 so far).');
    expect(sms).toContain('Telnyx SPIKE: messaging 31.00 USD in the last hour, 31x the usual 1.00 USD/h.');
    // The day and month reads plus one hourly read for both signals
    expect(requestsOfOneRun).toBe(3);
  });

  it('sends the next day a new day forecast and a new spike, but not the month forecast again', async () => {
    // Act: the next day at 14:20, with its own burst at 13:00 (continuing the ledger of the test above)
    now = Date.parse('2026-11-27T14:20:00Z');
    await handlerAt(simulator, () => now)({});

    // Assess
    const sent = await published();
    // Yesterday's burst is history now, but one unusual hour does not make the usual: the 13:00 hour's mean
    // without its highest is 1.00; an hour of this size came on one earlier day, and 31x is extreme (>= 25x)
    expect(sent.slice(3).map(summary).sort()).toEqual([
      'forecast | warning | daily | [WARNING] Telnyx messaging on pace for 53.00 USD today, limit 50.00 USD',
      'spike | critical | hourly | [CRITICAL] Telnyx messaging spike: 31.00 USD in an hour, 31x the usual 1.00 USD/h',
    ]);
  });
});

describe('an unreadable hourly series', () => {
  it('is one error alert for the product, and the limit alert goes out unaffected', async () => {
    // Prepare: the same account, but Telnyx writes date_time as nobody can read it; today 44.00 >= the limit 40
    const simulator = await startSimulator({
      scenario: { ...steadyWithBursts(), dateTime: (hour) => `${hour.getUTCDate()}/${hour.getUTCMonth() + 1} ${hour.getUTCHours()}h` },
      apiKey: API_KEY,
      now: () => new Date('2026-11-26T14:20:00Z'),
    });
    try {
      await prepareAws({ messaging: '{"daily": 40, "forecast": true, "spike": true}' });

      // Act
      await expect(handlerAt(simulator, () => Date.parse('2026-11-26T14:20:00Z'))({})).rejects.toThrow(/unreadable date_time/);

      // Assess
      const sent = await published();
      expect(sent.map(summary).sort()).toEqual([
        'error | error | - | [ERROR] Telnyx cost alert, messaging: Hourly usage has unreadable times',
        'limit | critical | daily | [CRITICAL] Telnyx messaging daily spend 44.00 USD reached limit 40.00 USD',
      ]);
      const error = sent.find((notification) => notification.attributes.signal === 'error');
      const email = (JSON.parse(error?.message ?? '{}') as { email?: string }).email;
      expect(email).toContain('date_time "19/11 0h" is not an ISO 8601 date and time');
      expect(email).toContain('Until this is fixed, no forecast or spike alert can come for this product (its limits are still checked).');
    } finally {
      await simulator.close();
    }
  });
});
