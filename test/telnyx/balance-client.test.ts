/**
 * `GET /v2/balance` through the client against the simulator over HTTP: exact money, the same retries, deadline
 * and redaction as usage reports, and errors whose kinds keep a refused balance apart from a refused key.
 */
import {
  TelnyxAuthError,
  TelnyxDeadlineError,
  TelnyxProductForbiddenError,
  TelnyxResponseError,
  TelnyxServerError,
} from '../../functions/cost-alert/telnyx/errors';
import { TelnyxUsageClient } from '../../functions/cost-alert/telnyx/usage-client';
import { SAMPLE_BALANCE } from '../../functions/telnyx-simulator/balance';
import { type RunningSimulator, type SimulatorOptions, startSimulator } from '../../functions/telnyx-simulator/server';
import { sampleDay } from '../../functions/telnyx-simulator/scenario';
import { everythingIn } from '../support/error-text';
import { keyFormsIn } from './key-forms-in';

/** Shaped like a Telnyx key, spelling no word. */
const KEY = 'KEY019x4Vq7ZtR2mW8pL6nB3sD5hJ0cF9gY_a2Wq';
const NOW = new Date('2026-11-26T14:00:00Z');

describe('the balance through the client', () => {
  let simulator: RunningSimulator;
  let waits: number[];

  async function start(options: SimulatorOptions = {}): Promise<void> {
    simulator = await startSimulator({ now: () => NOW, apiKey: KEY, ...options });
  }

  function client(extra: Partial<ConstructorParameters<typeof TelnyxUsageClient>[0]> = {}): TelnyxUsageClient {
    waits = [];
    return new TelnyxUsageClient({
      apiKey: KEY,
      baseUrl: simulator.url,
      sleep: async (ms) => {
        waits.push(ms);
      },
      random: () => 0,
      ...extra,
    });
  }

  afterEach(async () => {
    await simulator.close();
  });

  it("reads the sample account's balance, every amount exact", async () => {
    await start();
    await expect(client().balance()).resolves.toEqual({
      available: 38_400_000_000n,
      balance: 38_400_000_000n,
      creditLimit: 0n,
      pending: 2_150_000_000n,
      currency: SAMPLE_BALANCE.currency,
    });
    expect(simulator.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /v2/balance']);
    expect(simulator.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it("reads a scenario's balance to the nano-unit, the available credit being the balance plus the credit limit", async () => {
    await start({ scenario: { ...sampleDay(NOW), balance: { balance: '1234567.891234567', creditLimit: '100.000000001', pending: '0', currency: 'EUR' } } });
    await expect(client().balance()).resolves.toEqual({
      available: 1_234_667_891_234_568n,
      balance: 1_234_567_891_234_567n,
      creditLimit: 100_000_000_001n,
      pending: 0n,
      currency: 'EUR',
    });
  });

  it('retries a 503 with backoff, as usage reports are retried', async () => {
    await start();
    simulator.injectFault({ match: { path: '/balance' }, status: 503, times: 2 });
    await expect(client().balance()).resolves.toMatchObject({ available: 38_400_000_000n });
    expect(simulator.requests.map((request) => request.status)).toEqual([503, 503, 200]);
    expect(waits).toEqual([500, 1000]);
  });

  it('gives up after three 5xx answers with a server error about the balance', async () => {
    await start();
    simulator.injectFault({ match: { path: '/balance' }, status: 503, times: 3 });
    const failure = client().balance();
    await expect(failure).rejects.toThrow(TelnyxServerError);
    await expect(failure).rejects.toMatchObject({ kind: 'server', message: expect.stringContaining('Telnyx failed to answer for the balance (HTTP 503)') });
  });

  it('reads a 403 as the balance refused (not the key): usage can still be read', async () => {
    await start();
    simulator.injectFault({ match: { path: '/balance' }, status: 403 });
    const failure = client().balance();
    await expect(failure).rejects.toThrow(TelnyxProductForbiddenError);
    await expect(failure).rejects.toMatchObject({ kind: 'product-forbidden', product: 'balance', status: 403 });
    await expect(failure).rejects.toThrow('Telnyx refused the balance to this API key (HTTP 403, code 10010)');
  });

  it('reads a 401 as the key refused, without retrying', async () => {
    await start();
    const wrong = client({ apiKey: 'KEY-not-the-right-one-9Zq' });
    await expect(wrong.balance()).rejects.toMatchObject({ kind: 'key-refused', name: 'TelnyxAuthError' });
    await expect(wrong.balance()).rejects.toThrow(TelnyxAuthError);
    expect(simulator.requests).toHaveLength(2);
  });

  it('times out a hanging attempt and retries it, and sends nothing once the deadline has passed', async () => {
    await start();
    await client().balance();
    simulator.requests.length = 0;
    simulator.injectFault({ match: { path: '/balance' }, hang: true });
    await expect(client({ attemptTimeoutMs: 200 }).balance()).resolves.toMatchObject({ available: 38_400_000_000n });
    expect(simulator.requests).toHaveLength(2);
    expect(waits).toEqual([500]);
    await expect(client().balance({ deadline: 1 })).rejects.toThrow(TelnyxDeadlineError);
    expect(simulator.requests).toHaveLength(2);
  });

  it('refuses an answer without a readable available credit or currency, quoting nothing secret-shaped', async () => {
    await start();
    const body = (data: unknown) => JSON.stringify({ data });
    simulator.injectFault({ match: { path: '/balance' }, status: 200, body: body({ available_credit: 'lots', currency: 'USD' }) });
    simulator.injectFault({ match: { path: '/balance' }, status: 200, body: body({ available_credit: '1.00', currency: 'dollars' }) });
    simulator.injectFault({ match: { path: '/balance' }, status: 200, body: body({ available_credit: KEY, currency: 'USD' }) });
    simulator.injectFault({ match: { path: '/balance' }, status: 200, body: '<html>' });
    const read = client();
    await expect(read.balance()).rejects.toThrow('Telnyx answered the balance without a readable available_credit: "lots"');
    await expect(read.balance()).rejects.toThrow('Telnyx answered the balance without an ISO 4217 currency: "dollars"');
    const secret = read.balance();
    await expect(secret).rejects.toThrow(TelnyxResponseError);
    expect(keyFormsIn(everythingIn(await secret.catch((error: unknown) => error)), KEY)).toEqual([]);
    await expect(read.balance()).rejects.toThrow('Telnyx answered the balance with a body that is not JSON (6 bytes)');
  });

  it('keeps the key out of every text when a proxy echoes the Authorization header', async () => {
    await start();
    simulator.injectFault({ match: { path: '/balance' }, echoAuthorization: { form: 'base64', json: true }, times: 3 });
    const error = await client()
      .balance()
      .catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(TelnyxServerError);
    expect(keyFormsIn(everythingIn(error), KEY)).toEqual([]);
  });

  it('reads the balance alone when the amounts besides the available credit are missing', async () => {
    await start();
    simulator.injectFault({ match: { path: '/balance' }, status: 200, body: JSON.stringify({ data: { available_credit: 12.5, currency: 'usd' } }) });
    await expect(client().balance()).resolves.toEqual({ available: 12_500_000_000n, currency: 'USD' });
  });
});
