/**
 * Telnyx's rate limit as one budget: the client against the simulator's token bucket (4 requests a second per
 * API key, 429 with Retry-After beyond), on one virtual clock that both share. The clock moves only when the
 * client waits, so a run of 110 s takes milliseconds and nothing sleeps.
 */
import { TelnyxDeadlineError } from '../../functions/cost-alert/telnyx/errors';
import type { UsageQuery } from '../../functions/cost-alert/domain/usage';
import { TelnyxUsageClient } from '../../functions/cost-alert/telnyx/usage-client';
import { PRODUCT_CATALOGUE, type Scenario, type UsageRecord } from '../../functions/telnyx-simulator/scenario';
import { type RunningSimulator, startSimulator } from '../../functions/telnyx-simulator/server';

const START = Date.parse('2026-11-26T14:00:00Z');
const TODAY = { start: new Date('2026-11-26T00:00:00Z'), end: new Date('2026-11-26T14:00:00Z') };
const MONTH = { start: new Date('2026-11-01T00:00:00Z'), end: new Date('2026-11-26T14:00:00Z') };
/** The Lambda's budget for usage reads. */
const BUDGET_MS = 110_000;

/** One clock for the client and the simulator; a wait moves it to the wait's end (waits that overlap do not add up). */
function virtualClock() {
  const state = { now: START, waits: [] as number[] };
  return {
    state,
    clock: () => state.now,
    now: () => new Date(state.now),
    sleep: async (ms: number) => {
      state.waits.push(ms);
      state.now += ms;
    },
  };
}

/** 20 products shaped like messaging, each with one record today. */
function twentyProducts(): { scenario: Scenario; names: string[] } {
  const shape = PRODUCT_CATALOGUE.find((definition) => definition.product === 'messaging');
  if (!shape) throw new Error('no messaging in the catalogue');
  const names = Array.from({ length: 20 }, (_, index) => `product-${String(index).padStart(2, '0')}`);
  const record = (cost: string): UsageRecord => ({
    timestamp: new Date('2026-11-26T09:00:00Z'),
    dimensions: { currency: 'USD', direction: 'outbound' },
    metrics: { cost },
  });
  return {
    scenario: {
      products: names.map((product) => ({ ...shape, product })),
      records: Object.fromEntries(names.map((name, i) => [name, [record(`${i + 1}.25`)]])),
    },
    names,
  };
}

describe("Telnyx's rate limit as one budget", () => {
  let simulator: RunningSimulator;

  afterEach(async () => {
    await simulator.close();
  });

  it('a 20-product run (2 queries each) at 4 requests a second with Retry-After: 1 reads everything within its 110 s', async () => {
    // Prepare
    const time = virtualClock();
    const { scenario, names } = twentyProducts();
    simulator = await startSimulator({ scenario, now: time.now, rateLimit: { requestsPerSecond: 4 } });
    const client = new TelnyxUsageClient({ apiKey: 'test-key', baseUrl: simulator.url, clock: time.clock, sleep: time.sleep, random: () => 0 });
    const deadline = START + BUDGET_MS;
    const query = (product: string, window: UsageQuery['window']): UsageQuery => ({ product, dimensions: ['currency'], metrics: ['cost'], window });

    // Act: as the check reads: the product list, then every product's day and month at once
    const products = await client.costProducts({ deadline });
    const reads = await Promise.allSettled(
      products.flatMap((product) => [client.list(query(product, TODAY), { deadline }), client.list(query(product, MONTH), { deadline })]),
    );

    // Assess: every read complete, in about the time the rate limit allows (41 requests at 4 a second)
    expect(products).toEqual(names);
    expect(reads.filter((read) => read.status === 'rejected')).toEqual([]);
    const elapsed = time.state.now - START;
    expect(elapsed).toBeLessThan(BUDGET_MS);
    expect(elapsed).toBeLessThanOrEqual(20_000);
    const answers = simulator.requests.map((request) => request.status);
    expect(answers.filter((status) => status === 200)).toHaveLength(41);
    // One budget: after the first 429 of a second, the others wait; at most two 429s per second of the run.
    expect(answers.filter((status) => status === 429).length).toBeLessThanOrEqual((2 * elapsed) / 1000);
  });

  it('a read that cannot finish before the deadline under the rate limit ends as throttled, not as a server error', async () => {
    // Prepare: 1 request a second and 2.5 s left for 6 reads
    const time = virtualClock();
    const { scenario, names } = twentyProducts();
    simulator = await startSimulator({ scenario, now: time.now, rateLimit: { requestsPerSecond: 1 } });
    const client = new TelnyxUsageClient({ apiKey: 'test-key', baseUrl: simulator.url, clock: time.clock, sleep: time.sleep, random: () => 0 });
    const deadline = START + 2_500;

    // Act
    const reads = await Promise.allSettled(
      names.slice(0, 6).map((product) => client.list({ product, dimensions: ['currency'], metrics: ['cost'], window: TODAY }, { deadline })),
    );

    // Assess: some read, the rest failed as throttled before the deadline
    const failures = reads.flatMap((read) => (read.status === 'rejected' ? [read.reason as unknown] : []));
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.length).toBeLessThan(6);
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(TelnyxDeadlineError);
      expect(failure).toMatchObject({ kind: 'throttled' });
    }
    expect(time.state.now).toBeLessThan(deadline);
  });
});
