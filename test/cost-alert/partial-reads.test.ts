/**
 * A partial read is a lower bound only when no credit was seen in it; an alert from a partial read
 * says so in every body and is its own series, so the alert of a later complete read still goes out.
 */
import { runCheck } from '../../functions/cost-alert/use-cases/check/run-check';
import { SpendTally } from '../../functions/cost-alert/domain/spend-tally';
import { RecordingPublisher } from '../../functions/cost-alert/local/console-publisher';
import { MemoryAlertLedger } from '../../functions/cost-alert/local/memory-ledger';
import { TelnyxIncompleteReadError, TelnyxServerError } from '../../functions/cost-alert/telnyx/errors';
import type { UsageSource } from '../../functions/cost-alert/ports';
import type { UsageRow } from '../../functions/cost-alert/domain/usage';
import { checkDependencies, fakeUsage, row, thresholdStore } from './fakes';

const AT = '2026-11-26T14:00:00Z';
const unavailable = () => new TelnyxServerError('Telnyx failed to answer for wireless usage (HTTP 503)', 503, 'wireless');

function usageOf(rows: Record<string, readonly UsageRow[] | Error>) {
  return fakeUsage(Object.keys(rows), (q) => rows[q.product] ?? []).source;
}

describe('partial reads', () => {
  it('the tally remembers a credit', () => {
    const tally = new SpendTally();
    tally.add([row('messaging', '10')]);
    expect(tally.sawCredit).toBe(false);
    tally.add([row('messaging', '-4')]);
    expect(tally.sawCredit).toBe(true);
  });

  it('total 50, messaging 60 read, wireless failing with 503: the alert says it is incomplete and names wireless, in every body', async () => {
    const d = checkDependencies({
      at: AT,
      usage: usageOf({ messaging: [row('messaging', '60')], wireless: unavailable() }),
      thresholds: thresholdStore({ total: '50' }),
    });

    await runCheck(d);

    const critical = d.publisher.alerts.find((a) => a.severity === 'critical');
    expect(critical?.message.subject).toBe('[CRITICAL] Telnyx total daily spend 60.00 USD reached limit 50.00 USD (incomplete)');
    expect(critical?.message.email).toContain('Incomplete: wireless could not be read.');
    expect(critical?.message.email).toContain('Spend:      at least 60.00 USD from what was read; wireless could not be read');
    expect(critical?.message.sms).toBe('Telnyx CRITICAL: total today 60.00 USD >= limit 50.00 USD (120%). Incomplete: wireless not read.');
    expect(critical?.message.payload).toMatchObject({ complete: false, notRead: ['wireless'] });
    expect(critical?.key).toBe('breach|total|daily|2026-11-26|50 USD||partial');
    // wireless is its own error alert
    expect(d.publisher.alerts.map((a) => [a.severity, a.product])).toContainEqual(['error', 'wireless']);
  });

  it('a partial read that saw a credit is no lower bound: no breach alert from it', async () => {
    const d = checkDependencies({
      at: AT,
      usage: usageOf({ messaging: [row('messaging', '100'), row('messaging', '-30')], wireless: unavailable() }),
      thresholds: thresholdStore({ total: '50' }),
    });

    const report = await runCheck(d);

    expect(d.publisher.alerts.map((a) => [a.severity, a.product])).toEqual([['error', 'wireless']]);
    expect(report.failures).toContain('total daily: not evaluated, some of its usage could not be read');
  });

  it('the partial alert does not block the complete one at the same level', async () => {
    const ledger = new MemoryAlertLedger();
    const publisher = new RecordingPublisher();
    const thresholds = thresholdStore({ total: '50' });
    await runCheck(
      checkDependencies({ at: AT, ledger, publisher, thresholds, usage: usageOf({ messaging: [row('messaging', '60')], wireless: unavailable() }) }),
    );
    await runCheck(
      checkDependencies({ at: AT, ledger, publisher, thresholds, usage: usageOf({ messaging: [row('messaging', '60')], wireless: [row('wireless', '5')] }) }),
    );
    await runCheck(
      checkDependencies({ at: AT, ledger, publisher, thresholds, usage: usageOf({ messaging: [row('messaging', '60')], wireless: [row('wireless', '6')] }) }),
    );

    const criticals = publisher.alerts.filter((a) => a.severity === 'critical');
    expect(criticals.map((a) => [a.message.payload['complete'], a.message.payload['spend']])).toEqual([
      [false, '60.00'],
      [true, '65.00'],
    ]);
  });

  it('rows handed on before a read the client cannot vouch for (rowsAreLowerBound false) never alert', async () => {
    const source: UsageSource = {
      costProductOptions: async () => [{ product: 'messaging', dimensions: ['currency'], metrics: ['cost'] }],
      pages: () =>
        (async function* () {
          yield [row('messaging', '60')];
          throw new TelnyxIncompleteReadError('Telnyx kept answering pages of messaging usage past the page budget', 'messaging', 'page-budget', 6, false);
        })(),
    };
    const d = checkDependencies({ at: AT, usage: source, thresholds: thresholdStore({ messaging: '50' }) });

    const report = await runCheck(d);

    expect(d.publisher.alerts.map((a) => [a.severity, a.product])).toEqual([['error', 'messaging']]);
    expect(report.failures).toContain('messaging daily: not evaluated, some of its usage could not be read');
  });
});
