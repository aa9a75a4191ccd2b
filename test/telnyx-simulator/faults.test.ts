import { type RunningSimulator, startSimulator } from '../../functions/telnyx-simulator/server';
import { type ErrorBody, NOW, type ReportBody, get, tinyAccount } from './tiny-account';

const MESSAGING = 'product=messaging&dimensions=direction&metrics=cost';
const SIP = 'product=sip-trunking&dimensions=direction&metrics=cost';

/** Yields to the event loop until the simulator has recorded `count` requests (bounded: no sleeping). */
async function requestsArrived(simulator: RunningSimulator, count: number): Promise<void> {
  for (let turn = 0; turn < 10_000 && simulator.requests.length < count; turn++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (simulator.requests.length < count) throw new Error(`only ${simulator.requests.length} of ${count} requests arrived`);
}

describe('simulator faults', () => {
  let simulator: RunningSimulator;

  beforeEach(async () => {
    simulator = await startSimulator({ scenario: tinyAccount(), now: () => NOW });
  });

  afterEach(async () => {
    await simulator.close();
  });

  it('answers 429 with retry-after once, then normally', async () => {
    // Prepare
    simulator.injectFault({ status: 429, headers: { 'retry-after': '2' } });

    // Act
    const limited = await get(simulator, '/usage_reports', MESSAGING);
    const limitedBody = (await limited.json()) as ErrorBody;
    const next = await get(simulator, '/usage_reports', MESSAGING);

    // Assess
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limitedBody.errors[0]).toMatchObject({ code: '10011', title: 'Too many requests' });
    expect(next.status).toBe(200);
  });

  it('applies a fault as many times as asked', async () => {
    simulator.injectFault({ status: 503, times: 2 });

    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await get(simulator, '/usage_reports', MESSAGING)).status);

    expect(statuses).toEqual([503, 503, 200]);
  });

  it('matches faults by product and path, first match first', async () => {
    // Prepare
    simulator.injectFault({ match: { product: 'sip-trunking' }, status: 503 });
    simulator.injectFault({ match: { path: '/usage_reports/options' }, status: 500 });
    simulator.injectFault({ match: { path: '/v2/usage_reports' }, status: 429, headers: { 'x-ratelimit-reset': '3' } });

    // Act
    const options = await get(simulator, '/usage_reports/options');
    const messaging = await get(simulator, '/usage_reports', MESSAGING);
    const sip = await get(simulator, '/usage_reports', SIP);
    const again = await get(simulator, '/usage_reports', SIP);

    // Assess
    expect(options.status).toBe(500);
    expect(messaging.status).toBe(429);
    expect(messaging.headers.get('x-ratelimit-reset')).toBe('3');
    expect(sip.status).toBe(503);
    expect(((await sip.json()) as ErrorBody).errors[0]?.code).toBe('10008');
    expect(again.status).toBe(200);
  });

  it('serves a malformed body with status 200', async () => {
    simulator.injectFault({ body: '{"data": [' });

    const response = await get(simulator, '/usage_reports', MESSAGING);
    const text = await response.text();

    expect(response.status).toBe(200);
    expect(text).toBe('{"data": [');
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });

  it.each([
    [401, '10009'],
    [400, '10015'],
    [403, '10010'],
  ])('gives a bare %i a Telnyx error body with code %s', async (status, code) => {
    simulator.injectFault({ status });

    const response = await get(simulator, '/usage_reports', MESSAGING);

    expect(response.status).toBe(status);
    expect(((await response.json()) as ErrorBody).errors[0]?.code).toBe(code);
  });

  it('adds headers to a normal answer when the fault has neither status nor body', async () => {
    simulator.injectFault({ headers: { 'x-ratelimit-remaining': '0' } });

    const response = await get(simulator, '/usage_reports', MESSAGING);

    expect(response.status).toBe(200);
    expect(response.headers.get('x-ratelimit-remaining')).toBe('0');
  });

  it('forgets queued faults on clearFaults', async () => {
    simulator.injectFault({ status: 503, times: 5 });
    simulator.clearFaults();

    const response = await get(simulator, '/usage_reports', MESSAGING);

    expect(response.status).toBe(200);
  });

  it('holds a hanging request, answers others meanwhile, and ends it on close', async () => {
    // Prepare
    simulator.injectFault({ match: { product: 'sip-trunking' }, hang: true });
    let hangingSettled = false;
    const hanging = get(simulator, '/usage_reports', SIP).finally(() => (hangingSettled = true));

    // Act
    await requestsArrived(simulator, 1);
    const other = await get(simulator, '/usage_reports', MESSAGING);
    const settledBeforeClose = hangingSettled;
    await simulator.close();

    // Assess
    expect(other.status).toBe(200);
    expect(settledBeforeClose).toBe(false);
    await expect(hanging).rejects.toThrow();
  });

  it('answers a delayed request after a later normal one', async () => {
    // Prepare
    simulator.injectFault({ match: { product: 'sip-trunking' }, delayMs: 500 });
    const finished: string[] = [];

    // Act
    const delayed = get(simulator, '/usage_reports', SIP).then(async (response) => {
      finished.push('delayed');
      return response.json();
    });
    await requestsArrived(simulator, 1);
    await get(simulator, '/usage_reports', MESSAGING).then(() => finished.push('normal'));
    const delayedBody = await delayed;

    // Assess
    expect(finished).toEqual(['normal', 'delayed']);
    expect(delayedBody).toMatchObject({ data: [{ product: 'sip-trunking', direction: 'outbound', cost: 0.25 }] });
  });

  it('adds latency to every answer', async () => {
    // Prepare
    const slow = await startSimulator({ scenario: tinyAccount(), now: () => NOW, latencyMs: 500 });
    const finished: string[] = [];

    // Act
    const slowAnswer = get(slow, '/usage_reports', MESSAGING).then(() => finished.push('slow'));
    await requestsArrived(slow, 1);
    await get(simulator, '/usage_reports', MESSAGING).then(() => finished.push('fast'));
    await slowAnswer.finally(() => slow.close());

    // Assess
    expect(finished).toEqual(['fast', 'slow']);
  });

  it('records every request, faulted ones included, with the raw query', async () => {
    simulator.injectFault({ status: 503 });

    await get(simulator, '/usage_reports', 'product=messaging&dimensions=direction%2Ccurrency&metrics=cost');
    await get(simulator, '/usage_reports', 'product=messaging&dimensions=direction%2Ccurrency&metrics=cost');

    expect(simulator.requests).toHaveLength(2);
    expect(simulator.requests[0]).toMatchObject({
      method: 'GET',
      path: '/v2/usage_reports',
      rawQuery: 'product=messaging&dimensions=direction%2Ccurrency&metrics=cost',
      headers: expect.objectContaining({ authorization: 'Bearer test-key' }),
    });
    expect(simulator.requests[0]?.query.get('dimensions')).toBe('direction,currency');
  });

  describe('fault modes: pages that do not add up, rows that count nothing, 403 per product, header echoes', () => {
    const BY_DIRECTION = 'product=messaging&dimensions=direction,currency&metrics=cost&page[size]=2';

    it('bends meta as asked, or leaves it out', async () => {
      simulator.injectFault({ page: { meta: { total_pages: 1, total_results: 99 } } });
      simulator.injectFault({ page: { meta: null } });

      const lying = (await (await get(simulator, '/usage_reports', BY_DIRECTION)).json()) as ReportBody;
      const bare = (await (await get(simulator, '/usage_reports', BY_DIRECTION)).json()) as Record<string, unknown>;

      expect(lying.meta).toEqual({ page_number: 1, page_size: 2, total_pages: 1, total_results: 99 });
      expect(lying.data).toHaveLength(2);
      expect(bare).not.toHaveProperty('meta');
      expect(bare['data']).toHaveLength(2);
    });

    it('serves an empty page where asked, matched by page number', async () => {
      simulator.injectFault({ match: { page: 2 }, page: { empty: true } });

      const first = (await (await get(simulator, '/usage_reports', BY_DIRECTION)).json()) as ReportBody;
      const second = (await (await get(simulator, '/usage_reports', `${BY_DIRECTION}&page[number]=2`)).json()) as ReportBody;

      expect(first.data).toHaveLength(2);
      expect(second.data).toEqual([]);
      expect(second.meta).toMatchObject({ page_number: 2, total_results: 3 });
    });

    it('serves page 1 whatever page[number] asks', async () => {
      simulator.injectFault({ page: { ignorePageNumber: true }, times: 2 });

      const first = await (await get(simulator, '/usage_reports', BY_DIRECTION)).text();
      const second = await (await get(simulator, '/usage_reports', `${BY_DIRECTION}&page[number]=2`)).text();

      expect(second).toBe(first);
    });

    it('sends rows with a null or absent cost, and without or with an empty currency', async () => {
      simulator.injectFault({ page: { nullCost: 1, absentCurrency: 1 } });
      simulator.injectFault({ page: { absentCost: 1, emptyCurrency: 2 } });

      const one = (await (await get(simulator, '/usage_reports', BY_DIRECTION)).json()) as ReportBody;
      const two = (await (await get(simulator, '/usage_reports', BY_DIRECTION)).json()) as ReportBody;

      expect(one.data[0]).toEqual({ product: 'messaging', direction: 'inbound', cost: null });
      expect(one.data[1]).toHaveProperty('currency', 'EUR');
      expect(two.data[0]).not.toHaveProperty('cost');
      expect(two.data.map((row) => row['currency'])).toEqual(['', '']);
    });

    it('refuses the usage of a forbidden product with 403 code 10010, and answers the rest', async () => {
      const restricted = await startSimulator({ scenario: tinyAccount(), now: () => NOW, forbiddenProducts: ['sip-trunking'] });
      try {
        const sip = await get(restricted, '/usage_reports', SIP);
        const messaging = await get(restricted, '/usage_reports', MESSAGING);
        const options = (await (await get(restricted, '/usage_reports/options')).json()) as { data: Array<{ product: string }> };

        expect(sip.status).toBe(403);
        expect(((await sip.json()) as ErrorBody).errors[0]?.code).toBe('10010');
        expect(messaging.status).toBe(200);
        expect(options.data.map((entry) => entry.product)).toContain('sip-trunking');
      } finally {
        await restricted.close();
      }
    });

    it.each([
      ['exact', 'Bearer Key-AbC/123+xyz'],
      ['lowercase', 'bearer key-abc/123+xyz'],
      ['url-encoded', 'Bearer%20Key-AbC%2F123%2Bxyz'],
      ['form-encoded', 'Bearer+Key-AbC%2F123%2Bxyz'],
    ] as const)('echoes the Authorization header %s, as a proxy might', async (form, written) => {
      simulator.injectFault({ echoAuthorization: { form } });

      const response = await get(simulator, '/usage_reports', MESSAGING, { authorization: 'Bearer Key-AbC/123+xyz' });

      expect(response.status).toBe(502);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await response.text()).toContain(`authorization: ${written}</pre>`);
    });

    it("serves the rows of an earlier page in place of the page asked, with the page asked's meta", async () => {
      simulator.injectFault({ match: { page: 2 }, page: { repeatPage: 1 } });

      const first = (await (await get(simulator, '/usage_reports', BY_DIRECTION)).json()) as ReportBody;
      const second = (await (await get(simulator, '/usage_reports', `${BY_DIRECTION}&page[number]=2`)).json()) as ReportBody;

      expect(second.data).toEqual(first.data);
      expect(second.meta).toEqual({ page_number: 2, page_size: 2, total_pages: 2, total_results: 3 });
    });

    it('serves pages of its own size whatever page[size] asks', async () => {
      simulator.injectFault({ page: { ignorePageSize: 20 } });

      const page = (await (await get(simulator, '/usage_reports', BY_DIRECTION)).json()) as ReportBody;

      expect(page.data).toHaveLength(3);
      expect(page.meta).toEqual({ page_number: 1, page_size: 20, total_pages: 1, total_results: 3 });
    });

    it('streams a huge page as it is read, and stops writing when the client goes away', async () => {
      simulator.injectFault({ hugePage: { rows: 3 } });
      simulator.injectFault({ hugePage: { rows: 2_000_000 } });

      const small = (await (await get(simulator, '/usage_reports', MESSAGING)).json()) as ReportBody;
      const huge = await get(simulator, '/usage_reports', MESSAGING);
      const reader = huge.body?.getReader();
      const chunk = await reader?.read();
      await reader?.cancel();

      expect(small.data).toEqual([0, 1, 2].map((i) => ({ product: 'messaging', currency: 'USD', user_id: `user-${i}`, cost: 0.01 })));
      expect(small.meta).toEqual({ page_number: 1, page_size: 3, total_pages: 1, total_results: 3 });
      expect(huge.headers.get('content-length')).toBeNull();
      expect(new TextDecoder().decode(chunk?.value).startsWith('{"data":[{"product":"messaging"')).toBe(true);
      expect(simulator.requests[1]?.bytesSent).toBeLessThan(20 * 1024 * 1024);
    });

    it.each([
      ['base64', undefined, Buffer.from('Bearer Key-AbC/123+xyz').toString('base64')],
      ['base64url', 'key', Buffer.from('Key-AbC/123+xyz').toString('base64url')],
      ['hex', undefined, Buffer.from('Bearer Key-AbC/123+xyz').toString('hex')],
      ['hex-upper', 'key', Buffer.from('Key-AbC/123+xyz').toString('hex').toUpperCase()],
      ['separated', 'key', 'K e y - A b C / 1 2 3 + x y z'],
      ['pieces', undefined, 'Bearer  Key-AbC /123+xy z'],
    ] as const)('echoes the Authorization header in %s (of %s)', async (form, of, written) => {
      simulator.injectFault({ echoAuthorization: { form, of } });

      const response = await get(simulator, '/usage_reports', MESSAGING, { authorization: 'Bearer Key-AbC/123+xyz' });

      expect(await response.text()).toContain(`authorization: ${written}</pre>`);
    });

    it('echoes a truncated key inside a Telnyx-style JSON error', async () => {
      simulator.injectFault({ status: 400, echoAuthorization: { form: 'exact', truncateKeyTo: 5, json: true } });

      const response = await get(simulator, '/usage_reports', MESSAGING, { authorization: 'Bearer Key-AbC/123+xyz' });

      expect(response.status).toBe(400);
      expect(((await response.json()) as ErrorBody).errors[0]?.detail).toBe('upstream refused the request with authorization=Bearer Key-A');
    });
  });
});
