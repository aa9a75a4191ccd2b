/**
 * The use case with in-memory ports: what is evaluated, what is alerted, and what fails the run.
 * (The same check over real HTTP, dynalite and mocked AWS is in test/integration.)
 */
import type { RunLog as CheckLog } from '../../functions/cost-alert/ports';
import type { CheckDependencies } from '../../functions/cost-alert/use-cases/check/check-run';
import { runCheck } from '../../functions/cost-alert/use-cases/check/run-check';
import type { RawParameter } from '../../functions/cost-alert/domain/types';
import { RecordingPublisher } from '../../functions/cost-alert/local/console-publisher';
import { MemoryAlertLedger } from '../../functions/cost-alert/local/memory-ledger';
import type { ThresholdStore, UsageSource } from '../../functions/cost-alert/ports';
import { TelnyxAuthError, TelnyxDeadlineError, TelnyxServerError } from '../../functions/cost-alert/telnyx/errors';
import { checkDependencies, fakeUsage, row } from './fakes';

const NOW = Date.parse('2026-11-26T14:00:00Z');
const PATH = '/telnyx-cost-alert/thresholds';

/** Usage per product for "today" (daily windows) and "this month" (monthly windows), as rows. */
function usage(
  byProduct: Record<string, { daily?: Array<[string, string, string?]>; monthly?: Array<[string, string, string?]> }>,
  failures: Record<string, Error> = {},
) {
  return fakeUsage(Object.keys(byProduct), (query) => {
    const isDaily = query.window !== undefined && query.window.end.getTime() - query.window.start.getTime() <= 24 * 3600_000;
    const answer = byProduct[query.product]?.[isDaily ? 'daily' : 'monthly'] ?? [];
    return failures[query.product] ?? answer.map(([cost, currency, direction]) => row(query.product, cost, currency, { direction: direction ?? 'outbound' }));
  });
}

function store(values: Record<string, string>): ThresholdStore & { fail?: Error } {
  return {
    path: PATH,
    describe: (product) => `${PATH}/${product}`,
    async load(): Promise<RawParameter[]> {
      if (this.fail) throw this.fail;
      return Object.entries(values).map(([product, value]) => ({ name: `${PATH}/${product}`, value }));
    },
  };
}

const quiet: CheckLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

function deps(overrides: Partial<CheckDependencies>) {
  return checkDependencies({ at: new Date(NOW).toISOString(), thresholds: store({}), usage: usage({}).source, log: quiet, ...overrides });
}

describe('runCheck', () => {
  it('reads the threshold parameters while Telnyx lists the products, not after', async () => {
    // Prepare: the product list answers only once the parameters are being read
    let parametersAsked: () => void = () => undefined;
    const asked = new Promise<void>((resolve) => (parametersAsked = resolve));
    const thresholds = store({ messaging: '50' });
    const load = thresholds.load.bind(thresholds);
    thresholds.load = () => (parametersAsked(), load());
    const source = usage({ messaging: { daily: [['60', 'USD']] } }).source;
    const list = source.costProductOptions.bind(source);
    source.costProductOptions = async (options) => (await asked, list(options));

    // Act
    const report = await runCheck(deps({ thresholds, usage: source }));

    // Assess
    expect(report.alerts.map((delivered) => delivered.alert.message.subject)).toEqual([
      '[CRITICAL] Telnyx messaging daily spend 60.00 USD reached limit 50.00 USD',
    ]);
  }, 10_000);

  it('sends only the highest level crossed, then nothing lower in the same period', async () => {
    // Prepare: 45 of 50 crosses 0.5 and 0.8 at once
    const d = deps({ thresholds: store({ messaging: '{"daily": 50, "warnAt": [0.5, 0.8]}' }), usage: usage({ messaging: { daily: [['45', 'USD']] } }).source });

    // Act
    const first = await runCheck(d);
    const second = await runCheck(d);

    // Assess
    expect(d.publisher.alerts.map((a) => [a.severity, a.rank])).toEqual([['warning', 800_000]]);
    expect(first.failures).toEqual([]);
    expect(second.alerts.map((a) => a.outcome)).toEqual(['already-sent']);
  });

  it('escalates from warning to critical when spend grows', async () => {
    // Prepare
    const ledger = new MemoryAlertLedger();
    const publisher = new RecordingPublisher();
    const thresholds = store({ messaging: '{"daily": 50, "warnAt": [0.8]}' });

    // Act
    await runCheck(deps({ ledger, publisher, thresholds, usage: usage({ messaging: { daily: [['41', 'USD']] } }).source }));
    await runCheck(deps({ ledger, publisher, thresholds, usage: usage({ messaging: { daily: [['50', 'USD']] } }).source }));
    await runCheck(deps({ ledger, publisher, thresholds, usage: usage({ messaging: { daily: [['60', 'USD']] } }).source }));

    // Assess: limit reached exactly is critical; nothing more after it
    expect(publisher.alerts.map((a) => a.severity)).toEqual(['warning', 'critical']);
  });

  it('sums the total over every product with a cost metric, per currency', async () => {
    // Prepare
    const { source, queries } = usage({
      messaging: {
        monthly: [
          ['400', 'USD'],
          ['900', 'EUR'],
        ],
      },
      'sip-trunking': { monthly: [['350', 'USD']] },
      'call-control': { monthly: [['100', 'USD']] },
    });
    const d = deps({ thresholds: store({ total: '{"monthly": 800}' }), usage: source });

    // Act
    const report = await runCheck(d);

    // Assess: 850 USD; the EUR never joins it
    expect(report.evaluations).toEqual([expect.objectContaining({ product: 'total', period: 'monthly', spendNanos: 850_000_000_000n, level: 'critical' })]);
    expect(queries.map((q) => q.product).sort()).toEqual(['call-control', 'messaging', 'sip-trunking']);
    expect(queries.every((q) => q.dimensions.includes('currency') && q.metrics.join() === 'cost')).toBe(true);
  });

  it('asks only for the periods the thresholds need, with the filter dimension', async () => {
    // Prepare
    const { source, queries } = usage({ messaging: {}, 'sip-trunking': {} });

    // Act
    await runCheck(deps({ thresholds: store({ messaging: '{"daily": 5, "filter": {"direction": "outbound"}}' }), usage: source }));

    // Assess
    expect(queries).toEqual([
      expect.objectContaining({
        product: 'messaging',
        dimensions: ['currency', 'direction'],
        window: { start: new Date('2026-11-26T00:00:00Z'), end: new Date('2026-11-26T14:00:00Z') },
      }),
    ]);
  });

  it('says when nothing is being watched', async () => {
    // Act
    const report = await runCheck(deps({}));

    // Assess
    expect(report.alerts).toEqual([expect.objectContaining({ alert: expect.objectContaining({ severity: 'error', product: 'all' }), outcome: 'published' })]);
    expect(report.alerts[0]?.alert.message.email).toContain(`${PATH}/messaging`);
    expect(report.failures).toHaveLength(1);
  });

  it('alerts when the thresholds cannot be read, and fails the run', async () => {
    // Prepare
    const thresholds = store({ messaging: '5' });
    thresholds.fail = new Error('AccessDeniedException: not allowed');
    const d = deps({ thresholds });

    // Act
    const report = await runCheck(d);

    // Assess
    expect(d.publisher.alerts.map((a) => [a.severity, a.product])).toEqual([['error', 'all']]);
    expect(report.failures).toEqual(['AccessDeniedException: not allowed']);
  });

  it('still alerts on a product whose partial usage already crosses the limit, and fails for the unknown rest', async () => {
    // Prepare: the total needs three products; one of them is down
    const { source } = usage(
      { messaging: { daily: [['70', 'USD']] }, 'sip-trunking': { daily: [['1', 'USD']] }, wireless: {} },
      { wireless: new TelnyxServerError('Telnyx failed to answer for wireless usage (HTTP 503)', 503, 'wireless') },
    );
    const d = deps({ thresholds: store({ total: '60', 'sip-trunking': '{"daily": 10}' }), usage: source });

    // Act
    const report = await runCheck(d);

    // Assess: 71 of the total already crosses 60; the wireless error is alerted; the run fails
    expect(d.publisher.alerts.map((a) => [a.severity, a.product]).sort()).toEqual([
      ['critical', 'total'],
      ['error', 'wireless'],
    ]);
    expect(report.evaluations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ product: 'total', complete: false, level: 'critical' }),
        expect.objectContaining({ product: 'sip-trunking', complete: true }),
      ]),
    );
    expect(report.failures).toEqual([expect.stringMatching(/^wireless: Telnyx failed/)]);
  });

  it('fails the total it cannot decide, without a false alarm', async () => {
    // Prepare
    const { source } = usage({ messaging: { daily: [['10', 'USD']] }, wireless: {} }, { wireless: new TelnyxServerError('down', 503, 'wireless') });
    const d = deps({ thresholds: store({ total: '60' }), usage: source });

    // Act
    const report = await runCheck(d);

    // Assess
    expect(d.publisher.alerts.map((a) => a.severity)).toEqual(['error']);
    expect(report.failures).toEqual(expect.arrayContaining([expect.stringMatching(/total daily: not evaluated/)]));
  });

  it('stops at the first authentication error with one alert for all', async () => {
    // Prepare
    const refused = new TelnyxAuthError('Telnyx did not accept the API key (HTTP 401)', 401, undefined);
    const source: UsageSource = {
      costProductOptions: () => Promise.reject(refused),
      pages: () => {
        throw new Error('must not query');
      },
    };
    const d = deps({ thresholds: store({ messaging: '5', 'sip-trunking': '5' }), usage: source });

    // Act
    const report = await runCheck(d);

    // Assess
    expect(d.publisher.alerts.map((a) => [a.severity, a.product])).toEqual([['error', 'all']]);
    expect(report.queries).toBe(0);
    expect(report.failures).toHaveLength(1);
  });

  it('keeps evaluating the others when one parameter is invalid, and says what a valid value looks like', async () => {
    // Prepare
    const d = deps({
      thresholds: store({ messaging: '{"daily": -5}', 'sip-trunking': '3' }),
      usage: usage({ messaging: {}, 'sip-trunking': { daily: [['4', 'USD']] } }).source,
    });

    // Act
    const report = await runCheck(d);

    // Assess
    expect(d.publisher.alerts.map((a) => [a.severity, a.product]).sort()).toEqual([
      ['critical', 'sip-trunking'],
      ['error', 'messaging'],
    ]);
    const error = d.publisher.alerts.find((a) => a.severity === 'error');
    expect(error?.message.email).toContain(`${PATH}/messaging`);
    expect(report.failures).toHaveLength(1);
  });

  it('skips a disabled threshold', async () => {
    // Prepare
    const { source, queries } = usage({ messaging: { daily: [['99', 'USD']] } });

    // Act
    const report = await runCheck(deps({ thresholds: store({ messaging: '{"daily": 5, "enabled": false}' }), usage: source }));

    // Assess
    expect(queries).toHaveLength(0);
    expect(report.alerts).toHaveLength(0);
    expect(report.failures).toEqual([]);
  });

  it('refuses a filter on a dimension the product lacks, and still checks the total with that product', async () => {
    // Prepare: "Direction" is not a dimension (Telnyx would refuse the query, losing the product for the total too)
    const { source, queries } = usage({ messaging: { daily: [['70', 'USD']] }, 'sip-trunking': { daily: [['1', 'USD']] } });
    const d = deps({ thresholds: store({ messaging: '{"daily": 100, "filter": {"Direction": "outbound"}}', total: '50' }), usage: source });

    // Act
    const report = await runCheck(d);

    // Assess
    expect(d.publisher.alerts.map((a) => [a.severity, a.product]).sort()).toEqual([
      ['critical', 'total'],
      ['error', 'messaging'],
    ]);
    expect(d.publisher.alerts.find((a) => a.severity === 'error')?.message.email).toContain('did you mean "direction"?');
    expect(queries.every((q) => !q.dimensions.includes('Direction'))).toBe(true);
    expect(report.failures).toHaveLength(1);
  });

  it('reports running out of time once for the run, not once per product', async () => {
    // Prepare
    const late = (product: string) => new TelnyxDeadlineError(`No time left to read ${product} usage from Telnyx`, product);
    const { source } = usage(
      { messaging: {}, 'sip-trunking': {}, wireless: {} },
      { messaging: late('messaging'), 'sip-trunking': late('sip-trunking'), wireless: late('wireless') },
    );
    const d = deps({ thresholds: store({ messaging: '5', 'sip-trunking': '5', wireless: '5' }), usage: source });

    // Act
    const report = await runCheck(d);

    // Assess
    expect(d.publisher.alerts.map((a) => [a.severity, a.product])).toEqual([['error', 'all']]);
    expect(d.publisher.alerts[0]?.message.email).toContain('messaging, sip-trunking, wireless');
    expect(report.failures.length).toBeGreaterThanOrEqual(1);
  });

  it('does not call a total complete when the product list could not be read', async () => {
    // Prepare: the options call fails; the per-product threshold is still read
    const { source } = usage({ messaging: { daily: [['10', 'USD']] } });
    const failing: UsageSource = { ...source, costProductOptions: () => Promise.reject(new TelnyxServerError('options down', 503, undefined)) };
    const d = deps({ thresholds: store({ messaging: '50', total: '60' }), usage: failing });

    // Act
    const report = await runCheck(d);

    // Assess
    expect(report.evaluations).toEqual([expect.objectContaining({ product: 'messaging', complete: true })]);
    expect(report.evaluations.some((e) => e.product === 'total')).toBe(false);
    expect(report.failures).toEqual(expect.arrayContaining([expect.stringMatching(/total threshold could not be checked/)]));
  });
});
