/**
 * `GET /v2/balance` against Telnyx's published contract (spec/telnyx/balance.openapi.yaml, copied from Telnyx's
 * OpenAPI specification): the client asks through Prism, which validates the request and the simulator's answers
 * (the balance, and an error body) and forwards to the simulator.
 */
import { resolve } from 'node:path';
import { TelnyxServerError } from '../../functions/cost-alert/telnyx/errors';
import { TelnyxUsageClient } from '../../functions/cost-alert/telnyx/usage-client';
import { type RunningSimulator, startSimulator } from '../../functions/telnyx-simulator/server';
import { type Exchange, PRISM_START_BUDGET_MS, recordExchanges, type RunningPrism, startPrism, stopPrism } from '../support/prism';

const SPEC = resolve(__dirname, '../../spec/telnyx/balance.openapi.yaml');
const NOW = new Date('2026-11-26T15:30:00Z');

describe('the balance against the published contract (Prism)', () => {
  let simulator: RunningSimulator;
  let prism: RunningPrism | undefined;
  let viaPrism: TelnyxUsageClient;
  const exchanges: Exchange[] = [];

  beforeAll(async () => {
    simulator = await startSimulator({ now: () => NOW });
    prism = await startPrism(SPEC, simulator.url);
    // One attempt: a retry must not hide a 422 or 500 from Prism.
    viaPrism = new TelnyxUsageClient({ baseUrl: prism.origin, apiKey: 'conformance-key', maxAttempts: 1 });
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

  function expectConformant(status: number): void {
    expect(exchanges.map((exchange) => exchange.status)).toEqual([status]);
    expect(exchanges.flatMap((exchange) => exchange.violations.filter((violation) => violation.severity === 'Error'))).toEqual([]);
  }

  it("reads the simulator's balance through the contract, exactly", async () => {
    await expect(viaPrism.balance()).resolves.toEqual({
      available: 38_400_000_000n,
      balance: 38_400_000_000n,
      creditLimit: 0n,
      pending: 2_150_000_000n,
      currency: 'USD',
    });
    expectConformant(200);
  });

  it('gets an error body the contract accepts for a 503', async () => {
    simulator.injectFault({ match: { path: '/balance' }, status: 503 });
    await expect(viaPrism.balance()).rejects.toThrow(TelnyxServerError);
    expectConformant(503);
  });

  it('is checked: Prism refuses a balance whose amount is not a string', async () => {
    simulator.injectFault({ match: { path: '/balance' }, status: 200, body: JSON.stringify({ data: { available_credit: 12.5, currency: 'USD' } }) });
    await expect(viaPrism.balance()).rejects.toMatchObject({ status: 500 });
  });
});
