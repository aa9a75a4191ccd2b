/** Each phase of the check, tested alone. */
import { parseThresholds } from '../../functions/cost-alert/domain/threshold-judge';
import { startCheckRun as startRun, trackedPeriods } from '../../functions/cost-alert/use-cases/check/check-run';
import { evaluate, type Evaluator, planReads } from '../../functions/cost-alert/use-cases/check/evaluators';
import { limitEvaluator } from '../../functions/cost-alert/use-cases/check/limit-evaluator';
import { loadThresholds } from '../../functions/cost-alert/use-cases/check/load-thresholds';
import { reportReadFailures } from '../../functions/cost-alert/use-cases/check/read-failures';
import { listProducts } from '../../functions/cost-alert/use-cases/products';
import { readUsage, spendRead } from '../../functions/cost-alert/use-cases/usage-reads';
import { accountEvaluator } from '../../functions/cost-alert/use-cases/check/account-evaluator';
import { TelnyxAuthError, TelnyxServerError } from '../../functions/cost-alert/telnyx/errors';
import { checkDependencies, fakeUsage, PATH, row, thresholdStore } from './fakes';

const AT = '2026-11-26T14:00:00Z';

function thresholds(values: Record<string, string>) {
  return parseThresholds(
    Object.entries(values).map(([product, value]) => ({ name: `${PATH}/${product}`, value })),
    { path: PATH, knownProducts: undefined },
  ).thresholds;
}

describe('startRun', () => {
  it('tracks today and this month, and an ended day or month only within the grace time', () => {
    const keys = (at: string, hours: number) => trackedPeriods(new Date(at), 'UTC', hours).map((t) => `${t.period.kind} ${t.period.key} ${t.state}`);
    expect(keys('2026-11-26T14:00:00Z', 6)).toEqual(['daily 2026-11-26 current', 'monthly 2026-11 current']);
    expect(keys('2026-11-26T05:59:59Z', 6)).toEqual(['daily 2026-11-26 current', 'monthly 2026-11 current', 'daily 2026-11-25 ended']);
    expect(keys('2026-11-26T06:00:00Z', 6)).toEqual(['daily 2026-11-26 current', 'monthly 2026-11 current']);
    expect(keys('2026-12-01T00:05:00Z', 6)).toEqual(['daily 2026-12-01 current', 'monthly 2026-12 current', 'daily 2026-11-30 ended', 'monthly 2026-11 ended']);
    expect(keys('2026-12-01T00:05:00Z', 0)).toEqual(['daily 2026-12-01 current', 'monthly 2026-12 current']);
  });

  it('keeps a publish reserve before the deadline for the usage reads', () => {
    const run = startRun(checkDependencies({ at: AT, deadline: Date.parse(AT) + 60_000, publishReserveMs: 5_000 }));
    expect(run.usageDeadline).toBe(Date.parse(AT) + 55_000);
  });
});

describe('listProducts', () => {
  it('lists products with their dimensions', async () => {
    const run = startRun(checkDependencies({ at: AT, usage: fakeUsage(['voice', 'messaging'], () => []).source }));
    const products = await listProducts(run);
    expect(products.names).toEqual(['messaging', 'voice']);
    expect(products.options?.find((entry) => entry.product === 'voice')?.dimensions).toContain('direction');
    expect(run.problemAlerts).toEqual([]);
  });

  it('a refused key stops the reads and is one problem; another failure waits to be reported with the reads', async () => {
    const refused = startRun(checkDependencies({ at: AT, usage: fakeUsage(new TelnyxAuthError('401', 401, undefined), () => []).source }));
    const refusedList = await listProducts(refused);
    expect(refusedList).toMatchObject({ keyRefused: true });
    const unsent = await readUsage(
      refused,
      limitEvaluator.reads(refused, { thresholds: thresholds({ messaging: '50' }), products: refusedList }),
      refusedList.error,
    );
    expect(unsent).toMatchObject({ keyRefused: true, queries: 0 });
    reportReadFailures(refused, refusedList, unsent);
    expect(refused.problemAlerts.map((a) => a.message.subject)).toEqual(['[ERROR] Telnyx cost alert, all: Telnyx usage cannot be read']);

    const down = startRun(checkDependencies({ at: AT, usage: fakeUsage(new TelnyxServerError('503', 503, undefined), () => []).source }));
    const listed = await listProducts(down);
    expect(listed.keyRefused).toBe(false);
    expect(listed.names).toBeUndefined();
    expect(listed.error).toBeInstanceOf(TelnyxServerError);
    expect(down.problemAlerts).toEqual([]);
  });
});

describe('loadThresholds', () => {
  it('returns the valid thresholds and reports the invalid one', async () => {
    const run = startRun(checkDependencies({ at: AT, thresholds: thresholdStore({ messaging: '50', voice: '{"daily": "lots"}' }) }));
    const loaded = await loadThresholds(run, { keyRefused: false });
    expect(loaded.map((t) => t.product)).toEqual(['messaging']);
    expect(run.problemAlerts.map((a) => a.message.subject)).toEqual(['[ERROR] Telnyx cost alert, voice: Invalid threshold']);
  });
});

describe('planReads and readUsage', () => {
  it('plans one read per product and period, reads a read asked twice once, and marks the read that failed', async () => {
    const usage = fakeUsage(['messaging', 'voice'], (query) =>
      query.product === 'voice' ? new TelnyxServerError('503', 503, 'voice') : [row('messaging', '2')],
    );
    const run = startRun(checkDependencies({ at: AT, usage: usage.source }));
    const products = { names: ['messaging', 'voice'], keyRefused: false };
    const input = { thresholds: thresholds({ total: '{"daily": 10, "monthly": 100}' }), products };
    const reads = planReads(run, input, [limitEvaluator, limitEvaluator]);
    expect(reads.map((read) => `${read.product} ${read.key.split('|')[3]}`)).toEqual([
      'messaging 2026-11-26',
      'messaging 2026-11',
      'voice 2026-11-26',
      'voice 2026-11',
      'messaging 2026-11-26',
      'messaging 2026-11',
      'voice 2026-11-26',
      'voice 2026-11',
    ]);

    const results = await readUsage(run, reads);
    expect(results.queries).toBe(4);
    expect(results.keyRefused).toBe(false);
    expect(results.outcomes.map((outcome) => outcome.ok)).toEqual([true, true, false, false]);
    const messagingToday = spendRead('messaging', run.current('daily'), {}, run.now);
    expect(results.of(messagingToday).value.all.total('USD')).toBe(2_000_000_000n);
  });

  it("starts the managed accounts' reads before the key's own (their pages are many), and hands the outcomes back in the declared order", async () => {
    const usage = fakeUsage(['messaging'], () => [row('messaging', '2')]);
    const run = startRun(checkDependencies({ at: AT, usage: usage.source, lateUsageHours: 0 }));
    const input = {
      thresholds: thresholds({ messaging: '{"daily": 50, "managedAccounts": {"daily": 20}}' }),
      products: { names: ['messaging'], keyRefused: false },
    };

    const results = await readUsage(run, planReads(run, input, [limitEvaluator, accountEvaluator]));

    expect(usage.queries.map((query) => `${query.product} ${query.managedAccounts === true ? 'accounts' : 'own'}`)).toEqual([
      'messaging accounts',
      'messaging own',
    ]);
    expect(results.outcomes.map((outcome) => outcome.read.kind)).toEqual(['spend', 'accounts']);
  });
});

describe('reportReadFailures', () => {
  it('one product failing is its own alert; two failing for passing causes are one outage', async () => {
    const once = startRun(
      checkDependencies({
        at: AT,
        usage: fakeUsage(['messaging', 'voice'], (q) => (q.product === 'voice' ? new TelnyxServerError('503', 503, 'voice') : [])).source,
      }),
    );
    const products = { names: ['messaging', 'voice'], keyRefused: false };
    const input = { thresholds: thresholds({ messaging: '50', voice: '50' }), products };
    reportReadFailures(once, products, await readUsage(once, planReads(once, input, [limitEvaluator])));
    expect(once.problemAlerts.map((a) => a.product)).toEqual(['voice']);

    const twice = startRun(checkDependencies({ at: AT, usage: fakeUsage(['messaging', 'voice'], (q) => new TelnyxServerError('503', 503, q.product)).source }));
    reportReadFailures(twice, products, await readUsage(twice, planReads(twice, input, [limitEvaluator])));
    expect(twice.problemAlerts.map((a) => [a.product, a.message.subject])).toEqual([['all', '[ERROR] Telnyx cost alert, all: Telnyx server errors']]);
  });
});

describe('evaluate', () => {
  it('runs the limit evaluator on what was read, and any further evaluator beside it with the same results', async () => {
    const usage = fakeUsage(['messaging'], () => [row('messaging', '55')]);
    const run = startRun(checkDependencies({ at: AT, usage: usage.source, lateUsageHours: 0 }));
    const input = { thresholds: thresholds({ messaging: '50' }), products: { keyRefused: false } };
    const asked = spendRead('messaging', run.current('daily'), {}, run.now);
    const seen: bigint[] = [];
    const another: Evaluator = {
      reads: () => [asked],
      evaluate: (_run, _input, results) => {
        seen.push(results.of(asked).value.all.total('USD'));
        return { evaluations: [], alerts: [] };
      },
    };
    const evaluators = [limitEvaluator, another];
    const results = await readUsage(run, planReads(run, input, evaluators));

    const result = evaluate(run, input, results, evaluators);

    // One query: the limit's read and the other evaluator's are the same read.
    expect(usage.queries).toHaveLength(1);
    expect(result.alerts.map((a) => [a.severity, a.product, a.period])).toEqual([['critical', 'messaging', 'daily']]);
    expect(result.evaluations).toMatchObject([{ product: 'messaging', period: 'daily', periodState: 'current', complete: true, spendNanos: 55_000_000_000n }]);
    expect(seen).toEqual([55_000_000_000n]);
  });
});
