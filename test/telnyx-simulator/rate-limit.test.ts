/** The simulator's rate limit: a token bucket per API key, refilled on the simulator's clock, 429 with Retry-After beyond. */
import { type RunningSimulator, startSimulator } from '../../functions/telnyx-simulator/server';
import { type ErrorBody, NOW, get, tinyAccount } from './tiny-account';

const MESSAGING = 'product=messaging&dimensions=direction&metrics=cost';

describe('simulator rate limit', () => {
  let simulator: RunningSimulator;
  const time = { now: NOW.getTime() };

  beforeEach(async () => {
    time.now = NOW.getTime();
    simulator = await startSimulator({ scenario: tinyAccount(), now: () => new Date(time.now), rateLimit: { requestsPerSecond: 4 } });
  });

  afterEach(async () => {
    await simulator.close();
  });

  const statuses = async (count: number, key = 'test-key') => {
    const answers: number[] = [];
    for (let i = 0; i < count; i++) answers.push((await get(simulator, '/usage_reports', MESSAGING, { authorization: `Bearer ${key}` })).status);
    return answers;
  };

  it('lets 4 requests through at once, then answers 429 (code 10011) with Retry-After and the x-ratelimit headers', async () => {
    // Act
    const first = await statuses(4);
    const refused = await get(simulator, '/usage_reports', MESSAGING);

    // Assess
    expect(first).toEqual([200, 200, 200, 200]);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('x-ratelimit-limit')).toBe('4');
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(refused.headers.get('x-ratelimit-reset')).toBe('1');
    expect(((await refused.json()) as ErrorBody).errors[0]).toMatchObject({ code: '10011', title: 'Too many requests' });
    expect(simulator.requests.map((request) => request.status)).toEqual([200, 200, 200, 200, 429]);
  });

  it('refills at 4 requests a second on its clock, up to 4', async () => {
    // Prepare: the bucket emptied
    await statuses(4);

    // Act: a quarter second gives one request; ten seconds give four, not forty
    time.now += 250;
    const quarter = await statuses(2);
    time.now += 10_000;
    const later = await statuses(5);

    // Assess
    expect(quarter).toEqual([200, 429]);
    expect(later).toEqual([200, 200, 200, 200, 429]);
  });

  it('keeps one bucket per API key, and applies to the options endpoint too', async () => {
    // Act
    const one = await statuses(5, 'key-one');
    const two = await statuses(4, 'key-two');
    const options = await get(simulator, '/usage_reports/options', '', { authorization: 'Bearer key-one' });

    // Assess
    expect(one).toEqual([200, 200, 200, 200, 429]);
    expect(two).toEqual([200, 200, 200, 200]);
    expect(options.status).toBe(429);
  });

  it('has no limit unless asked', async () => {
    const unlimited = await startSimulator({ scenario: tinyAccount(), now: () => NOW });
    try {
      const answers: number[] = [];
      for (let i = 0; i < 20; i++) answers.push((await get(unlimited, '/usage_reports', MESSAGING)).status);
      expect(new Set(answers)).toEqual(new Set([200]));
    } finally {
      await unlimited.close();
    }
  });
});
