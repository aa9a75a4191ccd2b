/**
 * Managed accounts end to end: the Lambda handler with the real Telnyx client against the simulator (usage with
 * `managed_accounts=true`, `GET /v2/managed_accounts`), thresholds with `managedAccounts` in Parameter Store, and
 * SNS and the DynamoDB ledger on moto's server. Asserts what the topic received: attributes, subjects, bodies.
 */
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { managedScenario, managedUserId, organizationName } from '../../functions/telnyx-simulator/managed-scenario';
import type { Scenario, UsageRecord } from '../../functions/telnyx-simulator/scenario';
import { type RunningSimulator, startSimulator } from '../../functions/telnyx-simulator/server';
import type { SentNotification } from '../support/moto';
import { motoClientConfig } from '../support/moto-stack';
import { LEDGER_TABLE, motoCheckForSuite } from '../support/moto-check';

const API_KEY = 'KEY-managed-accounts-integration-0001';
const NOW = Date.parse('2026-11-26T14:00:00Z');
const USD = 1_000_000_000n;

const { moto, prepareAws, handlerFor, sent: published } = motoCheckForSuite({ apiKey: API_KEY, timeZone: 'UTC' });

/** A reseller with `accounts` managed accounts: account i spends today[i] USD of messaging today (and earlier[i] before today). */
function reseller(accounts: number, today: Record<number, number>, earlier: Record<number, number> = {}, own = 30n * USD): Scenario {
  return managedScenario({
    accounts,
    products: ['messaging'],
    now: new Date(NOW),
    today: (index) => BigInt(today[index] ?? 0) * USD,
    earlier: (index) => BigInt(earlier[index] ?? 0) * USD,
    own,
  });
}

async function withSimulator(scenario: Scenario, body: (simulator: RunningSimulator) => Promise<void>): Promise<void> {
  const simulator = await startSimulator({ scenario, apiKey: API_KEY, now: () => new Date(NOW) });
  try {
    await body(simulator);
  } finally {
    await simulator.close();
  }
}

const line = (notification: SentNotification) =>
  [notification.attributes.severity, notification.attributes.product, notification.attributes.account ?? '-', notification.subject].join(' | ');

function bodies(notification: SentNotification): { default: string; email: string; sms: string } {
  return JSON.parse(notification.message) as { default: string; email: string; sms: string };
}

async function ledgerItems(): Promise<Array<{ pk: string; state: string }>> {
  const dynamo = new DynamoDBClient(motoClientConfig(moto()));
  try {
    const { Items = [] } = await dynamo.send(new ScanCommand({ TableName: LEDGER_TABLE }));
    return Items.map((item) => ({ pk: item['pk']?.S ?? '', state: item['state']?.S ?? '' }));
  } finally {
    dynamo.destroy();
  }
}

describe('managed accounts through SNS', () => {
  it("alerts each account over its limits by organization name, honours overrides and exemptions, never mixes the accounts' rows with the key's own, and repeats nothing next run", async () => {
    // Prepare: the threshold as an operator writes it. Account 0: 25 today (daily critical) and 305 this month
    // (monthly critical); account 1: 17 (80% warning); 2: 60 under its override of 100; 3: exempt at 500; 4: 5.
    // The key's own 30 is under its 500, which the accounts' 607 would pass if the rows were mixed.
    const [overridden, exempt] = [managedUserId(2), managedUserId(3)];
    await prepareAws({
      messaging: `{"daily": 500, "managedAccounts": {"daily": 20, "monthly": 300, "warnAt": [0.8], "overrides": {"${overridden}": {"daily": 100}, "${exempt}": false}}}`,
    });
    await withSimulator(reseller(5, { 0: 25, 1: 17, 2: 60, 3: 500, 4: 5 }, { 0: 280 }), async (simulator) => {
      const handler = handlerFor(simulator, () => NOW);

      // Act: two runs
      await handler({});
      const firstRunRequests = simulator.requests.map((request) => request.path);
      await handler({});

      // Assess
      const sent = await published();
      expect(sent.map(line).sort()).toEqual(
        [
          `critical | messaging | ${managedUserId(0)} | [CRITICAL] Telnyx messaging for Customer 00000 LLC: 25.00 USD of a 20.00 USD daily limit`,
          `critical | messaging | ${managedUserId(0)} | [CRITICAL] Telnyx messaging for Customer 00000 LLC: 305.00 USD of a 300.00 USD monthly limit`,
          `warning | messaging | ${managedUserId(1)} | [WARNING] Telnyx messaging for Customer 00001 LLC: 17.00 USD of a 20.00 USD daily limit (85%)`,
        ].sort(),
      );
      for (const notification of sent) {
        expect(notification.attributes).toMatchObject({ signal: 'limit', period: expect.stringMatching(/^(daily|monthly)$/) });
        const { email, sms } = bodies(notification);
        const name = notification.attributes.account === managedUserId(0) ? 'Customer 00000 LLC' : 'Customer 00001 LLC';
        expect(email).toContain(`Telnyx messaging spend of the managed account ${name} `);
        expect(email).toContain(notification.attributes.account);
        expect(sms).toContain(name);
        expect(notification.message).not.toContain(API_KEY);
      }
      // The names from the list of managed accounts, never from the single-account answer (it holds the account's API key)
      expect(firstRunRequests.filter((path) => path.startsWith('/v2/managed_accounts'))).toEqual(['/v2/managed_accounts']);
      expect(simulator.requests.some((request) => /^\/v2\/managed_accounts\/./.test(request.path))).toBe(false);
    });
  });

  it('folds a storm into the 10 largest shares and one summary (account=*), repeats none of them next run, and alerts one newcomer alone', async () => {
    // Prepare: 30 accounts over a daily limit of 20 (account i spends 21 + i), account 30 under it for now
    await prepareAws({ messaging: '{"managedAccounts": {"daily": 20}}' });
    const generated = reseller(31, Object.fromEntries(Array.from({ length: 30 }, (_, index) => [index, 21 + index])));
    const messaging = [...(generated.records.messaging ?? [])];
    const scenario: Scenario = { ...generated, records: { messaging } };
    await withSimulator(scenario, async (simulator) => {
      const handler = handlerFor(simulator, () => NOW);

      // Act: a run, the same again, then account 30 passes its limit
      await handler({});
      const afterFirst = await published();
      const itemsAfterFirst = await ledgerItems();
      await handler({});
      const afterSecond = await published();
      messaging.push(newcomerRecord(managedUserId(30), '45.00'));
      await handler({});
      const afterThird = await published();

      // Assess: the 10 largest shares alone (accounts 29 down to 20; published at once, so in any order), one summary for the other 20
      const largest = Array.from({ length: 10 }, (_, index) => 29 - index);
      const alone = afterFirst.filter((notification) => notification.attributes.account !== '*');
      expect(alone.map(line).sort()).toEqual(
        largest
          .map(
            (index) =>
              `critical | messaging | ${managedUserId(index)} | [CRITICAL] Telnyx messaging for ${organizationName(index)}: ${21 + index}.00 USD of a 20.00 USD daily limit`,
          )
          .sort(),
      );
      expect(afterFirst).toHaveLength(11);
      const summary = afterFirst.find((notification) => notification.attributes.account === '*') as SentNotification;
      expect(summary.attributes).toMatchObject({ severity: 'critical', product: 'messaging', account: '*', signal: 'limit', period: 'daily' });
      expect(summary.subject).toBe('[CRITICAL] Telnyx messaging: 20 more managed accounts over their limits, 30 in all');
      const { email, sms } = bodies(summary);
      expect(email).toContain('30 managed accounts are over a limit.');
      // Its top ones by name, largest share first: accounts 19, 18, ... 10
      const listed = Array.from({ length: 10 }, (_, index) => organizationName(19 - index));
      expect(listed.map((name) => email.indexOf(name))).toEqual([...listed.map((name) => email.indexOf(name))].sort((a, b) => a - b));
      expect(listed.every((name) => email.includes(`${name} (${managedUserId(Number(name.slice(9, 14)))})`))).toBe(true);
      expect(email).toContain('... and 10 more.');
      expect(sms).toMatch(/^Telnyx CRITICAL: 20 more managed accounts over limits \(messaging\), 30 in all\. Top: Customer 00019 LLC 200%/);
      // The ledger: one item per alert sent and one roster, not one per account
      expect(itemsAfterFirst.filter((item) => item.state === 'roster')).toHaveLength(1);
      expect(itemsAfterFirst).toHaveLength(12);
      expect(afterSecond).toHaveLength(11);
      expect(afterThird.slice(11).map(line)).toEqual([
        `critical | messaging | ${managedUserId(30)} | [CRITICAL] Telnyx messaging for Customer 00030 LLC: 45.00 USD of a 20.00 USD daily limit`,
      ]);
    });
  });

  it('names an account by its user_id when the list of managed accounts fails, and still alerts', async () => {
    // Prepare
    await prepareAws({ messaging: '{"managedAccounts": {"daily": 20}}' });
    await withSimulator(reseller(3, { 1: 25 }), async (simulator) => {
      simulator.injectFault({ match: { path: '/managed_accounts' }, status: 503, times: 100 });

      // Act
      await handlerFor(simulator, () => NOW)({});

      // Assess
      const sent = await published();
      // The subject shortens the id to keep SNS's 100 characters; the attribute and the bodies carry it whole
      expect(sent.map(line)).toEqual([
        `critical | messaging | ${managedUserId(1)} | [CRITICAL] Telnyx messaging for 5e1f0000-0000-4000-8000-00...: 25.00 USD of a 20.00 USD daily limit`,
      ]);
      const { email, sms } = bodies(sent[0] as SentNotification);
      expect(email).toContain(`Telnyx messaging spend of the managed account ${managedUserId(1)} reached its daily limit.`);
      expect(sms).toContain(managedUserId(1));
    });
  });

  it('sends one error alert and no account alert when Telnyx fails every usage read', async () => {
    // Prepare
    await prepareAws({ messaging: '{"managedAccounts": {"daily": 20}}', total: '{"managedAccounts": {"daily": 20}}' });
    await withSimulator(reseller(3, { 0: 25, 1: 30 }), async (simulator) => {
      simulator.injectFault({ match: { path: '/usage_reports' }, status: 503, times: 1000 });

      // Act
      const run = handlerFor(simulator, () => NOW)({});

      // Assess
      await expect(run).rejects.toThrow(/503/);
      const sent = await published();
      expect(sent).toHaveLength(1);
      expect(sent[0]?.attributes).toMatchObject({ severity: 'error', signal: 'error' });
      expect(sent[0]?.attributes.account).toBeUndefined();
    });
  });

  it('never alerts when an outage makes every account look like zero, nor after it', async () => {
    // Prepare: accounts over their limit, but Telnyx answers every usage read with no rows for a while
    await prepareAws({ messaging: '{"managedAccounts": {"daily": 20, "warnAt": [0.5]}}' });
    await withSimulator(reseller(3, { 0: 25, 1: 30 }), async (simulator) => {
      const empty = '{"data":[],"meta":{"page_number":1,"page_size":20,"total_pages":0,"total_results":0}}';
      simulator.injectFault({ match: { path: '/usage_reports' }, body: empty, times: 1000 });
      const handler = handlerFor(simulator, () => NOW);

      // Act: two runs during the outage
      await handler({});
      await handler({});

      // Assess
      expect(await published()).toEqual([]);
      expect(await ledgerItems()).toEqual([]);
    });
  });
});

/** A usage record of a managed account an hour before the check. */
function newcomerRecord(userId: string, cost: string): UsageRecord {
  return {
    timestamp: new Date(NOW - 3_600_000),
    dimensions: { user_id: userId, direction: 'outbound', currency: 'USD' },
    metrics: { cost, count: 1, parts: 1 },
  };
}
