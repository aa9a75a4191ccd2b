/** Each phase of the check, tested alone. */
import { evaluate, type Evaluator } from '../../functions/cost-alert/check/evaluate';
import { limitEvaluator } from '../../functions/cost-alert/check/limits';
import { listProducts } from '../../functions/cost-alert/check/products';
import { startRun, trackedPeriods } from '../../functions/cost-alert/check/run';
import { loadThresholds } from '../../functions/cost-alert/check/thresholds';
import { planSpendReads, readUsage, SpendRead } from '../../functions/cost-alert/check/usage';
import { parseThresholds } from '../../functions/cost-alert/domain/threshold-judge';
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
    expect(run.problems).toEqual([]);
  });

  it('a refused key is one problem and stops the reads; another failure waits to be reported with the reads', async () => {
    const refused = startRun(checkDependencies({ at: AT, usage: fakeUsage(new TelnyxAuthError('401', 401, undefined), () => []).source }));
    expect(await listProducts(refused)).toMatchObject({ keyRefused: true });
    expect(refused.problems).toHaveLength(1);

    const down = startRun(checkDependencies({ at: AT, usage: fakeUsage(new TelnyxServerError('503', 503, undefined), () => []).source }));
    const listed = await listProducts(down);
    expect(listed.keyRefused).toBe(false);
    expect(listed.names).toBeUndefined();
    expect(listed.error).toBeInstanceOf(TelnyxServerError);
    expect(down.problems).toEqual([]);
  });
});

describe('loadThresholds', () => {
  it('returns the valid thresholds and reports the invalid one', async () => {
    const run = startRun(checkDependencies({ at: AT, thresholds: thresholdStore({ messaging: '50', voice: '{"daily": "lots"}' }) }));
    const loaded = await loadThresholds(run, { keyRefused: false });
    expect(loaded.map((t) => t.product)).toEqual(['messaging']);
    expect(run.problems.map((a) => a.message.subject)).toEqual(['[ERROR] Telnyx cost alert, voice: Invalid threshold']);
  });
});

describe('planSpendReads and readUsage', () => {
  it('plans one read per product and period, and marks the read that failed', async () => {
    const usage = fakeUsage(['messaging', 'voice'], (query) =>
      query.product === 'voice' ? new TelnyxServerError('503', 503, 'voice') : [row('messaging', '2')],
    );
    const run = startRun(checkDependencies({ at: AT, usage: usage.source }));
    const products = { names: ['messaging', 'voice'], keyRefused: false };
    const tasks = planSpendReads(run, thresholds({ total: '{"daily": 10, "monthly": 100}' }), products);
    expect(tasks.map((t) => `${t.product} ${t.tracked.period.key}`)).toEqual([
      'messaging 2026-11-26',
      'messaging 2026-11',
      'voice 2026-11-26',
      'voice 2026-11',
    ]);

    const read = await readUsage(run, tasks, products);
    expect(read).toEqual({ keyRefused: false, queries: 4 });
    expect(tasks.map((t) => t.ok)).toEqual([true, true, false, false]);
    expect(tasks[0]?.all.total('USD')).toBe(2_000_000_000n);
  });
});

describe('evaluate', () => {
  it('runs the limit evaluator on what was read, and any further evaluator beside it', () => {
    const run = startRun(checkDependencies({ at: AT }));
    const [threshold] = thresholds({ messaging: '50' });
    const read = new SpendRead('messaging', run.periods[0]!, {}, run.now);
    read.add([row('messaging', '55')]);
    const seen: number[] = [];
    const another: Evaluator = (_run, input) => {
      seen.push(input.tasks.length);
      return { evaluations: [], alerts: [] };
    };

    const result = evaluate(run, { thresholds: [threshold!], products: { keyRefused: false }, tasks: [read], usage: { keyRefused: false, queries: 1 } }, [
      limitEvaluator,
      another,
    ]);

    expect(result.alerts.map((a) => [a.severity, a.product, a.period])).toEqual([['critical', 'messaging', 'daily']]);
    expect(result.evaluations).toMatchObject([{ product: 'messaging', periodState: 'current', complete: true, spendNanos: 55_000_000_000n }]);
    expect(seen).toEqual([1]);
  });
});
