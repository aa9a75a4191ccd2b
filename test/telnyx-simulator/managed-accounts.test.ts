import { parseNanos } from '../../functions/cost-alert/domain/money';
import { managedScenario, managedUserId } from '../../functions/telnyx-simulator/managed-scenario';
import { SAMPLE_MANAGED_ACCOUNTS, sampleDay } from '../../functions/telnyx-simulator/scenario';
import { type RunningSimulator, startSimulator } from '../../functions/telnyx-simulator/server';
import { get, report } from './tiny-account';

const NOW = new Date('2026-11-26T14:00:00Z');

interface ListBody {
  data: Array<Record<string, unknown>>;
  meta: { page_number: number; page_size: number; total_pages: number; total_results: number };
}

describe('GET /v2/managed_accounts', () => {
  let simulator: RunningSimulator;

  beforeAll(async () => {
    const scenario = managedScenario({ accounts: 45, products: ['messaging'], now: NOW, today: (index) => (index % 3 === 0 ? 25_000_000_000n : 0n) });
    simulator = await startSimulator({ scenario, now: () => NOW });
  });

  afterAll(async () => {
    await simulator.close();
  });

  it('pages the list: 20 by default, meta as Telnyx pages, and no API key in an entry', async () => {
    // Act
    const body = (await (await get(simulator, '/managed_accounts')).json()) as ListBody;

    // Assess
    expect(body.meta).toEqual({ page_number: 1, page_size: 20, total_pages: 3, total_results: 45 });
    expect(body.data).toHaveLength(20);
    expect(Object.keys(body.data[0] ?? {}).sort()).toEqual(
      [
        'api_user',
        'created_at',
        'email',
        'id',
        'managed_account_allow_custom_pricing',
        'manager_account_id',
        'organization_name',
        'record_type',
        'rollup_billing',
        'updated_at',
      ].sort(),
    );
  });

  it('serves the page asked for, up to 250 accounts a page, and refuses a larger page', async () => {
    // Act
    const last = (await (await get(simulator, '/managed_accounts', 'page[number]=2&page[size]=40')).json()) as ListBody;
    const tooLarge = await get(simulator, '/managed_accounts', 'page[size]=251');

    // Assess
    expect(last.data.map((entry) => entry['id'])).toEqual([managedUserId(40), managedUserId(41), managedUserId(42), managedUserId(43), managedUserId(44)]);
    expect(last.meta).toEqual({ page_number: 2, page_size: 40, total_pages: 2, total_results: 45 });
    expect(tooLarge.status).toBe(400);
  });

  it('answers one account with its API key, as Telnyx does: the reason clients never ask for it', async () => {
    // Act
    const body = (await (await get(simulator, `/managed_accounts/${managedUserId(3)}`)).json()) as { data: Record<string, unknown> };

    // Assess
    expect(body.data).toMatchObject({ id: managedUserId(3), api_key: expect.stringMatching(/^KEY/) });
  });

  it('reports usage per account with managed_accounts=true and user_id among the dimensions', async () => {
    // Act
    const body = await report(simulator, 'product=messaging&dimensions=user_id,currency&metrics=cost&managed_accounts=true&page[size]=100');

    // Assess: accounts 0, 3, ..., 42 spent 25 each
    expect(body.data).toHaveLength(15);
    expect(body.data[0]).toMatchObject({ user_id: managedUserId(0), currency: 'USD' });
    expect(body.data.every((row) => parseNanos(row['cost']) === 25_000_000_000n)).toBe(true);
  });
});

describe("the sample day's managed accounts", () => {
  it('lists two named accounts', () => {
    expect(sampleDay(NOW).managedAccounts?.map((account) => account.organizationName)).toEqual(['Alpha Dental LLC', 'Brightside Bakery']);
  });

  it.each(['2026-11-26T14:00:00Z', '2026-11-26T00:20:00Z', '2026-12-01T09:00:00Z', '2026-12-26T23:50:00Z', '2027-02-14T12:00:00Z'])(
    'puts the first over 20 USD of outbound messaging today and the second under 16 (at %s)',
    (at) => {
      // Prepare
      const now = new Date(at);
      const dayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
      const records = sampleDay(now).records.messaging ?? [];
      const today = (id: string) =>
        records
          .filter((record) => record.timestamp.getTime() >= dayStart && record.dimensions.user_id === id)
          .filter((record) => record.dimensions.direction === 'outbound' && record.dimensions.currency === 'USD')
          .reduce((sum, record) => sum + (parseNanos(record.metrics.cost) ?? 0n), 0n);

      // Assess
      expect(today(SAMPLE_MANAGED_ACCOUNTS[0].id)).toBeGreaterThan(20_000_000_000n);
      expect(today(SAMPLE_MANAGED_ACCOUNTS[1].id)).toBeLessThan(16_000_000_000n);
    },
  );
});
