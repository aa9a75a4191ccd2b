/**
 * The check over the real usage client against the simulator over HTTP, in-memory ledger and publisher: what
 * the client classifies (a 403, pages that repeat, an answer over the cap, the rate limit) must reach the check
 * as "this product not read", or be read after all.
 */
import type { CheckDependencies } from '../../functions/cost-alert/use-cases/check/check-run';
import { runCheck } from '../../functions/cost-alert/use-cases/check/run-check';
import { RecordingPublisher } from '../../functions/cost-alert/local/console-publisher';
import { MemoryAlertLedger } from '../../functions/cost-alert/local/memory-ledger';
import type { ThresholdStore } from '../../functions/cost-alert/ports';
import { TelnyxUsageClient } from '../../functions/cost-alert/telnyx/usage-client';
import { PRODUCT_CATALOGUE, type UsageRecord } from '../../functions/telnyx-simulator/scenario';
import { type RunningSimulator, type SimulatorOptions, startSimulator } from '../../functions/telnyx-simulator/server';

const NOW = Date.parse('2026-11-26T14:00:00Z');
const PATH = '/telnyx-cost-alert/thresholds';

function store(values: Record<string, string>): ThresholdStore {
  return {
    path: PATH,
    describe: (product) => `${PATH}/${product}`,
    load: async () => Object.entries(values).map(([product, value]) => ({ name: `${PATH}/${product}`, value })),
  };
}

describe('the check over the real usage client', () => {
  let simulator: RunningSimulator;

  /** A clock that moves only when the client waits; the simulator's rate limit refills by it. */
  const time = { now: NOW };

  async function check(thresholds: Record<string, string>, options: SimulatorOptions = {}, prepare?: (s: RunningSimulator) => void) {
    time.now = NOW;
    simulator = await startSimulator({ now: () => new Date(time.now), ...options });
    prepare?.(simulator);
    const publisher = new RecordingPublisher();
    const sleep = async (ms: number) => {
      time.now += ms;
    };
    const deps: CheckDependencies = {
      thresholds: store(thresholds),
      usage: new TelnyxUsageClient({ apiKey: 'test-key', baseUrl: simulator.url, clock: () => time.now, sleep, random: () => 0 }),
      ledger: new MemoryAlertLedger(),
      publisher,
      clock: () => time.now,
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      timeZone: 'UTC',
      deadline: NOW + 120_000,
    };
    const report = await runCheck(deps);
    await simulator.close();
    return { report, alerts: publisher.alerts };
  }

  it('a 403 on one product fails that product alone; the others are read and evaluated', async () => {
    // Act: a key that may not read wireless usage
    const { report, alerts } = await check({ messaging: '{"daily": 100000}', wireless: '{"daily": 100000}' }, { forbiddenProducts: ['wireless'] });

    // Assess
    expect(report.usageBlocked).toBe(false);
    expect(report.evaluations).toEqual([expect.objectContaining({ product: 'messaging', period: 'daily', complete: true })]);
    expect(alerts.map((alert) => [alert.product, alert.severity])).toEqual([['wireless', 'error']]);
    expect(alerts[0]?.message.email).toContain('Telnyx refused wireless usage to this API key (HTTP 403');
  });

  it('a product whose pages repeat is "not read": no alert on overcounted spend', async () => {
    // Prepare: the real spend of messaging today, and a limit between it and twice it
    const clean = await check({ messaging: '{"daily": 100000}' });
    const spend = clean.report.evaluations[0]?.spendNanos ?? 0n;
    expect(spend).toBeGreaterThan(0n);
    const limit = Number((spend * 3n) / 2n) / 1e9;

    // Act: a proxy that strips meta and ignores page[number]
    const { report, alerts } = await check({ messaging: JSON.stringify({ daily: limit }) }, {}, (s) =>
      s.injectFault({ match: { product: 'messaging' }, page: { ignorePageNumber: true, meta: null }, times: Infinity }),
    );

    // Assess: one error alert naming the repeat, no "reached"
    expect(alerts.map((alert) => [alert.product, alert.severity])).toEqual([['messaging', 'error']]);
    expect(alerts[0]?.message.email).toContain('repeats page 1');
    expect(report.evaluations.filter((evaluation) => evaluation.level !== undefined)).toEqual([]);
  });

  it('an answer over the 16 MB cap for one product is its error alert; the other products are still evaluated', async () => {
    // Prepare: messaging answers one page of 300,000 rows (about 20 MB)
    const { report, alerts } = await check({ messaging: '{"daily": 1}', wireless: '{"daily": 1}' }, {}, (s) =>
      s.injectFault({ match: { product: 'messaging' }, hugePage: { rows: 300_000 }, times: Infinity }),
    );

    // Assess: messaging not read (an error, not a breach of 3000 USD); wireless read and alerted
    expect(report.evaluations.map((evaluation) => [evaluation.product, evaluation.complete])).toEqual([['wireless', true]]);
    expect(alerts.map((alert) => [alert.product, alert.severity]).sort()).toEqual([
      ['messaging', 'error'],
      ['wireless', 'critical'],
    ]);
    expect(alerts.find((alert) => alert.product === 'messaging')?.message.email).toContain('with more than 16 MB');
  });

  it("under Telnyx's rate limit (4 requests a second, Retry-After: 1) a 20-product check reads and evaluates every product", async () => {
    // Prepare: 20 products with usage today, a daily and a monthly limit each (2 reads a product)
    const shape = PRODUCT_CATALOGUE.find((definition) => definition.product === 'messaging');
    if (!shape) throw new Error('no messaging in the catalogue');
    const names = Array.from({ length: 20 }, (_, index) => `product-${String(index).padStart(2, '0')}`);
    const today: UsageRecord = { timestamp: new Date('2026-11-26T09:00:00Z'), dimensions: { currency: 'USD' }, metrics: { cost: '2.50' } };
    const scenario = { products: names.map((product) => ({ ...shape, product })), records: Object.fromEntries(names.map((name) => [name, [today]])) };

    // Act
    const { report, alerts } = await check(Object.fromEntries(names.map((name) => [name, '{"daily": 1000, "monthly": 100000}'])), {
      scenario,
      rateLimit: { requestsPerSecond: 4 },
    });

    // Assess: every product's day and month evaluated, nothing failed, no error alert; well within the deadline
    expect(report.failures).toEqual([]);
    expect(alerts).toEqual([]);
    expect(report.evaluations.filter((evaluation) => evaluation.complete)).toHaveLength(40);
    expect(simulator.requests.some((request) => request.status === 429)).toBe(true);
    expect(time.now - NOW).toBeLessThan(30_000);
  });
});
