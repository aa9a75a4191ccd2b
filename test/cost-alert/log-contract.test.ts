/** The log lines the dashboard reads (docs/how-it-works.md, "Logs"): names and fields kept. */
import { CheckFailedError, checkUseCase, runCheck } from '../../functions/cost-alert/use-cases/check/run-check';
import { invoke } from '../../functions/cost-alert/use-cases/invoke';
import { TelnyxServerError } from '../../functions/cost-alert/telnyx/errors';
import { checkDependencies, fakeUsage, row, thresholdStore } from './fakes';

describe('log contract', () => {
  it('"Evaluated" carries period state, currency and display amounts; "Alert published" carries the signal', async () => {
    const d = checkDependencies({
      at: '2026-11-30T00:10:00Z',
      thresholds: thresholdStore({ messaging: '{"daily": 50}' }),
      usage: fakeUsage(['messaging'], (q) =>
        q.window?.start.toISOString() === '2026-11-29T00:00:00.000Z' ? [row('messaging', '70.125')] : [row('messaging', '1')],
      ).source,
    });

    await runCheck(d);

    expect(d.log.named('Evaluated')).toEqual([
      expect.objectContaining({
        product: 'messaging',
        period: 'daily',
        periodKey: '2026-11-30',
        periodState: 'current',
        currency: 'USD',
        spendAmount: 1,
        limitAmount: 50,
        alertLevel: 'ok',
        complete: true,
      }),
      expect.objectContaining({
        product: 'messaging',
        period: 'daily',
        periodKey: '2026-11-29',
        periodState: 'ended',
        currency: 'USD',
        spendAmount: 70.125,
        limitAmount: 50,
        alertLevel: 'critical',
        complete: true,
      }),
    ]);
    expect(d.log.named('Alert published')).toEqual([
      { key: 'breach|messaging|daily|2026-11-29|50 USD|', severity: 'critical', signal: 'limit', product: 'messaging', period: 'daily' },
    ]);
  });
});

describe('the check as the Lambda runs it', () => {
  function invokeCheck(usage: ReturnType<typeof fakeUsage>['source'], stats?: { requests: number; retries: number }[]) {
    const counts = stats ? [...stats] : undefined;
    const source = counts ? Object.defineProperty({ ...usage }, 'stats', { get: () => counts.shift() }) : usage;
    const d = checkDependencies({ at: '2026-11-26T14:00:00Z', thresholds: thresholdStore({ messaging: '{"daily": 50}' }), usage: source, lateUsageHours: 0 });
    const metrics: Array<[string, number]> = [];
    const keyRefused = jest.fn();
    const run = invoke(checkUseCase, d, { metrics: { addMetric: (name, _unit, value) => metrics.push([name, value]) }, onKeyRefused: keyRefused });
    return { d, run, metrics, keyRefused };
  }

  it('logs one "Check finished" line and the heartbeat metrics; Telnyx requests from the source\'s own counts when it keeps them', async () => {
    // Prepare: the source counted 10 requests (1 retry) before this run and 13 (2 retries) after it
    const { d, run, metrics } = invokeCheck(fakeUsage(['messaging'], () => [row('messaging', '60')]).source, [
      { requests: 10, retries: 1 },
      { requests: 13, retries: 2 },
    ]);

    // Act
    const result = await run;

    // Assess
    expect(result).toEqual({ checkedAt: '2026-11-26T14:00:00.000Z', evaluated: 1, alerts: { published: 1 }, queries: 1 });
    expect(d.log.named('Check finished')).toEqual([
      { ...result, durationMs: 0, telnyxRequests: 3, telnyxRetries: 1, failureCount: 0, alertsPublished: 1, failures: [] },
    ]);
    expect(metrics).toEqual([
      ['ChecksCompleted', 1],
      ['AlertsPublished', 1],
      ['CheckFailures', 0],
    ]);
  });

  it('counts the product list and the queries as Telnyx requests when the source keeps no counts, and fails the run after logging', async () => {
    // Prepare
    const { d, run, metrics } = invokeCheck(fakeUsage(['messaging'], () => new TelnyxServerError('Telnyx answered HTTP 503', 503, 'messaging')).source);

    // Act / Assess
    await expect(run).rejects.toBeInstanceOf(CheckFailedError);
    expect(d.log.named('Check finished')).toEqual([expect.objectContaining({ telnyxRequests: 2, failureCount: 2, alertsPublished: 1 })]);
    expect(metrics).toContainEqual(['CheckFailures', 2]);
  });
});
