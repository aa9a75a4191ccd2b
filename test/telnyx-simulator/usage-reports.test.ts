import { type RunningSimulator, startSimulator } from '../../functions/telnyx-simulator/server';
import { MANAGED_A, MANAGED_B, NOW, get, refusal, report, tinyAccount } from './tiny-account';

const TODAY_BY_DIRECTION_AND_CURRENCY = 'product=messaging&dimensions=direction,currency&metrics=cost';

describe('GET /v2/usage_reports', () => {
  let simulator: RunningSimulator;

  beforeAll(async () => {
    simulator = await startSimulator({ scenario: tinyAccount(), now: () => NOW });
  });

  afterAll(async () => {
    await simulator.close();
  });

  describe('required parameters', () => {
    it.each(['product', 'dimensions', 'metrics'])('answers 400 code 10004 naming %s when it is missing', async (missing) => {
      // Prepare
      const query = new URLSearchParams({ product: 'messaging', dimensions: 'direction', metrics: 'cost' });
      query.delete(missing);

      // Act
      const body = await refusal(simulator, query.toString());

      // Assess
      expect(body.errors).toEqual([
        expect.objectContaining({ code: '10004', source: { parameter: missing }, meta: { url: expect.stringContaining('10004') } }),
      ]);
    });

    it('names every missing parameter at once', async () => {
      const body = await refusal(simulator, '');

      expect(body.errors.map((error) => error.source?.parameter)).toEqual(['product', 'dimensions', 'metrics']);
    });

    it('refuses an unknown product with 10015', async () => {
      const body = await refusal(simulator, 'product=teleportation&dimensions=direction&metrics=cost');

      expect(body.errors[0]).toMatchObject({ code: '10015', source: { parameter: 'product' } });
    });

    it('refuses a metric the product lacks, listing the valid ones', async () => {
      const body = await refusal(simulator, 'product=sip-trunking&dimensions=direction&metrics=cost,parts');

      expect(body.errors[0]).toMatchObject({
        code: '10003',
        title: 'Metrics invalid values',
        detail: 'Available metrics values for sip-trunking: connected,cost,completed,call_sec,attempted,billed_sec.',
        source: { parameter: 'metrics' },
      });
    });

    it('refuses a dimension the product lacks, listing the valid ones', async () => {
      const body = await refusal(simulator, 'product=sip-trunking&dimensions=direction,message_type&metrics=cost');

      expect(body.errors[0]).toMatchObject({ code: '10003', title: 'Dimensions invalid values', source: { parameter: 'dimensions' } });
      expect(body.errors[0]?.detail).toMatch(/^Available dimensions values for sip-trunking: .*country_code/);
    });
  });

  describe('array parameters', () => {
    const expected = [
      { product: 'messaging', direction: 'inbound', currency: 'USD', cost: 0.0025 },
      { product: 'messaging', direction: 'outbound', currency: 'EUR', cost: 0.075 },
      { product: 'messaging', direction: 'outbound', currency: 'USD', cost: 0.6 },
    ];

    it.each([
      ['a plain comma', 'product=messaging&dimensions=direction,currency&metrics=cost'],
      ['a percent-encoded comma', 'product=messaging&dimensions=direction%2Ccurrency&metrics=cost'],
      ['repeated keys', 'product=messaging&dimensions=direction&dimensions=currency&metrics=cost'],
    ])('reads dimensions joined with %s', async (_how, query) => {
      const body = await report(simulator, query);

      expect(body.data).toEqual(expected);
    });

    it('reads several metrics and emits each per row', async () => {
      const body = await report(simulator, 'product=messaging&dimensions=direction&metrics=cost%2Cparts%2Ccount&filter[direction]=inbound');

      expect(body.data).toEqual([{ product: 'messaging', direction: 'inbound', cost: 0.0025, parts: 1, count: 1 }]);
    });
  });

  describe('time window', () => {
    it('includes start_date and excludes end_date', async () => {
      // Prepare: records at 00:00:00 (0.3) and 09:10:00 (0.1)
      const query = `${TODAY_BY_DIRECTION_AND_CURRENCY}&filter[currency]=USD&filter[direction]=outbound&start_date=2026-11-26T00:00:00Z&end_date=2026-11-26T09:10:00Z`;

      // Act
      const body = await report(simulator, query);

      // Assess
      expect(body.data).toEqual([{ product: 'messaging', direction: 'outbound', currency: 'USD', cost: 0.3 }]);
    });

    it('defaults to today (UTC) without date_range or dates, the same as date_range=today', async () => {
      const byDefault = await report(simulator, TODAY_BY_DIRECTION_AND_CURRENCY);
      const today = await report(simulator, `${TODAY_BY_DIRECTION_AND_CURRENCY}&date_range=today`);
      const explicit = await report(simulator, `${TODAY_BY_DIRECTION_AND_CURRENCY}&start_date=2026-11-26T00:00:00Z&end_date=2026-11-27T00:00:00Z`);

      expect(today.data).toEqual(explicit.data);
      expect(byDefault.data).toEqual(today.data);
      expect(today.data).toContainEqual({ product: 'messaging', direction: 'outbound', currency: 'USD', cost: 0.6 });
    });

    it.each([
      ['yesterday', 1.5],
      ['this_month', 4.1],
      ['last_month', 9],
      ['last_1_days', 2.1],
      ['last_1_weeks', 2.1],
      ['last_6_hours', 0.2],
      // Thursday 26 November: the week started on Monday the 23rd
      ['this_week', 2.1],
      ['last_1_months', 13.1],
      ['this_year', 13.1],
    ])('sums outbound USD over date_range=%s', async (dateRange, cost) => {
      const body = await report(simulator, `${TODAY_BY_DIRECTION_AND_CURRENCY}&filter[currency]=USD&filter[direction]=outbound&date_range=${dateRange}`);

      expect(body.data).toEqual([{ product: 'messaging', direction: 'outbound', currency: 'USD', cost }]);
    });

    it('answers no rows for a window without usage (last_week: 16-22 November)', async () => {
      const body = await report(simulator, `${TODAY_BY_DIRECTION_AND_CURRENCY}&date_range=last_week`);

      expect(body).toEqual({ data: [], meta: { page_number: 1, page_size: 20, total_pages: 0, total_results: 0 } });
    });

    it.each([
      ['more than 31 days apart', 'start_date=2026-10-01T00:00:00Z&end_date=2026-11-01T00:00:01Z', 'end_date'],
      ['end before start', 'start_date=2026-11-26T00:00:00Z&end_date=2026-11-25T00:00:00Z', 'end_date'],
      ['end equal to start', 'start_date=2026-11-26T00:00:00Z&end_date=2026-11-26T00:00:00Z', 'end_date'],
      ['a date without seconds', 'start_date=2026-11-26T00:00Z&end_date=2026-11-27T00:00:00Z', 'start_date'],
      ['a date with milliseconds', 'start_date=2026-11-26T00:00:00Z&end_date=2026-11-27T00:00:00.000Z', 'end_date'],
      ['a date that does not exist', 'start_date=2026-02-30T00:00:00Z&end_date=2026-03-02T00:00:00Z', 'start_date'],
      ['an unknown date_range', 'date_range=fortnight', 'date_range'],
      ['date_range together with dates', 'date_range=today&start_date=2026-11-26T00:00:00Z&end_date=2026-11-27T00:00:00Z', 'date_range'],
    ])('refuses %s', async (_case, window, parameter) => {
      const body = await refusal(simulator, `${TODAY_BY_DIRECTION_AND_CURRENCY}&${window}`);

      expect(body.errors[0]?.source?.parameter).toBe(parameter);
    });

    it('accepts exactly 31 days', async () => {
      const body = await report(
        simulator,
        `${TODAY_BY_DIRECTION_AND_CURRENCY}&filter[currency]=USD&filter[direction]=outbound&start_date=2026-10-27T00:00:00Z&end_date=2026-11-27T00:00:00Z`,
      );

      expect(body.data).toEqual([{ product: 'messaging', direction: 'outbound', currency: 'USD', cost: 13.1 }]);
    });

    it('asks for end_date when only start_date is given', async () => {
      const body = await refusal(simulator, `${TODAY_BY_DIRECTION_AND_CURRENCY}&start_date=2026-11-26T00:00:00Z`);

      expect(body.errors[0]).toMatchObject({ code: '10004', source: { parameter: 'end_date' } });
    });

    it('breaks a window out per UTC day and per UTC hour', async () => {
      const daily = await report(simulator, 'product=messaging&dimensions=date,currency&metrics=cost&filter[currency]=USD&date_range=this_month');
      const hourly = await report(simulator, 'product=messaging&dimensions=date_time,direction&metrics=cost&filter[direction]=outbound&date_range=today');

      expect(daily.data).toEqual([
        { product: 'messaging', date: '2026-11-03', currency: 'USD', cost: 2 },
        { product: 'messaging', date: '2026-11-25', currency: 'USD', cost: 1.5 },
        { product: 'messaging', date: '2026-11-26', currency: 'USD', cost: 0.6025 },
      ]);
      expect(hourly.data.map((row) => [row.date_time, row.cost])).toEqual([
        ['2026-11-26T00:00:00Z', 0.3],
        ['2026-11-26T09:00:00Z', 0.1],
        ['2026-11-26T11:00:00Z', 0.075],
        ['2026-11-26T14:00:00Z', 0.2],
      ]);
    });
  });

  describe('filters', () => {
    it('keeps only rows matching every filter', async () => {
      const body = await report(simulator, `${TODAY_BY_DIRECTION_AND_CURRENCY}&filter[direction]=outbound&filter%5Bcurrency%5D=EUR`);

      expect(body.data).toEqual([{ product: 'messaging', direction: 'outbound', currency: 'EUR', cost: 0.075 }]);
    });

    it('refuses a filter on a dimension not listed in dimensions, naming it', async () => {
      const body = await refusal(simulator, 'product=messaging&dimensions=direction&metrics=cost&filter[currency]=USD');

      expect(body.errors[0]?.source?.parameter).toBe('filter[currency]');
      expect(body.errors[0]?.detail).toContain("'currency' must also be listed in dimensions");
    });

    it('refuses a filter sent as one string (what an SDK does with filter: "filter[currency]=USD")', async () => {
      const body = await refusal(simulator, `${TODAY_BY_DIRECTION_AND_CURRENCY}&filter=${encodeURIComponent('filter[currency]=USD')}`);

      expect(body.errors[0]?.source?.parameter).toBe('filter');
    });
  });

  describe('managed accounts', () => {
    it('reports the managed accounts per user_id', async () => {
      const body = await report(simulator, `${TODAY_BY_DIRECTION_AND_CURRENCY}&managed_accounts=true`);

      expect(body.data).toEqual([
        { product: 'messaging', user_id: MANAGED_A, direction: 'outbound', currency: 'USD', cost: 5 },
        { product: 'messaging', user_id: MANAGED_B, direction: 'outbound', currency: 'USD', cost: 7 },
      ]);
    });

    it('leaves managed accounts out otherwise', async () => {
      const body = await report(simulator, `${TODAY_BY_DIRECTION_AND_CURRENCY}&managed_accounts=false`);

      expect(body.data.every((row) => row.user_id === undefined)).toBe(true);
      expect(body.data).toContainEqual({ product: 'messaging', direction: 'outbound', currency: 'USD', cost: 0.6 });
    });
  });

  describe('exact sums', () => {
    it('sums 0.1 + 0.2 to exactly 0.3', async () => {
      const body = await get(
        simulator,
        '/usage_reports',
        `${TODAY_BY_DIRECTION_AND_CURRENCY}&filter[currency]=USD&filter[direction]=outbound&start_date=2026-11-26T09:00:00Z&end_date=2026-11-26T15:00:00Z`,
      );

      // the wire text, not a re-parsed float: 0.30000000000000004 would also parse "close to" 0.3
      expect(await body.text()).toContain('"cost":0.3}');
    });

    it('writes cost as a string when the scenario says so', async () => {
      // Prepare
      const stringly = await startSimulator({ scenario: tinyAccount({ costAsString: true }), now: () => NOW });

      // Act
      const body = await report(stringly, `${TODAY_BY_DIRECTION_AND_CURRENCY}&filter[currency]=USD&filter[direction]=outbound`).finally(() => stringly.close());

      // Assess
      expect(body.data).toEqual([{ product: 'messaging', direction: 'outbound', currency: 'USD', cost: '0.6' }]);
    });
  });

  describe('paging and order', () => {
    let capped: RunningSimulator;

    beforeAll(async () => {
      capped = await startSimulator({ scenario: tinyAccount(), now: () => NOW, pageSizeCap: 2 });
    });

    afterAll(async () => {
      await capped.close();
    });

    it('defaults to page 1 of 20', async () => {
      const body = await report(simulator, TODAY_BY_DIRECTION_AND_CURRENCY);

      expect(body.meta).toEqual({ page_number: 1, page_size: 20, total_pages: 1, total_results: 3 });
    });

    it('caps page[size] silently and says so in meta', async () => {
      const first = await report(capped, `${TODAY_BY_DIRECTION_AND_CURRENCY}&page[number]=1&page[size]=100`);
      const second = await report(capped, `${TODAY_BY_DIRECTION_AND_CURRENCY}&page%5Bnumber%5D=2&page%5Bsize%5D=100`);

      expect(first.meta).toEqual({ page_number: 1, page_size: 2, total_pages: 2, total_results: 3 });
      expect(first.data.map((row) => `${row.direction} ${row.currency}`)).toEqual(['inbound USD', 'outbound EUR']);
      expect(second.meta).toEqual({ page_number: 2, page_size: 2, total_pages: 2, total_results: 3 });
      expect(second.data.map((row) => `${row.direction} ${row.currency}`)).toEqual(['outbound USD']);
    });

    it('answers an empty page past the end', async () => {
      const body = await report(capped, `${TODAY_BY_DIRECTION_AND_CURRENCY}&page[number]=3&page[size]=2`);

      expect(body).toEqual({ data: [], meta: { page_number: 3, page_size: 2, total_pages: 2, total_results: 3 } });
    });

    it.each([
      ['page[size]=5001', 'page[size]'],
      ['page[size]=0', 'page[size]'],
      ['page[number]=0', 'page[number]'],
      ['page[number]=first', 'page[number]'],
    ])('refuses %s', async (page, parameter) => {
      const body = await refusal(simulator, `${TODAY_BY_DIRECTION_AND_CURRENCY}&${page}`);

      expect(body.errors[0]?.source?.parameter).toBe(parameter);
    });

    it('accepts page[size]=5000', async () => {
      const body = await report(simulator, `${TODAY_BY_DIRECTION_AND_CURRENCY}&page[size]=5000`);

      expect(body.meta.page_size).toBe(5000);
    });

    it('sorts by -cost when asked, by dimension values otherwise', async () => {
      const sorted = await report(simulator, `${TODAY_BY_DIRECTION_AND_CURRENCY}&sort=-cost`);
      const ascending = await report(simulator, `${TODAY_BY_DIRECTION_AND_CURRENCY}&sort=cost`);

      expect(sorted.data.map((row) => row.cost)).toEqual([0.6, 0.075, 0.0025]);
      expect(ascending.data.map((row) => row.cost)).toEqual([0.0025, 0.075, 0.6]);
    });

    it('refuses to sort by a field that is not in the report', async () => {
      const body = await refusal(simulator, `${TODAY_BY_DIRECTION_AND_CURRENCY}&sort=created_at`);

      expect(body.errors[0]?.source?.parameter).toBe('sort');
    });
  });

  describe('format=csv', () => {
    it('answers text/csv with a header line and 6-decimal metrics', async () => {
      const response = await get(simulator, '/usage_reports', `${TODAY_BY_DIRECTION_AND_CURRENCY}&format=csv`);

      expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(await response.text()).toBe(
        'direction,currency,product,cost\ninbound,USD,messaging,0.002500\noutbound,EUR,messaging,0.075000\noutbound,USD,messaging,0.600000\n',
      );
    });

    it('puts user_id first for managed accounts and pages like JSON', async () => {
      const response = await get(
        simulator,
        '/usage_reports',
        `${TODAY_BY_DIRECTION_AND_CURRENCY}&format=csv&managed_accounts=true&page[size]=1&page[number]=2`,
      );

      expect(await response.text()).toBe(`user_id,direction,currency,product,cost\n${MANAGED_B},outbound,USD,messaging,7.000000\n`);
    });
  });

  describe('rowsFor hook', () => {
    it('replaces aggregation with the rows it returns, still paged', async () => {
      // Prepare
      const seen: unknown[] = [];
      const generated = await startSimulator({
        scenario: tinyAccount(),
        now: () => NOW,
        rowsFor: (query) => {
          seen.push(query);
          return query.product === 'sip-trunking'
            ? Array.from({ length: 45 }, (_, index) => ({ product: 'sip-trunking', direction: `d${index}`, cost: index }))
            : undefined;
        },
      });

      // Act
      const hooked = await report(generated, 'product=sip-trunking&dimensions=direction&metrics=cost&page[number]=3&page[size]=20');
      const normal = await report(generated, TODAY_BY_DIRECTION_AND_CURRENCY).finally(() => generated.close());

      // Assess
      expect(hooked.meta).toEqual({ page_number: 3, page_size: 20, total_pages: 3, total_results: 45 });
      expect(hooked.data.map((row) => row.cost)).toEqual([40, 41, 42, 43, 44]);
      expect(normal.meta.total_results).toBe(3);
      expect(seen[0]).toMatchObject({ product: 'sip-trunking', dimensions: ['direction'], metrics: ['cost'], pageNumber: 3, pageSize: 20 });
    });
  });
});
