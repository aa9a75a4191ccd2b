import { PRODUCT_CATALOGUE } from '../../functions/telnyx-simulator/scenario';
import { type RunningSimulator, startSimulator } from '../../functions/telnyx-simulator/server';
import { type ErrorBody, NOW, get, tinyAccount } from './tiny-account';

const MESSAGING = 'product=messaging&dimensions=direction&metrics=cost';

describe('simulator authentication', () => {
  let open: RunningSimulator;
  let keyed: RunningSimulator;

  beforeAll(async () => {
    open = await startSimulator({ scenario: tinyAccount(), now: () => NOW });
    keyed = await startSimulator({ scenario: tinyAccount(), now: () => NOW, apiKey: 'KEY0123' });
  });

  afterAll(async () => {
    await Promise.all([open.close(), keyed.close()]);
  });

  it.each([
    ['no header', {}],
    ['an empty bearer', { authorization: 'Bearer ' }],
    ['another scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
  ])('refuses %s with 401 code 10009', async (_case, headers) => {
    const response = await get(open, '/usage_reports', MESSAGING, headers);

    expect(response.status).toBe(401);
    expect(((await response.json()) as ErrorBody).errors[0]).toMatchObject({ code: '10009', title: 'Authentication failed' });
  });

  it('accepts any bearer when no key is set', async () => {
    const response = await get(open, '/usage_reports', MESSAGING, { authorization: 'Bearer whatever' });

    expect(response.status).toBe(200);
  });

  it('refuses a wrong key and accepts the right one when a key is set', async () => {
    const wrong = await get(keyed, '/usage_reports', MESSAGING, { authorization: 'Bearer KEY0124' });
    const right = await get(keyed, '/usage_reports', MESSAGING, { authorization: 'Bearer KEY0123' });
    const options = await get(keyed, '/usage_reports/options', '', { authorization: 'Bearer nope' });

    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as ErrorBody).errors[0]?.code).toBe('10009');
    expect(right.status).toBe(200);
    expect(options.status).toBe(401);
  });
});

describe('GET /v2/usage_reports/options', () => {
  let simulator: RunningSimulator;

  beforeAll(async () => {
    simulator = await startSimulator({ now: () => NOW });
  });

  afterAll(async () => {
    await simulator.close();
  });

  it('describes every product, some without a cost metric', async () => {
    // Act
    const response = await get(simulator, '/usage_reports/options');
    const body = (await response.json()) as { data: Array<{ product: string; product_dimensions: string[]; product_metrics: string[]; record_types: null }> };

    // Assess
    expect(response.status).toBe(200);
    expect(body.data.map((entry) => entry.product)).toEqual(PRODUCT_CATALOGUE.map((definition) => definition.product));
    expect(body.data.filter((entry) => !entry.product_metrics.includes('cost')).map((entry) => entry.product)).toEqual(['webrtc']);
    for (const entry of body.data) {
      expect(entry.product_dimensions).toEqual(expect.arrayContaining(['date', 'date_time', 'currency', 'direction']));
      expect(entry.record_types).toBeNull();
    }
  });

  it('narrows to one product', async () => {
    const response = await get(simulator, '/usage_reports/options', 'product=messaging');
    const body = (await response.json()) as { data: unknown[] };

    expect(body.data).toEqual([
      {
        product: 'messaging',
        product_dimensions: expect.arrayContaining(['direction', 'currency', 'message_type', 'country_iso', 'normalized_carrier', 'status_v2', 'mcc', 'mnc']),
        product_metrics: ['cost', 'parts', 'count'],
        record_types: null,
      },
    ]);
  });

  it('refuses an unknown product', async () => {
    const response = await get(simulator, '/usage_reports/options', 'product=teleportation');

    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).errors[0]?.source?.parameter).toBe('product');
  });

  it.each([
    ['an unknown path', 'GET', '/v2/usage_reports/summary'],
    ['a path outside /v2', 'GET', '/usage_reports'],
    ['another method', 'POST', '/v2/usage_reports'],
  ])('answers 404 with a Telnyx body for %s', async (_case, method, path) => {
    const response = await fetch(`${simulator.url.replace(/\/v2$/, '')}${path}`, { method, headers: { authorization: 'Bearer k' } });

    expect(response.status).toBe(404);
    expect(((await response.json()) as ErrorBody).errors[0]?.code).toBe('10005');
  });
});
