/**
 * The usage client and the simulator against Telnyx's published contract: the client talks to Prism,
 * which validates each request and response against spec/telnyx/usage-reports.openapi.yaml and forwards
 * to the simulator. Under --errors, Prism answers 422 for a request the contract forbids and 500 for a
 * response it forbids, and reports what it saw in the `sl-violations` header.
 */
import { resolve } from 'node:path';
import { TelnyxRequestError } from '../../functions/cost-alert/telnyx/errors';
import { parseNanos } from '../../functions/cost-alert/domain/money';
import type { UsageQuery, UsageRow } from '../../functions/cost-alert/domain/usage';
import { TelnyxUsageClient } from '../../functions/cost-alert/telnyx/usage-client';
import { SAMPLE_MANAGED_USER_IDS } from '../../functions/telnyx-simulator/scenario';
import { type RunningSimulator, startSimulator } from '../../functions/telnyx-simulator/server';
import { type Exchange, PRISM_START_BUDGET_MS, recordExchanges, type RunningPrism, startPrism, stopPrism } from '../support/prism';

const SPEC = resolve(__dirname, '../../spec/telnyx/usage-reports.openapi.yaml');
const NOW = new Date('2026-11-26T15:30:00Z');
const MONTH = { start: new Date('2026-11-01T00:00:00Z'), end: new Date('2026-11-27T00:00:00Z') };
const PAGE_SIZE_CAP = 25;
const COST_PRODUCTS = ['call-control', 'fax-api', 'messaging', 'sip-trunking', 'wireless'];

describe('usage client and simulator against the published contract (Prism)', () => {
  let simulator: RunningSimulator;
  let prism: RunningPrism | undefined;
  let viaPrism: TelnyxUsageClient;
  let direct: TelnyxUsageClient;
  const exchanges: Exchange[] = [];

  beforeAll(async () => {
    simulator = await startSimulator({ now: () => NOW, pageSizeCap: PAGE_SIZE_CAP });
    prism = await startPrism(SPEC, simulator.url);
    // One attempt: a retry must not hide a 422 or 500 from Prism.
    viaPrism = new TelnyxUsageClient({ baseUrl: prism.origin, apiKey: 'conformance-key', maxAttempts: 1 });
    direct = new TelnyxUsageClient({ baseUrl: simulator.url, apiKey: 'conformance-key', maxAttempts: 1 });
    recordExchanges(prism.origin, exchanges);
  }, PRISM_START_BUDGET_MS + 15_000);

  afterAll(async () => {
    jest.restoreAllMocks();
    if (prism) await stopPrism(prism);
    await simulator?.close();
  });

  beforeEach(() => {
    exchanges.length = 0;
  });

  /** Every exchange through Prism so far succeeded with `status` and carried no violation of severity Error. */
  function expectConformant(status = 200): void {
    expect(exchanges.length).toBeGreaterThan(0);
    for (const exchange of exchanges) {
      expect({ url: exchange.url, status: exchange.status }).toEqual({ url: exchange.url, status });
      expect(exchange.violations.filter((violation) => violation.severity === 'Error')).toEqual([]);
    }
  }

  /** Both clients' rows for the same query: through Prism, then straight to the simulator. */
  async function bothWays(query: UsageQuery): Promise<[UsageRow[], UsageRow[]]> {
    const proxied = await viaPrism.list(query);
    const straight = await direct.list(query);
    return [proxied, straight];
  }

  it('reads today of every cost product, rows as the simulator sent them', async () => {
    for (const product of COST_PRODUCTS) {
      // Act
      const [proxied, straight] = await bothWays({ product, dimensions: ['currency', 'direction'], metrics: ['cost'], dateRange: 'today' });

      // Assess
      expect(proxied.length).toBeGreaterThan(0);
      expect(proxied).toEqual(straight);
      expect(proxied.every((row) => typeof row.cost === 'bigint')).toBe(true);
    }
    expectConformant();
  });

  it('follows every page when the server caps the page size', async () => {
    // Prepare
    const query: UsageQuery = { product: 'messaging', dimensions: ['date', 'direction', 'currency', 'country_iso'], metrics: ['cost', 'parts'], window: MONTH };
    const before = simulator.requests.length;

    // Act
    const rows = await viaPrism.list(query);

    // Assess
    const pages = simulator.requests.slice(before).map((request) => request.query.get('page[number]'));
    expect(rows.length).toBeGreaterThan(PAGE_SIZE_CAP * 2);
    expect(pages).toEqual(Array.from({ length: Math.ceil(rows.length / PAGE_SIZE_CAP) }, (_, index) => String(index + 1)));
    expect(new Set(rows.map((row) => JSON.stringify(row.values))).size).toBe(rows.length);
    expect(rows).toEqual(await direct.list(query));
    expectConformant();
  });

  it('sends filters the contract accepts and gets only matching rows', async () => {
    const [proxied, straight] = await bothWays({
      product: 'sip-trunking',
      dimensions: ['date'],
      metrics: ['cost', 'billed_sec'],
      window: MONTH,
      filters: { currency: 'USD', direction: 'outbound' },
    });

    expect(proxied.length).toBeGreaterThan(20);
    expect(proxied.every((row) => row.values.currency === 'USD' && row.values.direction === 'outbound')).toBe(true);
    expect(proxied).toEqual(straight);
    expectConformant();
  });

  it('reads managed accounts per user_id', async () => {
    const rows = await viaPrism.list({ product: 'messaging', dimensions: ['currency'], metrics: ['cost'], dateRange: 'this_month', managedAccounts: true });

    expect(new Set(rows.map((row) => row.values.user_id))).toEqual(new Set(SAMPLE_MANAGED_USER_IDS));
    expectConformant();
  });

  it('sorts by -cost', async () => {
    const rows = await viaPrism.list({ product: 'call-control', dimensions: ['date'], metrics: ['cost'], window: MONTH, sort: ['-cost'] });
    const costs = rows.map((row) => row.cost ?? 0n);

    expect(costs.length).toBeGreaterThan(PAGE_SIZE_CAP);
    expect(costs).toEqual([...costs].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
    expectConformant();
  });

  it("the simulator's CSV answer (format=csv, which the client no longer asks for) conforms and carries the JSON's exact costs", async () => {
    // Prepare
    const query: UsageQuery = { product: 'wireless', dimensions: ['date', 'currency'], metrics: ['cost', 'data_mb'], window: MONTH };
    const json = await viaPrism.list(query);
    const pages = Math.ceil(json.length / PAGE_SIZE_CAP);
    const base = `${prism?.origin}/usage_reports?product=wireless&dimensions=date,currency&metrics=cost,data_mb&start_date=2026-11-01T00:00:00Z&end_date=2026-11-27T00:00:00Z&format=csv`;

    // Act: every page as CSV, through Prism
    const lines: string[] = [];
    for (let page = 1; page <= pages; page++) {
      const response = await fetch(`${base}&page[number]=${page}&page[size]=${PAGE_SIZE_CAP}`, { headers: { authorization: 'Bearer conformance-key' } });
      expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
      const [header, ...rows] = (await response.text()).trim().split('\n');
      expect(header).toBe('date,currency,product,cost,data_mb');
      lines.push(...rows);
    }

    // Assess: the same rows, each cost exact (plain fields: no quoting to undo)
    expect(json.length).toBeGreaterThan(PAGE_SIZE_CAP);
    expect(lines.every((line) => !line.includes('"'))).toBe(true);
    expect(lines.map((line) => parseNanos(line.split(',')[3]))).toEqual(json.map((row) => row.cost));
    expectConformant();
  });

  it('gets a Telnyx error body the contract accepts for an invalid metric', async () => {
    const failure = viaPrism.list({ product: 'sip-trunking', dimensions: ['currency'], metrics: ['cost', 'parts'], dateRange: 'today' });

    await expect(failure).rejects.toThrow(TelnyxRequestError);
    await expect(failure).rejects.toMatchObject({ status: 400, errors: [expect.objectContaining({ code: '10003', parameter: 'metrics' })] });
    expectConformant(400);
  });

  it('finds the cost products through the options endpoint, which the contract does not describe', async () => {
    // Act
    const throughPrism = viaPrism.productOptions();
    const costProducts = await direct.costProducts();

    // Assess: Prism knows only /usage_reports, so the options endpoint is checked against the simulator alone.
    await expect(throughPrism).rejects.toMatchObject({ status: 404 });
    expect(costProducts).toEqual(COST_PRODUCTS);
    expect(await direct.productOptions('webrtc')).toEqual([
      { product: 'webrtc', dimensions: expect.arrayContaining(['date', 'currency']), metrics: ['sessions', 'session_sec'] },
    ]);
  });
});
