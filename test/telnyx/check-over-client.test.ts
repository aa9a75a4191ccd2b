/**
 * Issue 8.2 and 8.6 seen from the check: the real usage client against the simulator over HTTP, in-memory
 * ledger and publisher. What the client classifies must reach the check as "this product not read".
 */
import type { CheckDependencies } from '../../functions/cost-alert/use-cases/check/check-run';
import { runCheck } from '../../functions/cost-alert/use-cases/check/run-check';
import { RecordingPublisher } from '../../functions/cost-alert/local/console-publisher';
import { MemoryAlertLedger } from '../../functions/cost-alert/local/memory-ledger';
import type { ThresholdStore } from '../../functions/cost-alert/ports';
import { TelnyxUsageClient } from '../../functions/cost-alert/telnyx/usage-client';
import { type RunningSimulator, type SimulatorOptions, startSimulator } from '../../functions/telnyx-simulator/server';

const NOW = Date.parse('2026-11-26T14:00:00Z');
const PATH = '/telnyx-cost-alert/thresholds';

function store(values: Record<string, string>): ThresholdStore {
  return {
    path: PATH,
    describe: (product) => `${PATH}/${product}`,
    load: async () => Object.entries(values).map(([product, value]) => ({ name: `${PATH}/${product}`, value })),
  };
}

describe('the check over the real usage client', () => {
  let simulator: RunningSimulator;

  async function check(thresholds: Record<string, string>, options: SimulatorOptions = {}, prepare?: (s: RunningSimulator) => void) {
    simulator = await startSimulator({ now: () => new Date(NOW), ...options });
    prepare?.(simulator);
    const publisher = new RecordingPublisher();
    const deps: CheckDependencies = {
      thresholds: store(thresholds),
      usage: new TelnyxUsageClient({ apiKey: 'test-key', baseUrl: simulator.url, sleep: async () => undefined, random: () => 0 }),
      ledger: new MemoryAlertLedger(),
      publisher,
      clock: () => NOW,
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      timeZone: 'UTC',
    };
    const report = await runCheck(deps);
    await simulator.close();
    return { report, alerts: publisher.alerts };
  }

  it('a 403 on one product fails that product alone; the others are read and evaluated', async () => {
    // Act: a key that may not read wireless usage
    const { report, alerts } = await check({ messaging: '{"daily": 100000}', wireless: '{"daily": 100000}' }, { forbiddenProducts: ['wireless'] });

    // Assess
    expect(report.usageBlocked).toBe(false);
    expect(report.evaluations).toEqual([expect.objectContaining({ product: 'messaging', period: 'daily', complete: true })]);
    expect(alerts.map((alert) => [alert.product, alert.severity])).toEqual([['wireless', 'error']]);
    expect(alerts[0]?.message.email).toContain('Telnyx refused wireless usage to this API key (HTTP 403');
  });

  it('a product whose pages repeat is "not read": no alert on overcounted spend', async () => {
    // Prepare: the real spend of messaging today, and a limit between it and twice it
    const clean = await check({ messaging: '{"daily": 100000}' });
    const spend = clean.report.evaluations[0]?.spendNanos ?? 0n;
    expect(spend).toBeGreaterThan(0n);
    const limit = Number((spend * 3n) / 2n) / 1e9;

    // Act: a proxy that strips meta and ignores page[number]
    const { report, alerts } = await check({ messaging: JSON.stringify({ daily: limit }) }, {}, (s) =>
      s.injectFault({ match: { product: 'messaging' }, page: { ignorePageNumber: true, meta: null }, times: Infinity }),
    );

    // Assess: one error alert naming the repeat, no "reached"
    expect(alerts.map((alert) => [alert.product, alert.severity])).toEqual([['messaging', 'error']]);
    expect(alerts[0]?.message.email).toContain('repeats page 1');
    expect(report.evaluations.filter((evaluation) => evaluation.level !== undefined)).toEqual([]);
  });
});
