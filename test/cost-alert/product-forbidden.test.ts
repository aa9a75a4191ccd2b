/** A 403 on one product's usage query fails that product alone; only a refused key stops every read. */
import { runCheck } from '../../functions/cost-alert/use-cases/check/run-check';
import { isKeyRefused } from '../../functions/cost-alert/use-cases/errors';
import { TelnyxAuthError, TelnyxForbiddenError, TelnyxProductForbiddenError } from '../../functions/cost-alert/telnyx/errors';
import { checkDependencies, fakeUsage, row, thresholdStore } from './fakes';

const AT = '2026-11-26T14:00:00Z';

describe('a product refused, not the key', () => {
  it("a 403 on one product's usage query is that product's error alert; the others still alert; the total is incomplete", async () => {
    const forbidden = new TelnyxProductForbiddenError('Telnyx refused voice usage reports to this API key (HTTP 403)', 403, 'voice');
    const usage = fakeUsage(['messaging', 'voice'], (q) => (q.product === 'voice' ? forbidden : [row('messaging', '60')]));
    const d = checkDependencies({ at: AT, usage: usage.source, thresholds: thresholdStore({ messaging: '50', voice: '50', total: '{"daily": 100}' }) });

    const report = await runCheck(d);

    expect(d.publisher.alerts.map((a) => [a.severity, a.product])).toEqual([
      ['error', 'voice'],
      ['critical', 'messaging'],
    ]);
    expect(d.publisher.alerts[0]?.message.subject).toBe('[ERROR] Telnyx cost alert, voice: Usage could not be read');
    expect(report.usageBlocked).toBe(false);
    expect(report.evaluations.find((e) => e.product === 'total')).toBeUndefined();
    expect(report.failures).toContain('total daily: not evaluated, some of its usage could not be read');
  });

  it('a 401 anywhere, or a 403 from the options endpoint, is the key refused', () => {
    expect(isKeyRefused(new TelnyxAuthError('401', 401, 'voice'))).toBe(true);
    expect(isKeyRefused(new TelnyxForbiddenError('403', 403, undefined))).toBe(true);
    expect(isKeyRefused(new TelnyxProductForbiddenError('403', 403, 'voice'))).toBe(false);
  });
});
