import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  TelnyxAuthError,
  TelnyxDeadlineError,
  TelnyxForbiddenError,
  TelnyxIncompleteReadError,
  TelnyxNetworkError,
  TelnyxProductForbiddenError,
  TelnyxRateLimitError,
  TelnyxRequestError,
  TelnyxResponseError,
  TelnyxServerError,
  UsageQueryError,
} from '../../functions/cost-alert/telnyx/errors';
import { type ClientLog, TelnyxUsageClient, type UsageClientOptions } from '../../functions/cost-alert/telnyx/usage-client';
import type { UsageQuery } from '../../functions/cost-alert/domain/usage';
import { type RunningSimulator, startSimulator } from '../../functions/telnyx-simulator/server';
import { everythingIn } from '../support/error-text';

const API_KEY = 'KEY0123-super-secret-telnyx-key';
const NOW = Date.parse('2026-11-26T14:00:00Z');
const TODAY = { start: new Date('2026-11-26T00:00:00Z'), end: new Date('2026-11-26T14:00:00Z') };

/** A clock that only moves when the client sleeps: waits are recorded, never slept. */
function fakeTime(start = NOW) {
  const state = { now: start, waits: [] as number[] };
  return {
    state,
    clock: () => state.now,
    sleep: async (ms: number) => {
      state.waits.push(ms);
      state.now += ms;
    },
  };
}

function recordingLog() {
  const lines: string[] = [];
  const log: ClientLog = {
    warn: (message, extra) => lines.push(JSON.stringify({ level: 'warn', message, ...extra })),
    debug: (message, extra) => lines.push(JSON.stringify({ level: 'debug', message, ...extra })),
  };
  return { lines, log };
}

const messagingToday: UsageQuery = { product: 'messaging', dimensions: ['currency'], metrics: ['cost'], window: TODAY };

describe('TelnyxUsageClient against the simulator', () => {
  let simulator: RunningSimulator;
  const time = fakeTime();

  function client(options: Partial<UsageClientOptions> = {}) {
    return new TelnyxUsageClient({
      apiKey: API_KEY,
      baseUrl: simulator.url,
      apiKeySource: 'SSM parameter /telnyx-cost-alert/api-key',
      clock: time.clock,
      sleep: time.sleep,
      random: () => 0,
      ...options,
    });
  }

  beforeEach(async () => {
    time.state.now = NOW;
    time.state.waits = [];
    simulator = await startSimulator({ now: () => new Date(NOW) });
  });

  afterEach(async () => {
    await simulator.close();
  });

  it('sends the contract: comma-joined arrays, explicit window, page[size]=5000, filters added to dimensions', async () => {
    // Act
    await client().list({
      product: 'messaging',
      dimensions: ['currency'],
      metrics: ['cost', 'count'],
      window: TODAY,
      filters: { direction: 'outbound' },
      managedAccounts: true,
    });

    // Assess
    expect(simulator.requests).toHaveLength(1);
    const request = simulator.requests[0]!;
    expect(request.path).toBe('/v2/usage_reports');
    expect(request.rawQuery).toContain('dimensions=currency,direction&metrics=cost,count');
    expect(request.query.get('start_date')).toBe('2026-11-26T00:00:00Z');
    expect(request.query.get('end_date')).toBe('2026-11-26T14:00:00Z');
    expect(request.query.get('filter[direction]')).toBe('outbound');
    expect(request.query.get('managed_accounts')).toBe('true');
    expect(request.query.get('page[number]')).toBe('1');
    expect(request.query.get('page[size]')).toBe('5000');
    expect(request.query.getAll('dimensions')).toHaveLength(1);
    expect(request.headers['authorization']).toBe(`Bearer ${API_KEY}`);
  });

  it("frees a request's place as soon as its answer's headers are in: with one in flight, the next is sent while the body still arrives", async () => {
    // Prepare: the messaging answer sends half its body, and the rest only once the sip-trunking request has arrived
    let nextArrived: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (nextArrived = resolve));
    simulator.injectFault({ match: { product: 'messaging' }, holdBody: arrived });
    simulator.injectFault({ match: { product: 'sip-trunking' }, onArrival: () => nextArrived() });
    const oneAtATime = client({ maxConcurrency: 1 });

    // Act
    const [messaging, sipTrunking] = await Promise.all([oneAtATime.list(messagingToday), oneAtATime.list({ ...messagingToday, product: 'sip-trunking' })]);

    // Assess: both read whole, and the sip-trunking request went out before the messaging body had ended
    expect(messaging.length).toBeGreaterThan(0);
    expect(sipTrunking.length).toBeGreaterThan(0);
    expect(simulator.requests.map((request) => request.query.get('product'))).toEqual(['messaging', 'sip-trunking']);
  }, 10_000);

  it('follows meta to the last page when the server caps the page size', async () => {
    // Prepare: 7 rows, served 3 at a time although 5000 were asked
    await simulator.close();
    const rows = Array.from({ length: 7 }, (_, i) => ({ product: 'messaging', currency: 'USD', user_id: `u${i}`, cost: 0.1 }));
    simulator = await startSimulator({ now: () => new Date(NOW), pageSizeCap: 3, rowsFor: () => rows });

    // Act
    const got = await client().list(messagingToday);

    // Assess
    expect(got.map((row) => row.values['user_id'])).toEqual(['u0', 'u1', 'u2', 'u3', 'u4', 'u5', 'u6']);
    expect(got.reduce((sum, row) => sum + (row.cost ?? 0n), 0n)).toBe(700_000_000n);
    expect(simulator.requests.map((r) => [r.query.get('page[number]'), r.query.get('page[size]')])).toEqual([
      ['1', '5000'],
      ['2', '5000'],
      ['3', '5000'],
    ]);
  });

  it('refuses an empty page when meta promises more, instead of ending the read as complete', async () => {
    // Prepare: the second page is empty although total_pages says 5
    simulator.injectFault({
      times: 1,
      status: 200,
      body: JSON.stringify({
        data: [{ product: 'messaging', currency: 'USD', cost: 1 }],
        meta: { page_number: 1, page_size: 1, total_pages: 5, total_results: 5 },
      }),
    });
    simulator.injectFault({
      times: 1,
      status: 200,
      body: JSON.stringify({ data: [], meta: { page_number: 2, page_size: 1, total_pages: 5, total_results: 5 } }),
    });

    // Act
    const failure = client().list(messagingToday);

    // Assess
    await expect(failure).rejects.toBeInstanceOf(TelnyxIncompleteReadError);
    await expect(failure).rejects.toThrow('Page 2 of messaging usage came back empty after 1 of the 5 rows Telnyx announced');
    expect(simulator.requests).toHaveLength(2);
  });

  it('waits as Retry-After asks after a 429, then succeeds', async () => {
    // Prepare
    simulator.injectFault({ status: 429, headers: { 'retry-after': '3' } });
    const { lines, log } = recordingLog();

    // Act
    const rows = await client({ log }).list(messagingToday);

    // Assess
    expect(rows.length).toBeGreaterThan(0);
    expect(simulator.requests).toHaveLength(2);
    expect(time.state.waits).toEqual([3000]);
    expect(lines.join('\n')).toContain('"status":429');
  });

  it('honours x-ratelimit-reset when no Retry-After comes', async () => {
    // Prepare
    simulator.injectFault({ status: 429, headers: { 'x-ratelimit-reset': '5' } });

    // Act
    await client().list(messagingToday);

    // Assess
    expect(time.state.waits).toEqual([5000]);
  });

  it('backs off exponentially on 503 and gives a typed error when retries run out', async () => {
    // Prepare
    simulator.injectFault({ status: 503, times: 10 });

    // Act
    const failure = client({ maxAttempts: 4 }).list(messagingToday);

    // Assess
    await expect(failure).rejects.toBeInstanceOf(TelnyxServerError);
    await expect(failure).rejects.toMatchObject({ status: 503, product: 'messaging' });
    expect(simulator.requests).toHaveLength(4);
    expect(time.state.waits).toEqual([500, 1000, 2000]);
  });

  it('applies jitter below the nominal backoff', async () => {
    // Prepare
    simulator.injectFault({ status: 502, times: 1 });

    // Act
    await client({ random: () => 1 }).list(messagingToday);

    // Assess: 500 ms less a quarter
    expect(time.state.waits).toEqual([375]);
  });

  it('stops retrying when the next wait would pass the deadline', async () => {
    // Prepare: 2.2 s left; waits of 0.5 s and 1 s fit, the next 2 s does not
    simulator.injectFault({ status: 503, times: 10 });

    // Act
    const failure = client({ maxAttempts: 10 }).list(messagingToday, { deadline: NOW + 2200 });

    // Assess
    await expect(failure).rejects.toBeInstanceOf(TelnyxDeadlineError);
    await expect(failure).rejects.toMatchObject({ cause: expect.any(TelnyxServerError) });
    expect(simulator.requests).toHaveLength(3);
    expect(time.state.waits).toEqual([500, 1000]);
  });

  it('waits a Retry-After of 120 s when the deadline leaves time for it, however long the wait', async () => {
    // Prepare
    simulator.injectFault({ status: 429, headers: { 'retry-after': '120' } });

    // Act
    const rows = await client().list(messagingToday, { deadline: NOW + 300_000 });

    // Assess
    expect(rows.length).toBeGreaterThan(0);
    expect(time.state.waits).toEqual([120_000]);
    expect(simulator.requests).toHaveLength(2);
  });

  it('ends a request whose Retry-After would pass the deadline at once, as a deadline error of kind throttled', async () => {
    // Prepare: 60 s left, Telnyx asks for 120
    simulator.injectFault({ status: 429, headers: { 'retry-after': '120' } });

    // Act
    const failure = client().list(messagingToday, { deadline: NOW + 60_000 });

    // Assess
    await expect(failure).rejects.toBeInstanceOf(TelnyxDeadlineError);
    await expect(failure).rejects.toMatchObject({ kind: 'throttled', product: 'messaging', cause: expect.any(TelnyxRateLimitError) });
    await expect(failure).rejects.toThrow(/asked to wait 120 s before reading page 1 of messaging usage, past the deadline \(60 s left\)/);
    expect(time.state.waits).toEqual([]);
  });

  it('retries 429s for as long as the deadline allows, not a fixed three attempts', async () => {
    // Prepare: ten 429s in a row, a second apart
    simulator.injectFault({ status: 429, headers: { 'retry-after': '1' }, times: 10 });

    // Act
    const rows = await client().list(messagingToday, { deadline: NOW + 110_000 });

    // Assess
    expect(rows.length).toBeGreaterThan(0);
    expect(simulator.requests).toHaveLength(11);
    expect(time.state.waits).toEqual(Array.from({ length: 10 }, () => 1000));
  });

  it("a 429 pauses every request to the endpoint: another product's read waits for the reset too", async () => {
    // Prepare: messaging is answered 429 with a reset 30 s away and gives up (10 s left)
    simulator.injectFault({ match: { product: 'messaging' }, status: 429, headers: { 'retry-after': '30' } });
    const c = client();
    await expect(c.list(messagingToday, { deadline: NOW + 10_000 })).rejects.toMatchObject({ kind: 'throttled' });
    const sipToday = { ...messagingToday, product: 'sip-trunking' };

    // Act: sip-trunking with 10 s left is not sent into the pause; with a minute left it waits the pause out
    const tooSoon = await c.list(sipToday, { deadline: NOW + 10_000 }).catch((error: unknown) => error);
    const sent = simulator.requests.length;
    const afterThePause = await c.list(sipToday, { deadline: NOW + 60_000 });

    // Assess
    expect(tooSoon).toBeInstanceOf(TelnyxDeadlineError);
    expect(tooSoon).toMatchObject({ kind: 'throttled', product: 'sip-trunking' });
    expect((tooSoon as Error).message).toMatch(/requests for page 1 of sip-trunking usage are paused for 30 s more, past the deadline/);
    expect(sent).toBe(1);
    expect(afterThePause.length).toBeGreaterThan(0);
    expect(time.state.waits).toEqual([30_000]);
  });

  it('reports 401 as an authentication error, once, naming where the key lives', async () => {
    // Prepare
    await simulator.close();
    simulator = await startSimulator({ now: () => new Date(NOW), apiKey: 'the-right-key' });

    // Act
    const failure = client().list(messagingToday);

    // Assess
    await expect(failure).rejects.toBeInstanceOf(TelnyxAuthError);
    await expect(failure).rejects.toThrow(/SSM parameter \/telnyx-cost-alert\/api-key/);
    expect(simulator.requests).toHaveLength(1);
  });

  it('does not retry a 403 (from options: the key refused; from a usage query: that product refused)', async () => {
    // Prepare
    simulator.injectFault({ status: 403 });
    simulator.injectFault({ status: 403 });

    // Act & Assess
    await expect(client().costProducts()).rejects.toBeInstanceOf(TelnyxForbiddenError);
    await expect(client().list(messagingToday)).rejects.toBeInstanceOf(TelnyxProductForbiddenError);
    expect(simulator.requests).toHaveLength(2);
  });

  it('puts the detail of a 400 error body in the message and keeps the record', async () => {
    // Act: sip-trunking has no metric "parts"
    const failure = client().list({ product: 'sip-trunking', dimensions: ['currency'], metrics: ['parts'], window: TODAY });

    // Assess
    await expect(failure).rejects.toBeInstanceOf(TelnyxRequestError);
    await expect(failure).rejects.toThrow(/^Telnyx rejected metrics for sip-trunking \(HTTP 400\): Available metrics values for sip-trunking: .*cost/);
    await expect(failure).rejects.toMatchObject({ errors: [expect.objectContaining({ code: '10003', parameter: 'metrics' })] });
    expect(simulator.requests).toHaveLength(1);
  });

  it('reads cost sent as a numeric string exactly', async () => {
    // Prepare
    await simulator.close();
    simulator = await startSimulator({
      now: () => new Date(NOW),
      rowsFor: () => [
        { product: 'messaging', currency: 'USD', cost: '0.000800' },
        { product: 'messaging', currency: 'USD', cost: '12.5' },
      ],
    });

    // Act
    const rows = await client().list(messagingToday);

    // Assess
    expect(rows.map((row) => row.cost)).toEqual([800_000n, 12_500_000_000n]);
  });

  it('names the product and row of a cost that is not a number', async () => {
    // Prepare
    simulator.injectFault({
      status: 200,
      body: JSON.stringify({
        data: [
          { currency: 'USD', cost: 1 },
          { currency: 'USD', cost: 'n/a' },
        ],
        meta: { page_number: 1, total_pages: 1 },
      }),
    });

    // Act & Assess
    await expect(client().list(messagingToday)).rejects.toThrow(
      new TelnyxResponseError('Telnyx sent a cost that is not a number in row 1 of page 1 of messaging usage: "n/a"', 'messaging'),
    );
  });

  it('gives a clear error for a malformed JSON body', async () => {
    // Prepare
    simulator.injectFault({ status: 200, body: '{"data": [' });

    // Act
    const failure = client().list(messagingToday);

    // Assess
    await expect(failure).rejects.toBeInstanceOf(TelnyxResponseError);
    await expect(failure).rejects.toThrow(/page 1 of messaging usage with a body that is not JSON/);
  });

  it.each([
    ['over 31 days', { start: new Date('2026-10-01T00:00:00Z'), end: new Date('2026-11-01T00:00:01Z') }, /more than 31 days/],
    ['empty', { start: TODAY.start, end: TODAY.start }, /is empty/],
    ['backwards', { start: TODAY.end, end: TODAY.start }, /is empty/],
    ['not whole seconds', { start: TODAY.start, end: new Date(TODAY.end.getTime() + 1) }, /whole seconds/],
  ])('refuses a window %s before sending anything', async (_name, window, message) => {
    // Act & Assess
    await expect(client().list({ ...messagingToday, window })).rejects.toThrow(message);
    await expect(client().list({ ...messagingToday, window })).rejects.toBeInstanceOf(UsageQueryError);
    expect(simulator.requests).toHaveLength(0);
  });

  it('accepts a window of exactly 31 days', async () => {
    // Act
    await client().list({ ...messagingToday, window: { start: new Date('2026-10-01T00:00:00Z'), end: new Date('2026-11-01T00:00:00Z') } });

    // Assess
    expect(simulator.requests).toHaveLength(1);
  });

  it('reaches the rest of the contract: date_range and sort, JSON only', async () => {
    // Act
    const rows = await client().list({ product: 'messaging', dimensions: ['direction', 'currency'], metrics: ['cost'], dateRange: 'today', sort: ['-cost'] });

    // Assess
    expect(simulator.requests[0]!.query.get('date_range')).toBe('today');
    expect(simulator.requests[0]!.query.get('sort')).toBe('-cost');
    expect(simulator.requests[0]!.query.has('format')).toBe(false);
    expect(simulator.requests[0]!.headers['accept']).toBe('application/json');
    const costs = rows.map((row) => row.cost ?? 0n);
    expect(costs).toEqual([...costs].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
    expect(rows.length).toBeGreaterThan(1);
  });

  it('refuses an unknown date_range literal before sending', async () => {
    // Act & Assess
    await expect(client().list({ ...messagingToday, window: undefined, dateRange: 'fortnight' })).rejects.toThrow(/date_range "fortnight"/);
    expect(simulator.requests).toHaveLength(0);
  });

  it('lists the products that have a cost metric', async () => {
    // Act
    const all = await client().productOptions();
    const withCost = await client().costProducts();

    // Assess
    expect(withCost).toEqual(expect.arrayContaining(['messaging', 'sip-trunking']));
    expect(withCost).toEqual([...withCost].sort());
    const without = all.filter((entry) => !entry.metrics.includes('cost')).map((entry) => entry.product);
    expect(without.length).toBeGreaterThan(0);
    for (const product of without) expect(withCost).not.toContain(product);
    expect(simulator.requests[0]!.path).toBe('/v2/usage_reports/options');
  });

  it('times out a hanging attempt and retries it', async () => {
    // Prepare: the first answer never comes; its attempt's timer fires once the simulator holds the request (no
    // real wait, so a slow machine cannot time out the retry too), the retry's timer never does
    const firstTimer = new AbortController();
    simulator.injectFault({ hang: true, onArrival: () => firstTimer.abort(new DOMException('The operation timed out.', 'TimeoutError')) });
    const timeouts: number[] = [];
    const attemptSignal = (timeoutMs: number) => {
      timeouts.push(timeoutMs);
      return timeouts.length === 1 ? firstTimer.signal : new AbortController().signal;
    };
    const { lines, log } = recordingLog();

    // Act
    const rows = await client({ attemptTimeoutMs: 200, attemptSignal, log }).list(messagingToday);

    // Assess: each attempt had the 200 ms timer; the timed-out one was retried after the backoff
    expect(rows.length).toBeGreaterThan(0);
    expect(simulator.requests).toHaveLength(2);
    expect(timeouts).toEqual([200, 200]);
    expect(time.state.waits).toEqual([500]);
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toContainEqual(
      expect.objectContaining({ level: 'warn', message: 'Telnyx request failed; retrying', error: 'TelnyxNetworkError' }),
    );
  });

  it('never shows the API key in errors or logs', async () => {
    // Prepare: every failure path, including a server that echoes the key back
    const { lines, log } = recordingLog();
    const errors: unknown[] = [];
    const attempt = async (run: () => Promise<unknown>) => {
      try {
        await run();
      } catch (error) {
        errors.push(error);
      }
    };
    const c = client({ log, maxAttempts: 2, attemptTimeoutMs: 200 });
    simulator.injectFault({ status: 400, body: JSON.stringify({ errors: [{ code: '10015', title: 'Bad request', detail: `token ${API_KEY} is odd` }] }) });
    await attempt(() => c.list(messagingToday));
    simulator.injectFault({ status: 401 });
    await attempt(() => c.list(messagingToday));
    simulator.injectFault({ status: 503, times: 2 });
    await attempt(() => c.list(messagingToday));
    simulator.injectFault({ hang: true, times: 2 });
    await attempt(() => c.list(messagingToday));
    simulator.injectFault({ status: 200, body: `not json ${API_KEY}` });
    await attempt(() => c.list(messagingToday));
    await attempt(() => new TelnyxUsageClient({ apiKey: API_KEY, baseUrl: 'http://127.0.0.1:1/v2', maxAttempts: 1 }).list(messagingToday));

    // Assess
    expect(errors).toHaveLength(6);
    expect(errors[5]).toBeInstanceOf(TelnyxNetworkError);
    for (const error of errors) expect(everythingIn(error)).not.toContain(API_KEY);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).not.toContain(API_KEY);
    expect(everythingIn(errors[0])).toContain('token *** is odd');
  });

  it('reads on to an empty page when the answer has no meta (a short page proves nothing)', async () => {
    // Prepare: two pages without meta, the first short of the 5000 asked
    simulator.injectFault({ status: 200, body: JSON.stringify({ data: [{ currency: 'USD', cost: 1 }] }) });
    simulator.injectFault({ status: 200, body: JSON.stringify({ data: [{ currency: 'USD', cost: 2 }] }) });
    simulator.injectFault({ status: 200, body: JSON.stringify({ data: [] }) });

    // Act
    const rows = await client().list(messagingToday);

    // Assess
    expect(rows.map((row) => row.cost)).toEqual([1_000_000_000n, 2_000_000_000n]);
    expect(simulator.requests).toHaveLength(3);
  });

  it('refuses an answer for another page than the one asked (a server ignoring page[number])', async () => {
    // Prepare
    const page1 = JSON.stringify({ data: [{ currency: 'USD', cost: 1 }], meta: { page_number: 1, total_pages: 2 } });
    simulator.injectFault({ status: 200, body: page1, times: 2 });

    // Act
    const seen: bigint[] = [];
    const reading = (async () => {
      for await (const rows of client().pages(messagingToday)) for (const row of rows) seen.push(row.cost ?? 0n);
    })();

    // Assess: the repeated page is refused before its rows reach the caller
    await expect(reading).rejects.toThrow(/answered page 1 when page 2 of messaging usage was asked for/);
    expect(seen).toEqual([1_000_000_000n]);
  });

  it('treats an options answer without any cost product as an error, not as nothing to watch', async () => {
    // Prepare
    simulator.injectFault({ status: 200, body: JSON.stringify({ data: [{ product: 'webrtc', product_dimensions: ['date'], product_metrics: ['count'] }] }) });

    // Act & Assess
    await expect(client().costProductOptions()).rejects.toThrow(/none with a cost metric/);
  });

  it('keeps even a fragment of the key out of a message built from a body that echoes it', async () => {
    // Prepare: a proxy answering with the request headers, the key past the first characters of the body
    simulator.injectFault({ status: 400, body: `<html>Authorization: Bearer ${API_KEY}</html>` });
    simulator.injectFault({ status: 200, body: `<html>Authorization: Bearer ${API_KEY}</html>` });

    // Act
    const errors = await Promise.all([
      client()
        .list(messagingToday)
        .catch((e: unknown) => e),
      client()
        .list(messagingToday)
        .catch((e: unknown) => e),
    ]);

    // Assess: not even the key's first 8 characters
    for (const error of errors) {
      expect(error).toBeInstanceOf(Error);
      expect(everythingIn(error)).not.toContain(API_KEY.slice(0, 8));
    }
  });
});

describe('TelnyxUsageClient concurrency', () => {
  let server: Server;
  let active = 0;
  let peak = 0;
  let served = 0;
  let onRequest: (() => void) | undefined;
  /** The round of requests whose first is answered 429 (a pause of 1 ms), while it is arriving. */
  let throttledRound: Array<() => void> | undefined;
  const THROTTLED_ROUND = 4;
  /** The in-flight count each request after the throttled one finds. */
  let afterThrottle: number[] | undefined;

  beforeAll(async () => {
    // A server that holds each request for a few ms, so that overlapping requests overlap for sure.
    server = createServer((req, res) => {
      onRequest?.();
      const answer = () => {
        active--;
        served++;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ data: [{ product: 'x', currency: 'USD', cost: 1 }], meta: { page_number: 1, total_pages: 1 } }));
      };
      if (throttledRound !== undefined) {
        // The round sent together with the throttled request is answered only once all of it is in, however
        // slow the machine: the first arrival gets the 429, the others are held 15 ms longer. What is asserted
        // is then what the client sends after the 429, not how the scheduler raced.
        const round = throttledRound;
        if (round.length === 0) {
          round.push(() => {
            res.writeHead(429, { 'content-type': 'application/json', 'retry-after-ms': '1' });
            res.end(JSON.stringify({ errors: [{ code: '10011', title: 'Too many requests' }] }));
          });
        } else {
          active++;
          afterThrottle?.push(active);
          peak = Math.max(peak, active);
          round.push(answer);
        }
        if (round.length === THROTTLED_ROUND) {
          throttledRound = undefined;
          const [throttled, ...held] = round;
          throttled?.();
          setTimeout(() => held.forEach((release) => release()), 15);
        }
        return;
      }
      active++;
      afterThrottle?.push(active);
      peak = Math.max(peak, active);
      setTimeout(answer, 15);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it.each([1, 2, 3])('keeps at most %i requests in flight however many products are asked at once', async (bound) => {
    // Prepare
    peak = 0;
    served = 0;
    const { port } = server.address() as AddressInfo;
    const c = new TelnyxUsageClient({ apiKey: API_KEY, baseUrl: `http://127.0.0.1:${port}/v2`, maxConcurrency: bound });
    const products = ['messaging', 'sip-trunking', 'call-control', 'wireless', 'fax-api', 'verify-2fa', 'webrtc'];

    // Act
    const results = await Promise.all(products.map((product) => c.list({ ...messagingToday, product })));

    // Assess
    expect(results.flat()).toHaveLength(products.length);
    expect(served).toBe(products.length);
    expect(peak).toBe(bound);
  });

  it('halves the requests in flight after a 429: requests sent after it find at most 2 of 4 in flight', async () => {
    // Prepare: concurrency 4; the first request is answered 429
    peak = 0;
    served = 0;
    throttledRound = [];
    afterThrottle = [];
    const { port } = server.address() as AddressInfo;
    const c = new TelnyxUsageClient({ apiKey: API_KEY, baseUrl: `http://127.0.0.1:${port}/v2`, maxConcurrency: 4 });
    const products = ['messaging', 'sip-trunking', 'call-control', 'wireless', 'fax-api', 'verify-2fa', 'webrtc', 'inference'];

    // Act
    const results = await Promise.all(products.map((product) => c.list({ ...messagingToday, product })));

    // Assess: 4 sent at once (one answered 429, three held); each request sent after those finds at most one other still out
    expect(results.flat()).toHaveLength(products.length);
    const seen: number[] = (afterThrottle as number[] | undefined) ?? [];
    expect(seen.slice(0, 3)).toEqual([1, 2, 3]);
    expect(seen).toHaveLength(products.length);
    expect(Math.max(...seen.slice(3))).toBeLessThanOrEqual(2);
  });

  it('does not send a queued request once the deadline has passed', async () => {
    // Prepare: concurrency 1 and a fake clock that jumps past the deadline while the first request is out
    served = 0;
    const { port } = server.address() as AddressInfo;
    let now = NOW;
    const c = new TelnyxUsageClient({ apiKey: API_KEY, baseUrl: `http://127.0.0.1:${port}/v2`, maxConcurrency: 1, clock: () => now });
    const products = ['messaging', 'sip-trunking', 'call-control'];

    onRequest = () => {
      now = NOW + 5000;
    };

    // Act: all three queue at once; the deadline passes while the first is being served
    const outcomes = await Promise.all(
      products.map((product) =>
        c.list({ ...messagingToday, product }, { deadline: NOW + 1000 }).then(
          () => 'read',
          (error: unknown) => (error instanceof TelnyxDeadlineError ? 'deadline' : String(error)),
        ),
      ),
    );
    onRequest = undefined;

    // Assess: the request already out completes; the two still queued are never sent
    expect(outcomes).toEqual(['read', 'deadline', 'deadline']);
    expect(served).toBe(1);
  });
});
