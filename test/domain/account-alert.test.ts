import { type AccountBreach, toAccountAlert } from '../../functions/cost-alert/domain/account-alert';
import { cleanName, labelOf } from '../../functions/cost-alert/domain/account-names';
import { evaluateAccounts } from '../../functions/cost-alert/domain/account-rules';
import { foldStorm, MAX_ACCOUNT_ALERTS, toStormAlert } from '../../functions/cost-alert/domain/account-storm';
import { accountEntryId, accountRosterKey } from '../../functions/cost-alert/domain/alert-keys';
import { SMS_MAX, SUBJECT_MAX, toGsm7 } from '../../functions/cost-alert/domain/channel-text';
import { periodsAt } from '../../functions/cost-alert/domain/periods';
import type { Threshold } from '../../functions/cost-alert/domain/types';
import { parseOne, USD } from './threshold-fixtures';

const NOW = new Date('2026-11-26T14:00:00Z');
const PERIODS = periodsAt(NOW, 'UTC');
const ALPHA = '3ca7bd3d-7d82-4e07-9df4-009123068320';
const CONTEXT = { checkedAt: NOW, timeZone: 'UTC', parameterLocation: '/telnyx-cost-alert/thresholds/messaging' };

function breachesOf(value: string, spends: ReadonlyArray<readonly [string, bigint]>, kind: 'daily' | 'monthly' = 'daily'): AccountBreach[] {
  const { thresholds } = parseOne(value);
  const threshold = thresholds[0] as Threshold;
  return evaluateAccounts(threshold, PERIODS[kind], 'current', new Map(spends)).filter(
    (evaluation): evaluation is AccountBreach => evaluation.level !== undefined,
  );
}

const [ALPHA_BREACH] = breachesOf('{"managedAccounts": {"daily": 20, "warnAt": [0.8]}}', [[ALPHA, USD(25)]]);
if (!ALPHA_BREACH) throw new Error('the fixture must breach');

describe("a managed account's limit alert", () => {
  it('names the organization in the subject and carries the account for routing', () => {
    // Act
    const alert = toAccountAlert(ALPHA_BREACH, { ...CONTEXT, label: labelOf(ALPHA, { id: ALPHA, organizationName: 'Alpha Dental LLC' }) });

    // Assess
    expect(alert.message.subject).toBe('[CRITICAL] Telnyx messaging for Alpha Dental LLC: 25.00 USD of a 20.00 USD daily limit');
    expect(alert).toMatchObject({ severity: 'critical', signal: 'limit', product: 'messaging', period: 'daily', account: ALPHA, rank: 1_000_000 });
    expect(alert.message.sms).toBe('Telnyx CRITICAL: messaging for Alpha Dental LLC today 25.00 USD >= limit 20.00 USD (125%).');
    expect(alert.message.email).toContain('Telnyx messaging spend of the managed account Alpha Dental LLC reached its daily limit.');
    expect(alert.message.email).toContain(`User id:    ${ALPHA}`);
    expect(alert.message.email).toContain('Limit:      20.00 USD (the default for managed accounts)');
    expect(alert.message.payload).toMatchObject({ account: ALPHA, accountName: 'Alpha Dental LLC', spend: '25.00', limit: '20.00', limitSource: 'default' });
  });

  it('says a warning with its share, and falls back to the user_id when the account has no name', () => {
    // Prepare
    const [warning] = breachesOf('{"managedAccounts": {"daily": 20, "warnAt": [0.8]}}', [[ALPHA, USD(17)]]);

    // Act
    const alert = toAccountAlert(warning as AccountBreach, { ...CONTEXT, label: labelOf(ALPHA, undefined) });

    // Assess
    // The user_id is cut to fit the subject; the body and the `account` attribute hold it whole
    expect(alert.message.subject).toBe('[WARNING] Telnyx messaging for 3ca7bd3d-7d82-4e07-9d...: 17.00 USD of a 20.00 USD daily limit (85%)');
    expect(alert.message.email).toContain(`managed account ${ALPHA} passed 80% of its daily limit`);
    expect(alert.message.payload).toMatchObject({ account: ALPHA, accountName: null });
    expect(alert.severity).toBe('warning');
  });

  it('keeps one series per account, period and limit: the warning and the critical share a key, another account or limit does not', () => {
    // Prepare
    const [warning] = breachesOf('{"managedAccounts": {"daily": 20, "warnAt": [0.8]}}', [[ALPHA, USD(17)]]);
    const [other] = breachesOf('{"managedAccounts": {"daily": 20}}', [['other', USD(25)]]);
    const [raised] = breachesOf('{"managedAccounts": {"daily": 21}}', [[ALPHA, USD(25)]]);
    const key = (breach: AccountBreach | undefined) => toAccountAlert(breach as AccountBreach, { ...CONTEXT, label: labelOf('x', undefined) }).key;

    // Assess
    expect(key(warning)).toBe(key(ALPHA_BREACH));
    expect(key(other)).not.toBe(key(ALPHA_BREACH));
    expect(key(raised)).not.toBe(key(ALPHA_BREACH));
  });

  it.each([
    ['control characters and line breaks', 'Alpha\r\nBcc: x@y.z\u0007 Dental', 'Alpha Bcc: x@y.z Dental', 'Alpha Bcc: x@y.z Dental'],
    ['a right-to-left override', 'Alpha \u202eCLL latneD', 'Alpha CLL latneD', 'Alpha CLL latneD'],
    ['accents and emoji', 'Zahnärzte Müller 🦷 GmbH', 'Zahnarzte Muller ? GmbH', 'Zahnärzte Müller 🦷 GmbH'],
  ])('cleans a name with %s for the subject (printable ASCII), the SMS (GSM-7) and the email (one line)', (_what, name, subjectName, emailName) => {
    // Act
    const alert = toAccountAlert(ALPHA_BREACH, { ...CONTEXT, label: labelOf(ALPHA, { id: ALPHA, organizationName: name }) });

    // Assess
    expect(alert.message.subject).toBe(`[CRITICAL] Telnyx messaging for ${subjectName}: 25.00 USD of a 20.00 USD daily limit`);
    expect(alert.message.subject).toMatch(/^[ -~]+$/);
    expect(alert.message.sms).toBe(toGsm7(alert.message.sms, SMS_MAX));
    expect(alert.message.email).not.toMatch(/[\r\u0007\u202e]/);
    expect(alert.message.email.split('\n')[0]).toBe(`Telnyx messaging spend of the managed account ${emailName} reached its daily limit.`);
  });

  it('shortens a very long name so that the figures still fit the subject and the SMS', () => {
    // Act
    const alert = toAccountAlert(ALPHA_BREACH, { ...CONTEXT, label: labelOf(ALPHA, { id: ALPHA, organizationName: 'A'.repeat(500), email: 'e'.repeat(300) }) });

    // Assess
    expect(alert.message.subject.length).toBeLessThanOrEqual(SUBJECT_MAX);
    expect(alert.message.subject).toMatch(/\.\.\.: 25\.00 USD of a 20\.00 USD daily limit$/);
    expect([...alert.message.sms].length).toBeLessThanOrEqual(SMS_MAX);
    expect(alert.message.sms).toMatch(/today 25\.00 USD >= limit 20\.00 USD \(125%\)\.$/);
    expect(cleanName('A'.repeat(500))).toHaveLength(80);
  });
});

describe('storms of managed accounts', () => {
  const many = (count: number) =>
    breachesOf(
      '{"managedAccounts": {"daily": 20}}',
      Array.from({ length: count }, (_, index) => [`acct-${String(index).padStart(3, '0')}`, USD(21 + index)] as const),
    );

  it('sends every account alone up to the cap', () => {
    // Act
    const { alone, folded } = foldStorm(many(MAX_ACCOUNT_ALERTS));

    // Assess
    expect(alone).toHaveLength(10);
    expect(folded).toEqual([]);
  });

  it('past the cap, sends the 10 largest shares alone and folds the rest into one summary for every account', () => {
    // Prepare
    const { alone, folded } = foldStorm(many(25));
    const entries = folded.map(
      (breach) => [accountRosterKey(breach.threshold, breach.period), accountEntryId(breach.userId, breach.limit), breach.level.rankPpm] as const,
    );

    // Act
    const summary = toStormAlert(folded, { ...CONTEXT, alone: alone.length, evaluations: many(25), labels: new Map(), entries });

    // Assess: the largest spend is the largest share
    expect(alone.map((breach) => breach.userId)).toEqual(Array.from({ length: 10 }, (_, index) => `acct-${String(24 - index).padStart(3, '0')}`));
    expect(folded).toHaveLength(15);
    expect(summary).toMatchObject({ account: '*', product: 'messaging', period: 'daily', severity: 'critical', signal: 'limit' });
    expect(summary.message.subject).toBe('[CRITICAL] Telnyx messaging: 15 more managed accounts over their limits, 25 in all');
    expect(summary.message.email).toContain(
      '25 managed accounts are over a limit. This run found 25 newly over a level: the 10 with the largest share were alerted one by one',
    );
    expect(summary.message.email).toContain('acct-014');
    expect(summary.message.email).toContain('... and 5 more.');
    expect(summary.message.payload).toMatchObject({ account: '*', accountsOver: 25, accountsNew: 25, accountsInSummary: 15 });
    expect([...summary.message.sms].length).toBeLessThanOrEqual(SMS_MAX);
  });

  it('keys a summary by the accounts it covers: the same accounts, the same key; one more, another', () => {
    // Prepare
    const entriesOf = (count: number) =>
      foldStorm(many(count)).folded.map(
        (breach) => [accountRosterKey(breach.threshold, breach.period), accountEntryId(breach.userId, breach.limit), breach.level.rankPpm] as const,
      );
    const keyOf = (count: number) => {
      const { alone, folded } = foldStorm(many(count));
      return toStormAlert(folded, { ...CONTEXT, alone: alone.length, evaluations: [], labels: new Map(), entries: entriesOf(count) }).key;
    };

    // Assess
    expect(keyOf(20)).toBe(keyOf(20));
    expect(keyOf(21)).not.toBe(keyOf(20));
  });
});
