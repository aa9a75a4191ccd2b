/**
 * The usage client against the simulator over HTTP: paging that must add up, rows that count nothing, a 403 on
 * one product, and the key kept out of every text.
 */
import {
  isCredentialError,
  TelnyxAuthError,
  TelnyxForbiddenError,
  TelnyxIncompleteReadError,
  TelnyxProductForbiddenError,
  TelnyxRequestError,
  TelnyxResponseError,
  TelnyxServerError,
} from '../../functions/cost-alert/telnyx/errors';
import { type ClientLog, TelnyxUsageClient, type UsageClientOptions } from '../../functions/cost-alert/telnyx/usage-client';
import type { UsageQuery, UsageRow } from '../../functions/cost-alert/domain/usage';
import { type RunningSimulator, type SimulatorOptions, startSimulator } from '../../functions/telnyx-simulator/server';
import { everythingIn } from '../support/error-text';

const API_KEY = 'KEY0123-super-secret-telnyx-key';
const NOW = Date.parse('2026-11-26T14:00:00Z');
const TODAY = { start: new Date('2026-11-26T00:00:00Z'), end: new Date('2026-11-26T14:00:00Z') };
const messagingToday: UsageQuery = { product: 'messaging', dimensions: ['currency'], metrics: ['cost'], window: TODAY };

function recordingLog() {
  const lines: Array<Record<string, unknown>> = [];
  const log: ClientLog = {
    warn: (message, extra) => lines.push({ level: 'warn', message, ...extra }),
    debug: (message, extra) => lines.push({ level: 'debug', message, ...extra }),
  };
  return { lines, log };
}

/** The runs of 8 characters of the key (as sent, lower-cased, URL-encoded) that appear in `text`. */
function keyFragmentsIn(text: string, key: string): string[] {
  const lower = text.toLowerCase();
  const found: string[] = [];
  for (const form of [key, encodeURIComponent(key), new URLSearchParams({ k: key }).toString().slice(2)]) {
    for (let i = 0; i + 8 <= form.length; i++) {
      const run = form.slice(i, i + 8).toLowerCase();
      if (lower.includes(run)) found.push(run);
    }
  }
  return found;
}

function cents(count: number, product = 'messaging') {
  return Array.from({ length: count }, (_, i) => ({ product, currency: 'USD', user_id: `u${i}`, cost: 0.01 }));
}

/** Reads every page, keeping what was handed over before a failure. */
async function readAll(client: TelnyxUsageClient, query: UsageQuery): Promise<{ rows: UsageRow[]; error?: unknown }> {
  const rows: UsageRow[] = [];
  try {
    for await (const page of client.pages(query)) rows.push(...page);
    return { rows };
  } catch (error) {
    return { rows, error };
  }
}

const sum = (rows: readonly UsageRow[]) => rows.reduce((total, row) => total + (row.cost ?? 0n), 0n);

describe('the usage client against the simulator', () => {
  let simulator: RunningSimulator;

  async function restart(options: SimulatorOptions = {}) {
    await simulator?.close();
    simulator = await startSimulator({ now: () => new Date(NOW), ...options });
  }

  function client(options: Partial<UsageClientOptions> = {}) {
    return new TelnyxUsageClient({
      apiKey: API_KEY,
      baseUrl: simulator.url,
      apiKeySource: 'SSM parameter /telnyx-cost-alert/api-key',
      sleep: async () => undefined,
      random: () => 0,
      ...options,
    });
  }

  beforeEach(async () => {
    simulator = await startSimulator({ now: () => new Date(NOW) });
  });

  afterEach(async () => {
    await simulator.close();
  });

  describe('paging: a read whose pages do not add up is incomplete', () => {
    it('follows total_results past a total_pages that is too low (1 page announced of 12,000 rows)', async () => {
      // Prepare: 12,000 rows of 0.01 USD, every page claiming total_pages 1
      await restart({ rowsFor: () => cents(12_000) });
      simulator.injectFault({ page: { meta: { total_pages: 1 } }, times: Infinity });

      // Act
      const { rows, error } = await readAll(client(), messagingToday);

      // Assess: 120 USD, not the 50 of the first page
      expect(error).toBeUndefined();
      expect(rows).toHaveLength(12_000);
      expect(sum(rows)).toBe(120_000_000_000n);
      expect(simulator.requests.map((request) => request.query.get('page[number]'))).toEqual(['1', '2', '3']);
    });

    it('refuses an empty page before total_results, naming the product, the page and the count', async () => {
      // Prepare: 12 rows at 5 a page; page 2 comes back empty
      await restart({ rowsFor: () => cents(12), pageSizeCap: 5 });
      simulator.injectFault({ match: { page: 2 }, page: { empty: true } });

      // Act
      const { rows, error } = await readAll(client(), messagingToday);

      // Assess
      expect(error).toBeInstanceOf(TelnyxIncompleteReadError);
      expect(error).toMatchObject({ product: 'messaging', reason: 'short', page: 2, rowsAreLowerBound: true });
      expect((error as Error).message).toBe('Page 2 of messaging usage came back empty after 5 of the 12 rows Telnyx announced');
      expect(rows).toHaveLength(5);
    });

    it('refuses an empty page before total_pages when total_results is missing', async () => {
      // Prepare
      await restart({ rowsFor: () => cents(12), pageSizeCap: 5 });
      simulator.injectFault({ match: { page: 1 }, page: { meta: { total_results: undefined } } });
      simulator.injectFault({ match: { page: 2 }, page: { empty: true, meta: { total_results: undefined } } });

      // Act
      const { error } = await readAll(client(), messagingToday);

      // Assess
      expect(error).toBeInstanceOf(TelnyxIncompleteReadError);
      expect((error as Error).message).toBe('Page 2 of the 3 pages of messaging usage Telnyx announced came back empty');
    });

    it('refuses a page that repeats the one before, before its rows are handed on (no meta, page[number] ignored)', async () => {
      // Prepare: a proxy that strips meta and always serves page 1
      await restart({ rowsFor: () => cents(3) });
      simulator.injectFault({ page: { ignorePageNumber: true, meta: null }, times: Infinity });

      // Act
      const { rows, error } = await readAll(client(), messagingToday);

      // Assess: page 1 counted once, then the read fails at page 2
      expect(error).toBeInstanceOf(TelnyxIncompleteReadError);
      expect(error).toMatchObject({ reason: 'repeated-page', page: 2 });
      expect((error as Error).message).toMatch(/^Page 2 of messaging usage repeats page 1 \(the same 3 rows\)/);
      expect(rows).toHaveLength(3);
      expect(simulator.requests).toHaveLength(2);
    });

    it('refuses a page that repeats any earlier page, not only the one before (page 3 = page 1, total_results matching)', async () => {
      // Prepare: 10 rows of 3 USD (30 USD) at 5 a page; the server announces 15 rows over 3 pages and serves page 1 again as page 3
      await restart({ rowsFor: () => cents(10).map((row) => ({ ...row, cost: 3 })), pageSizeCap: 5 });
      const lie = { total_results: 15, total_pages: 3 };
      simulator.injectFault({ match: { page: 3 }, page: { repeatPage: 1, meta: lie } });
      simulator.injectFault({ page: { meta: lie }, times: 2 });

      // Act
      const { rows, error } = await readAll(client(), messagingToday);

      // Assess: 30 USD handed on, never the 45 of the repeat
      expect(error).toBeInstanceOf(TelnyxIncompleteReadError);
      expect(error).toMatchObject({ reason: 'repeated-page', page: 3, rowsAreLowerBound: true });
      expect((error as Error).message).toMatch(/^Page 3 of messaging usage repeats page 1 \(the same 5 rows\)/);
      expect(sum(rows)).toBe(30_000_000_000n);
      expect(simulator.requests.map((request) => request.query.get('page[number]'))).toEqual(['1', '2', '3']);
    });

    it('refuses a page with more rows than the page[size] asked (a server ignoring page[size]), before its rows are handed on', async () => {
      // Prepare: 12 rows; the client asks 5 a page, the server sends 20
      await restart({ rowsFor: () => cents(12) });
      simulator.injectFault({ page: { ignorePageSize: 20 }, times: Infinity });

      // Act
      const { rows, error } = await readAll(client({ pageSize: 5 }), messagingToday);

      // Assess
      expect(error).toBeInstanceOf(TelnyxIncompleteReadError);
      expect(error).toMatchObject({ reason: 'oversized-page', page: 1 });
      expect((error as Error).message).toMatch(/^Page 1 of messaging usage has 12 rows, more than the 5 asked for \(page\[size\]\)/);
      expect(rows).toHaveLength(0);
      expect(simulator.requests[0]?.query.get('page[size]')).toBe('5');
    });

    it('refuses more rows than total_results announced, before they are handed on', async () => {
      // Prepare
      await restart({ rowsFor: () => cents(4) });
      simulator.injectFault({ page: { meta: { total_results: 3 } } });

      // Act
      const { rows, error } = await readAll(client(), messagingToday);

      // Assess
      expect(error).toBeInstanceOf(TelnyxIncompleteReadError);
      expect(error).toMatchObject({ reason: 'too-many-rows', page: 1 });
      expect(rows).toHaveLength(0);
    });

    it('ends a runaway read without meta at the page budget, as an error whose rows are not a lower bound', async () => {
      // Prepare: rows that change from page to page, no meta, more pages than the budget of 5
      await restart({ rowsFor: () => cents(50), pageSizeCap: 2 });
      simulator.injectFault({ page: { meta: null }, times: Infinity });

      // Act
      const { rows, error } = await readAll(client({ maxPagesPerQuery: 5 }), messagingToday);

      // Assess
      expect(error).toBeInstanceOf(TelnyxIncompleteReadError);
      expect(error).toMatchObject({ reason: 'page-budget', page: 6, rowsAreLowerBound: false });
      expect((error as Error).message).toMatch(/^messaging usage was still going after 5 pages \(10 rows\)/);
      expect(rows).toHaveLength(10);
      expect(simulator.requests).toHaveLength(5);
    });

    it('refuses a read announced larger than the page budget before handing on any row', async () => {
      // Prepare: 30 rows at 5 a page = 6 pages, budget 5
      await restart({ rowsFor: () => cents(30), pageSizeCap: 5 });

      // Act
      const { rows, error } = await readAll(client({ maxPagesPerQuery: 5 }), messagingToday);

      // Assess
      expect(error).toMatchObject({ name: 'TelnyxIncompleteReadError', reason: 'page-budget', page: 1 });
      expect((error as Error).message).toBe('Telnyx announced 6 pages of messaging usage (30 rows), more than the 5 a query may take: it was not read');
      expect(rows).toHaveLength(0);
      expect(simulator.requests).toHaveLength(1);
    });

    it('takes an empty answer as no usage (total_results 0, or page 1 of 1 without total_results)', async () => {
      simulator.injectFault({ status: 200, body: JSON.stringify({ data: [], meta: { page_number: 1, page_size: 5000, total_pages: 0, total_results: 0 } }) });
      simulator.injectFault({ status: 200, body: JSON.stringify({ data: [], meta: { page_number: 1, total_pages: 1 } }) });

      await expect(client().list(messagingToday)).resolves.toEqual([]);
      await expect(client().list(messagingToday)).resolves.toEqual([]);
    });

    it('still reads a consistent answer of several pages to the end', async () => {
      await restart({ rowsFor: () => cents(12), pageSizeCap: 5 });

      const { rows, error } = await readAll(client({ maxPagesPerQuery: 3 }), messagingToday);

      expect(error).toBeUndefined();
      expect(rows).toHaveLength(12);
      expect(simulator.requests).toHaveLength(3);
    });
  });

  describe('rows that count nothing', () => {
    const byDirection: UsageQuery = { product: 'messaging', dimensions: ['currency', 'direction'], metrics: ['cost'], window: TODAY };

    it('counts a row with "cost": null or no cost as zero, keeps the other rows, and logs once per query', async () => {
      // Prepare: the same query without and with the faults
      const clean = await client().list(byDirection);
      expect(clean.length).toBeGreaterThanOrEqual(3);
      simulator.injectFault({ page: { nullCost: 1 } });
      simulator.injectFault({ page: { absentCost: 2 } });
      const { lines, log } = recordingLog();

      // Act
      const withNull = await client({ log }).list(byDirection);
      const withAbsent = await client({ log }).list(byDirection);

      // Assess
      expect(withNull).toHaveLength(clean.length);
      expect(withNull[0]?.cost).toBe(0n);
      expect(sum(withNull)).toBe(sum(clean) - (clean[0]?.cost ?? 0n));
      expect(sum(withAbsent)).toBe(sum(clean) - (clean[0]?.cost ?? 0n) - (clean[1]?.cost ?? 0n));
      expect(lines).toEqual([
        { level: 'warn', message: 'Telnyx sent usage rows without a cost; counted as zero', product: 'messaging', rows: 1 },
        { level: 'warn', message: 'Telnyx sent usage rows without a cost; counted as zero', product: 'messaging', rows: 2 },
      ]);
    });

    it('makes the read incomplete when rows with a cost have no currency, naming the product and the count', async () => {
      // Prepare: the sample's first row costs 0 (no currency needed), the next ones cost something
      const clean = await client().list(byDirection);
      expect(clean.map((row) => row.cost !== 0n)).toEqual([false, true, true, true]);
      simulator.injectFault({ page: { absentCurrency: 2 } });
      simulator.injectFault({ page: { emptyCurrency: 3 } });

      // Act
      const absent = await readAll(client(), byDirection);
      const empty = await readAll(client(), byDirection);

      // Assess
      expect(absent.error).toBeInstanceOf(TelnyxIncompleteReadError);
      expect(absent.error).toMatchObject({ product: 'messaging', reason: 'missing-currency' });
      expect((absent.error as Error).message).toBe(
        '1 row(s) of messaging usage carry a cost but no currency, so their spend cannot be counted in any currency',
      );
      expect((empty.error as Error).message).toMatch(/^2 row\(s\) of messaging usage carry a cost but no currency/);
    });

    it('accepts rows without a currency when they cost nothing, or when no currency was asked for', async () => {
      await restart({
        rowsFor: () => [
          { product: 'messaging', currency: '', cost: 0 },
          { product: 'messaging', cost: null },
          { product: 'messaging', currency: 'USD', cost: 1 },
        ],
      });

      const withCurrency = await readAll(client(), messagingToday);
      const withoutCurrency = await readAll(client(), { ...messagingToday, dimensions: ['direction'] });

      expect(withCurrency.error).toBeUndefined();
      expect(sum(withCurrency.rows)).toBe(1_000_000_000n);
      expect(withoutCurrency.error).toBeUndefined();
    });

    it('still refuses a cost that is not a number', async () => {
      await restart({ rowsFor: () => [{ product: 'messaging', currency: 'USD', cost: 'n/a' }] });

      await expect(client().list(messagingToday)).rejects.toBeInstanceOf(TelnyxResponseError);
    });
  });

  describe("a 403 on one product's usage is that product's problem, not the key's", () => {
    it('gives a per-product error for a 403 on a usage query, and reads the other products', async () => {
      // Prepare: a key whose role leaves sip-trunking out
      await restart({ forbiddenProducts: ['sip-trunking'] });
      const c = client();

      // Act
      const products = await c.costProducts();
      const sip = await c.list({ ...messagingToday, product: 'sip-trunking' }).catch((error: unknown) => error);
      const messaging = await c.list(messagingToday);

      // Assess
      expect(products).toContain('sip-trunking');
      expect(sip).toBeInstanceOf(TelnyxProductForbiddenError);
      expect(isCredentialError(sip)).toBe(false);
      expect(sip).toMatchObject({ product: 'sip-trunking', status: 403, code: '10010' });
      expect((sip as Error).message).toMatch(/^Telnyx refused sip-trunking usage to this API key \(HTTP 403, code 10010 Authorization failed/);
      expect((sip as Error).message).toContain('The other products are still read');
      expect(messaging.length).toBeGreaterThan(0);
      // Not retried
      expect(simulator.requests.filter((request) => request.query.get('product') === 'sip-trunking')).toHaveLength(1);
    });

    it('treats a 403 from the options endpoint, and a 401 anywhere, as the key refused', async () => {
      // Prepare
      simulator.injectFault({ match: { path: '/usage_reports/options' }, status: 403 });
      simulator.injectFault({ match: { path: '/usage_reports' }, status: 401 });

      // Act
      const options = await client()
        .costProducts()
        .catch((error: unknown) => error);
      const usage = await client()
        .list(messagingToday)
        .catch((error: unknown) => error);

      // Assess
      expect(options).toBeInstanceOf(TelnyxForbiddenError);
      expect(isCredentialError(options)).toBe(true);
      expect(usage).toBeInstanceOf(TelnyxAuthError);
      expect(isCredentialError(usage)).toBe(true);
    });
  });

  describe('key safety: redacted text, error text from fields, data never rewritten', () => {
    it('keeps a lower-cased echo of the key out of the error', async () => {
      // Prepare: a proxy answering 502 with the header lower-cased in a JSON detail
      simulator.injectFault({ echoAuthorization: { form: 'lowercase', json: true } });

      // Act
      const error = await client({ maxAttempts: 1 })
        .list(messagingToday)
        .catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(TelnyxServerError);
      expect((error as Error).message).toContain('authorization=bearer ***');
      expect(keyFragmentsIn(everythingIn(error), API_KEY)).toEqual([]);
    });

    it('keeps a URL-encoded and a form-encoded echo of the key out of the error', async () => {
      // Prepare: a key that URL-encoding changes
      const key = 'KEY01Ab/cD+eF=gH_iJ-kLmN0pQrSt~vWx';
      simulator.injectFault({ status: 400, echoAuthorization: { form: 'url-encoded', json: true } });
      simulator.injectFault({ status: 400, echoAuthorization: { form: 'form-encoded', json: true } });

      // Act
      const encoded = await client({ apiKey: key })
        .list(messagingToday)
        .catch((e: unknown) => e);
      const formEncoded = await client({ apiKey: key })
        .list(messagingToday)
        .catch((e: unknown) => e);

      // Assess
      expect(encoded).toBeInstanceOf(TelnyxRequestError);
      expect((encoded as Error).message).toContain('authorization=Bearer%20***');
      expect((formEncoded as Error).message).toContain('authorization=Bearer+***');
      expect(keyFragmentsIn(everythingIn(encoded), key)).toEqual([]);
      expect(keyFragmentsIn(everythingIn(formEncoded), key)).toEqual([]);
    });

    it('keeps a truncated echo (23 of 34 characters) out of the error', async () => {
      // Prepare
      const key = 'KEY0123456789abcdefghijklmnopqrstu';
      expect(key).toHaveLength(34);
      simulator.injectFault({ status: 400, echoAuthorization: { form: 'exact', truncateKeyTo: 23, json: true } });

      // Act
      const error = await client({ apiKey: key })
        .list(messagingToday)
        .catch((e: unknown) => e);

      // Assess
      expect((error as Error).message).toContain('authorization=Bearer ***');
      expect(keyFragmentsIn(everythingIn(error), key)).toEqual([]);
    });

    it('describes a body that is not JSON by its size, never by its text', async () => {
      // Prepare: an HTML page echoing the header, as an error and as a "success"
      simulator.injectFault({ echoAuthorization: { form: 'exact' } });
      simulator.injectFault({ status: 200, echoAuthorization: { form: 'exact' } });

      // Act
      const gateway = await client({ maxAttempts: 1 })
        .list(messagingToday)
        .catch((e: unknown) => e);
      const success = await client()
        .list(messagingToday)
        .catch((e: unknown) => e);

      // Assess
      expect((gateway as Error).message).toMatch(/^Telnyx failed to answer for messaging usage \(HTTP 502\): HTTP 502 with a non-JSON body of \d+ bytes$/);
      expect((success as Error).message).toMatch(/^Telnyx answered page 1 of messaging usage with a body that is not JSON \(\d+ bytes\)$/);
      for (const error of [gateway, success]) {
        expect(everythingIn(error)).not.toContain('<html');
        expect(keyFragmentsIn(everythingIn(error), API_KEY)).toEqual([]);
      }
    });

    it('never rewrites data: with the key "x", fax-api is read as fax-api, and "Bearer x" is still masked in an error', async () => {
      // Prepare
      const c = client({ apiKey: 'x' });
      simulator.injectFault({ match: { product: 'wireless' }, echoAuthorization: { form: 'exact', json: true } });

      // Act
      const products = await c.costProducts();
      const fax = await c.list({ product: 'fax-api', dimensions: ['currency'], metrics: ['cost'], window: TODAY });
      const echoed = await client({ apiKey: 'x', maxAttempts: 1 })
        .list({ ...messagingToday, product: 'wireless' })
        .catch((e: unknown) => e);

      // Assess
      expect(products).toContain('fax-api');
      expect(fax.length).toBeGreaterThan(0);
      expect(fax.every((row) => row.product === 'fax-api')).toBe(true);
      expect((echoed as Error).message).toContain('authorization=Bearer ***');
    });
  });

  describe('request counters for the "Check finished" line', () => {
    it('counts every request sent and the retries among them', async () => {
      // Prepare
      simulator.injectFault({ status: 503 });
      const c = client();

      // Act
      await c.list(messagingToday);
      await c.costProducts();

      // Assess
      expect(c.stats).toEqual({ requests: 3, retries: 1 });
    });
  });
});
