import { type AccountBalance, paceWindow, runwayOf } from '../../functions/cost-alert/domain/balance';
import { type BalanceAlertCase, creditAlert, runwayAlert } from '../../functions/cost-alert/domain/balance-alert';
import { SMS_MAX, toGsm7 } from '../../functions/cost-alert/domain/channel-text';
import { balanceSettings, nanosOf } from './balance-fixtures';

const NOW = new Date('2026-11-27T14:20:00Z');
const isGsm7 = (text: string) => toGsm7(text, Number.MAX_SAFE_INTEGER) === text;

function caseOf(available: string, value = '{"minimum": 100, "warnBelow": 250, "runwayHours": 24}', spend = '240'): BalanceAlertCase {
  const balance: AccountBalance = { available: nanosOf(available), balance: nanosOf(available), creditLimit: 0n, pending: nanosOf('10'), currency: 'USD' };
  const pace = { spend: nanosOf(spend), ...paceWindow(NOW) };
  const runway = runwayOf(balance.available, pace, NOW);
  return {
    threshold: balanceSettings(value),
    balance,
    pace: { status: 'read', pace },
    ...(runway ? { runway } : {}),
    checkedAt: NOW,
    timeZone: 'Europe/Berlin',
    parameterLocation: '/telnyx-cost-alert/thresholds/balance',
  };
}

describe('the balance alert below the minimum', () => {
  const alert = creditAlert(caseOf('80'), { kind: 'minimum', severity: 'critical', amount: nanosOf('100') });

  it('is a critical balance alert for the day, as subscriptions filter it', () => {
    expect(alert).toMatchObject({ severity: 'critical', signal: 'balance', product: 'balance', period: 'daily', rank: 1 });
    expect(alert.key).toBe('balance|minimum|2026-11-27|100.00 USD');
  });

  it('texts exactly the SMS of the issue', () => {
    expect(alert.message.sms).toBe('Telnyx BALANCE: 80.00 USD available, below your 100.00 USD minimum. Top up to keep calls and messages running.');
  });

  it('emails the credit, its parts, the level, the pace and how it was computed, the run-out time, what to do and where to change it', () => {
    const email = alert.message.email;
    expect(email).toContain('Available credit: 80.00 USD (balance plus credit limit)');
    expect(email).toContain('Balance:          80.00 USD');
    expect(email).toContain('Credit limit:     0.00 USD');
    expect(email).toContain('Pending:          10.00 USD');
    expect(email).toContain('Level:            CRITICAL: below the minimum of 100.00 USD');
    expect(email).toContain(
      'Pace:             10.00 USD/h: 240.00 USD spent by every product with a cost in the 24 hours from 2026-11-26 15:00 to 2026-11-27 15:00 (Europe/Berlin), divided by 24',
    );
    expect(email).toContain('Runway:           about 8 hours at that pace: it runs out around 2026-11-27 23:20 (Europe/Berlin)');
    expect(email).toContain('top up in the Telnyx portal (Billing), or turn on auto-recharge');
    expect(email).toContain(
      `aws ssm put-parameter --name /telnyx-cost-alert/thresholds/balance --overwrite --value '{"minimum": 100, "warnBelow": 250, "runwayHours": 24}'`,
    );
    expect(email).toContain('You will not hear about this level again today');
  });

  it('gives machines the exact amounts', () => {
    expect(alert.message.payload).toMatchObject({
      signal: 'balance',
      level: 'minimum',
      available: '80.00',
      minimum: '100.00',
      warnBelow: '250.00',
      runwayHours: 24,
      pacePerHour: '10.00',
      hoursLeft: 8,
      runsOutAt: '2026-11-27T22:20:00.000Z',
    });
  });
});

describe('the balance alert below the warning level', () => {
  it('is a warning in a series of its own', () => {
    const alert = creditAlert(caseOf('200'), { kind: 'warnBelow', severity: 'warning', amount: nanosOf('250') });
    expect(alert).toMatchObject({ severity: 'warning', signal: 'balance', product: 'balance', period: 'daily' });
    expect(alert.key).toBe('balance|warnBelow|2026-11-27|250.00 USD');
    expect(alert.message.sms).toBe('Telnyx BALANCE: 200.00 USD available, below your 250.00 USD warning level. Top up to keep calls and messages running.');
    expect(alert.message.subject).toBe('[WARNING] Telnyx balance: 200.00 USD available, below the 250.00 USD warning level');
  });
});

describe('the runway alert', () => {
  const c = caseOf('50');
  const alert = runwayAlert(c, c.runway!, 24);

  it('texts exactly the SMS of the issue', () => {
    expect(alert.message.sms).toBe("Telnyx RUNWAY: 50.00 USD left, about 5 hours at the last 24 hours' pace (10.00 USD/h).");
  });

  it('is a warning in its own daily series, keyed by the runway asked for', () => {
    expect(alert).toMatchObject({ severity: 'warning', signal: 'balance', product: 'balance', period: 'daily' });
    expect(alert.key).toBe('balance|runway|2026-11-27|24h');
    expect(alert.message.subject).toBe('[WARNING] Telnyx runway: about 5 hours of credit left (50.00 USD at 10.00 USD/h)');
  });

  it('says "less than an hour" rather than "about 0 hours"', () => {
    const low = caseOf('0.5');
    expect(runwayAlert(low, low.runway!, 24).message.sms).toBe("Telnyx RUNWAY: 0.50 USD left, less than an hour at the last 24 hours' pace (10.00 USD/h).");
  });
});

describe('constrained channels', () => {
  it('keeps subjects printable ASCII under 100 characters and SMS within 160 GSM-7 characters for huge amounts', () => {
    const c = caseOf('999999999999.99', '{"minimum": 999999999999, "runwayHours": 720}', '0.000000001');
    const alerts = [creditAlert(c, { kind: 'minimum', severity: 'critical', amount: nanosOf('999999999999.999999999') })];
    for (const { message } of alerts) {
      expect(message.subject.length).toBeLessThan(100);
      expect(message.subject).toMatch(/^[ -~]+$/);
      expect(message.sms.length).toBeLessThanOrEqual(SMS_MAX);
      expect(isGsm7(message.sms)).toBe(true);
    }
  });
});
