/**
 * The client's list of managed accounts against the simulator over HTTP: every page of 250, asked ahead once the
 * page count is known, stopped when the caller stops; only id, organization name and email kept; never the
 * per-account endpoint, whose answer holds the account's API key.
 */
import type { ManagedAccount } from '../../functions/cost-alert/domain/account-names';
import { TelnyxProductForbiddenError } from '../../functions/cost-alert/telnyx/errors';
import { TelnyxUsageClient } from '../../functions/cost-alert/telnyx/usage-client';
import { managedScenario, managedUserId } from '../../functions/telnyx-simulator/managed-scenario';
import { type RunningSimulator, startSimulator } from '../../functions/telnyx-simulator/server';

const API_KEY = 'KEY0123-managed-accounts-test';
const NOW = new Date('2026-11-26T14:00:00Z');
const scenario = managedScenario({ accounts: 600, products: ['messaging'], now: NOW, today: () => 0n });

let simulator: RunningSimulator;

beforeAll(async () => {
  simulator = await startSimulator({ scenario, now: () => NOW });
});

afterAll(async () => {
  await simulator.close();
});

beforeEach(() => {
  simulator.requests.length = 0;
  simulator.clearFaults();
});

function client(maxConcurrency = 2) {
  return new TelnyxUsageClient({ apiKey: API_KEY, baseUrl: simulator.url, maxConcurrency, sleep: async () => undefined });
}

async function everyAccount(source: TelnyxUsageClient): Promise<ManagedAccount[]> {
  const accounts: ManagedAccount[] = [];
  for await (const page of source.managedAccounts()) accounts.push(...page);
  return accounts;
}

describe('GET /v2/managed_accounts through the client', () => {
  it('reads every page of 250 and keeps the id, organization name and email of each account', async () => {
    // Act
    const accounts = await everyAccount(client());

    // Assess
    expect(accounts).toHaveLength(600);
    expect(accounts[0]).toEqual({ id: managedUserId(0), organizationName: 'Customer 00000 LLC', email: 'billing+0@customer.example' });
    expect(simulator.requests.map((request) => [request.path, request.query.get('page[number]'), request.query.get('page[size]')])).toEqual([
      ['/v2/managed_accounts', '1', '250'],
      ['/v2/managed_accounts', '2', '250'],
      ['/v2/managed_accounts', '3', '250'],
    ]);
    expect(simulator.requests.every((request) => request.headers.authorization === `Bearer ${API_KEY}`)).toBe(true);
  });

  it('asks no more pages once the caller stops reading', async () => {
    // Prepare
    const source = client(2);

    // Act
    for await (const page of source.managedAccounts()) if (page.length > 0) break;

    // Assess: the next pages are asked only when the caller asks for page 2
    expect(simulator.requests.map((request) => request.query.get('page[number]'))).toEqual(['1']);
  });

  it('abandons the pages it asked ahead once the caller stops reading: none is left in flight', async () => {
    // Prepare: page 3 is asked ahead while the caller reads page 2, and is never answered
    const abandoned = new Promise<string | null>((resolve) =>
      simulator.injectFault({
        match: { path: '/managed_accounts', page: 3 },
        hang: true,
        onAbandoned: (request) => resolve(request.query.get('page[number]')),
      }),
    );
    const read: number[] = [];

    // Act
    for await (const page of client(2).managedAccounts()) {
      read.push(page.length);
      if (read.length === 2) break;
    }

    // Assess
    expect(read).toEqual([250, 250]);
    await expect(abandoned).resolves.toBe('3');
  }, 10_000);

  it('never asks for one account (that answer holds its API key), and keeps nothing of an entry but its id, name and email', async () => {
    // Prepare: a list answer that (unlike Telnyx's) carries API keys
    simulator.injectFault({
      match: { path: '/managed_accounts' },
      body: JSON.stringify({
        data: [
          {
            record_type: 'managed_account',
            id: 'acct-1',
            organization_name: 'Alpha',
            email: 'a@b.example',
            api_key: 'KEY-OF-A-MANAGED-ACCOUNT',
            api_token: 'tok',
          },
        ],
        meta: { page_number: 1, page_size: 250, total_pages: 1, total_results: 1 },
      }),
    });

    // Act
    const accounts = await everyAccount(client());

    // Assess
    expect(accounts).toEqual([{ id: 'acct-1', organizationName: 'Alpha', email: 'a@b.example' }]);
    expect(JSON.stringify(accounts)).not.toContain('KEY-OF-A-MANAGED-ACCOUNT');
    expect(simulator.requests.filter((request) => /^\/v2\/managed_accounts\/./.test(request.path))).toEqual([]);
  });

  it('says a refused list plainly, as something that only costs the names', async () => {
    // Prepare
    simulator.injectFault({ match: { path: '/managed_accounts' }, status: 403 });

    // Act
    const failure = await everyAccount(client()).then(
      () => undefined,
      (error: unknown) => error,
    );

    // Assess
    expect(failure).toBeInstanceOf(TelnyxProductForbiddenError);
    expect((failure as Error).message).toMatch(
      /^Telnyx refused the list of managed accounts to this API key \(HTTP 403, code 10010 Authorization failed\): alerts name managed accounts by user_id/,
    );
    expect((failure as Error).message).not.toContain(API_KEY);
  });
});
