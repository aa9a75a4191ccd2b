/** The log lines the dashboard reads (PLAN "Shared contracts"): names and fields kept. */
import { runCheck } from '../../functions/cost-alert/use-cases/check/run-check';
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
