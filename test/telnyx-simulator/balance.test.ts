/** `GET /v2/balance` on the simulator: the sample balance, a scenario's own, bearer authentication, faults and the rate limit. */
import { SAMPLE_BALANCE } from '../../functions/telnyx-simulator/balance';
import { type RunningSimulator, startSimulator } from '../../functions/telnyx-simulator/server';
import { type ErrorBody, get, NOW, tinyAccount } from './tiny-account';

const BEARER = { authorization: 'Bearer KEY0123' };

describe('GET /v2/balance', () => {
  let simulator: RunningSimulator;

  afterEach(async () => {
    await simulator.close();
  });

  it("answers the sample account's balance as Telnyx writes it: decimal strings, available = balance + credit limit", async () => {
    simulator = await startSimulator({ now: () => NOW });
    const response = await get(simulator, '/balance', '', BEARER);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({
      data: { record_type: 'balance', balance: '38.40', pending: '2.15', credit_limit: '0.00', available_credit: '38.40', currency: 'USD' },
    });
    expect(SAMPLE_BALANCE.balance).toBe('38.40');
  });

  it("answers a scenario's balance, the available credit summed exactly, or as the scenario sets it", async () => {
    simulator = await startSimulator({
      now: () => NOW,
      scenario: { ...tinyAccount(), balance: { balance: '0.1', creditLimit: '0.2', pending: '0', currency: 'EUR' } },
    });
    expect(((await (await get(simulator, '/balance', '', BEARER)).json()) as { data: Record<string, string> }).data).toMatchObject({
      available_credit: '0.30',
      currency: 'EUR',
    });
    await simulator.close();
    simulator = await startSimulator({
      now: () => NOW,
      scenario: { ...tinyAccount(), balance: { balance: '10', creditLimit: '0', pending: '0', currency: 'USD', availableCredit: '-5.00' } },
    });
    expect(((await (await get(simulator, '/balance', '', BEARER)).json()) as { data: Record<string, string> }).data.available_credit).toBe('-5.00');
  });

  it('refuses a request without the key with 401 code 10009', async () => {
    simulator = await startSimulator({ now: () => NOW, apiKey: 'KEY0123' });
    const response = await get(simulator, '/balance', '', { authorization: 'Bearer nope' });
    expect(response.status).toBe(401);
    expect(((await response.json()) as ErrorBody).errors[0]?.code).toBe('10009');
  });

  it('applies faults matched on its path, and the rate limit', async () => {
    simulator = await startSimulator({ now: () => NOW, rateLimit: { requestsPerSecond: 1 } });
    simulator.injectFault({ match: { path: '/balance' }, status: 403 });
    const refused = await get(simulator, '/balance', '', BEARER);
    const limited = await get(simulator, '/balance', '', BEARER);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as ErrorBody).errors[0]).toMatchObject({ code: '10010', title: 'Authorization failed' });
    expect(limited.status).toBe(429);
  });
});
