import { type AccountBalance, judgeBalance, type Pace, paceWindow, runwayIsShort, runwayOf } from '../../functions/cost-alert/domain/balance';
import { nanosOf } from './balance-fixtures';

const NOW = new Date('2026-11-27T14:20:00Z');
const usd = (available: string, more: Partial<AccountBalance> = {}): AccountBalance => ({ available: nanosOf(available), currency: 'USD', ...more });
const pace = (spend: string): Pace => ({ spend: nanosOf(spend), ...paceWindow(NOW) });

describe('the credit levels', () => {
  const settings = { minimum: nanosOf('100'), warnBelow: nanosOf('250') };
  const judge = (available: string) => judgeBalance({ settings, currency: 'USD', balance: usd(available), pace: { status: 'not-asked' }, now: NOW });

  it('is critical below the minimum, and says only that when the warning level is crossed too', () => {
    expect(judge('80')).toEqual({ kind: 'judged', level: { kind: 'minimum', severity: 'critical', amount: nanosOf('100') }, runwayShort: false });
  });

  it('warns below warnBelow while above the minimum', () => {
    expect(judge('200')).toEqual({ kind: 'judged', level: { kind: 'warnBelow', severity: 'warning', amount: nanosOf('250') }, runwayShort: false });
  });

  it('compares to the nano-unit: exactly at a level is not below it, one nano-unit under is', () => {
    expect(judge('100')).toMatchObject({ level: { kind: 'warnBelow' } });
    expect(judge('99.999999999')).toMatchObject({ level: { kind: 'minimum' } });
    expect(judge('250')).toEqual({ kind: 'judged', runwayShort: false });
  });

  it('treats credit past the credit limit (negative available) as below every level', () => {
    expect(judge('-12.5')).toMatchObject({ level: { kind: 'minimum' } });
  });
});

describe('the runway', () => {
  it('takes the pace over the 24 whole hours before the current hour', () => {
    expect(paceWindow(NOW)).toEqual({ from: new Date('2026-11-26T14:00:00Z'), to: new Date('2026-11-27T14:00:00Z') });
  });

  it('lasts 50 USD about 5 hours at 240 USD a day (10 USD/h), and says when it runs out', () => {
    expect(runwayOf(nanosOf('50'), pace('240'), NOW)).toEqual({ perHour: nanosOf('10'), hoursLeft: 5n, runsOutAt: new Date('2026-11-27T19:20:00Z') });
  });

  it('rounds the hours down and keeps the exact time, in integers (no float drift on odd amounts)', () => {
    // 0.10 USD at 0.30 USD a day: 8 hours exactly; one nano-unit less: 7 whole hours
    expect(runwayOf(nanosOf('0.1'), pace('0.3'), NOW)?.hoursLeft).toBe(8n);
    expect(runwayOf(nanosOf('0.099999999'), pace('0.3'), NOW)?.hoursLeft).toBe(7n);
    // 1 USD at 7 USD a day: 24/7 h = 3 h 25 min 42.857 s, the milliseconds rounded down
    expect(runwayOf(nanosOf('1'), pace('7'), NOW)?.runsOutAt).toEqual(new Date(NOW.getTime() + 12_342_857));
  });

  it('is short when the exact runway is under runwayHours, not the rounded one', () => {
    // 50 USD at 240 a day is exactly 5 hours: not fewer than 5; 49.999999999 is
    expect(runwayIsShort(nanosOf('50'), pace('240'), 5)).toBe(false);
    expect(runwayIsShort(nanosOf('49.999999999'), pace('240'), 5)).toBe(true);
    expect(runwayIsShort(nanosOf('50'), pace('240'), 6)).toBe(true);
  });

  it('has no runway without spend, or with a net credit: no pace, no runway alert', () => {
    expect(runwayOf(nanosOf('1'), pace('0'), NOW)).toBeUndefined();
    expect(runwayOf(nanosOf('1'), pace('-3'), NOW)).toBeUndefined();
    expect(judgeBalance({ settings: { runwayHours: 720 }, currency: 'USD', balance: usd('1'), pace: { status: 'read', pace: pace('0') }, now: NOW })).toEqual({
      kind: 'judged',
      runwayShort: false,
    });
  });

  it('gives no runway alert from a pace that was not read completely, however low the credit', () => {
    const verdict = judgeBalance({
      settings: { runwayHours: 24 },
      currency: 'USD',
      balance: usd('0.01'),
      pace: { status: 'incomplete', notRead: ['messaging'] },
      now: NOW,
    });
    expect(verdict).toEqual({ kind: 'judged', runwayShort: false });
  });

  it('names no run-out time more than a year away', () => {
    expect(runwayOf(nanosOf('1000000'), pace('0.000000024'), NOW)).toEqual({ perHour: 1n, hoursLeft: 1_000_000_000_000_000n });
  });

  it('judges the runway beside the credit levels: both can be crossed at once', () => {
    const verdict = judgeBalance({
      settings: { minimum: nanosOf('100'), runwayHours: 24 },
      currency: 'USD',
      balance: usd('50'),
      pace: { status: 'read', pace: pace('240') },
      now: NOW,
    });
    expect(verdict).toMatchObject({ kind: 'judged', level: { kind: 'minimum' }, runwayShort: true, runway: { hoursLeft: 5n } });
  });
});

describe('currencies', () => {
  it('compares nothing when the balance is in another currency than the threshold', () => {
    const verdict = judgeBalance({
      settings: { minimum: nanosOf('100'), runwayHours: 24 },
      currency: 'USD',
      balance: { available: nanosOf('5'), currency: 'EUR' },
      pace: { status: 'read', pace: pace('240') },
      now: NOW,
    });
    expect(verdict).toEqual({ kind: 'currency-mismatch', balanceCurrency: 'EUR', thresholdCurrency: 'USD' });
  });
});
