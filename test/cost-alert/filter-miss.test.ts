/** A filter that matches none of a product's rows is one error alert a day, naming what was seen. */
import { runCheck } from '../../functions/cost-alert/use-cases/check/run-check';
import { describeFilterMiss, SpendTally } from '../../functions/cost-alert/domain/spend-tally';
import { MemoryAlertLedger } from '../../functions/cost-alert/local/memory-ledger';
import { RecordingPublisher } from '../../functions/cost-alert/local/console-publisher';
import { checkDependencies, fakeUsage, row, thresholdStore } from './fakes';

const AT = '2026-11-26T14:00:00Z';

describe('filter that matches nothing', () => {
  it('direction=outbond with 110 USD of usage: one error alert a day naming the filter and the values seen', async () => {
    const usage = fakeUsage(['messaging'], () => [
      row('messaging', '60', 'USD', { direction: 'outbound' }),
      row('messaging', '50', 'USD', { direction: 'inbound' }),
    ]);
    const thresholds = thresholdStore({ messaging: '{"daily": 50, "monthly": 900, "filter": {"direction": "outbond"}}' });
    const ledger = new MemoryAlertLedger();
    const publisher = new RecordingPublisher();

    const first = await runCheck(checkDependencies({ at: AT, usage: usage.source, thresholds, ledger, publisher }));
    const later = await runCheck(checkDependencies({ at: '2026-11-26T14:15:00Z', usage: usage.source, thresholds, ledger, publisher }));

    expect(publisher.alerts).toHaveLength(1);
    const [alert] = publisher.alerts;
    expect(alert).toMatchObject({ severity: 'error', product: 'messaging' });
    expect(alert?.message.subject).toBe('[ERROR] Telnyx cost alert, messaging: Threshold filter matched no usage');
    expect(alert?.message.email).toContain('direction=outbond matched none of 2 rows; values seen: inbound, outbound (daily 2026-11-26)');
    expect(alert?.message.email).toContain('/telnyx-cost-alert/thresholds/messaging');
    expect(first.failures).toEqual([]);
    expect(later.alerts.map((a) => a.outcome)).toEqual(['already-sent']);
  });

  it('says nothing when the filter matched a row, or when there were no rows at all', async () => {
    const thresholds = thresholdStore({ messaging: '{"daily": 50, "filter": {"direction": "Outbound"}}' });
    const some = checkDependencies({
      at: AT,
      thresholds,
      usage: fakeUsage(['messaging'], () => [row('messaging', '1', 'USD', { direction: 'outbound' })]).source,
    });
    await runCheck(some);
    expect(some.publisher.alerts).toEqual([]);

    const none = checkDependencies({ at: AT, thresholds, usage: fakeUsage(['messaging'], () => []).source });
    await runCheck(none);
    expect(none.publisher.alerts).toEqual([]);
  });

  it('keeps at most 10 values per dimension', () => {
    const tally = new SpendTally({ country: 'XX' });
    tally.add(Array.from({ length: 30 }, (_, i) => row('voice', '1', 'USD', { country: `C${String(i).padStart(2, '0')}` })));
    expect(tally.valuesSeen.get('country')?.size).toBe(10);
    expect(describeFilterMiss({ country: 'XX' }, tally, 30)).toBe(
      'country=XX matched none of 30 rows; values seen: C00, C01, C02, C03, C04, C05, C06, C07, C08, C09',
    );
  });
});
