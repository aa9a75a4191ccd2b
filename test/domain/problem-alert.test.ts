import { problemToAlert, renderProblem } from '../../functions/cost-alert/domain/problem-alert';
import { checkedAt, isGsm7Basic, isPrintableAscii, PARAMETER } from './alert-fixtures';

describe('renderProblem', () => {
  it('writes an error alert for an invalid threshold', () => {
    // Act
    const message = renderProblem(
      { product: 'messaging', title: 'Invalid threshold', detail: `${PARAMETER}: "warnAt" must be fractions between 0 and 1`, parameterLocation: PARAMETER },
      checkedAt,
      'Europe/Berlin',
    );

    // Assess
    expect(message.subject).toBe('[ERROR] Telnyx cost alert, messaging: Invalid threshold');
    expect(message.email).toContain('"warnAt" must be fractions between 0 and 1');
    expect(message.email).toContain('Checked at: 2026-11-26T14:05:09+01:00 (Europe/Berlin)');
    expect(message.email).toContain(`Parameter:  ${PARAMETER}`);
    expect(message.email).toContain(`aws ssm put-parameter --name ${PARAMETER} --overwrite`);
    expect(message.payload).toEqual({
      version: 1,
      severity: 'error',
      signal: 'error',
      product: 'messaging',
      title: 'Invalid threshold',
      detail: `${PARAMETER}: "warnAt" must be fractions between 0 and 1`,
      timeZone: 'Europe/Berlin',
      checkedAt: '2026-11-26T13:05:09.000Z',
      parameter: PARAMETER,
    });
  });

  it('keeps subject and sms within their channels whatever the title and detail', () => {
    // Act
    const message = renderProblem(
      { product: 'all', title: `Telnyx refused the API key — ${'ü'.repeat(200)}`, detail: `Rotate the key ${'{…}'.repeat(100)}`, period: 'monthly' },
      checkedAt,
      'UTC',
    );

    // Assess
    expect(message.subject.length).toBeLessThan(100);
    expect(isPrintableAscii(message.subject)).toBe(true);
    expect(message.sms.length).toBeLessThanOrEqual(160);
    expect(isGsm7Basic(message.sms)).toBe(true);
    expect(message.email).toContain('could not complete its check');
    expect(message.email).not.toContain('aws ssm');
  });
});

describe('problemToAlert', () => {
  it('builds an error alert that expires a week after the local day', () => {
    // Act
    const alert = problemToAlert({ product: 'all', title: 'Telnyx refused the API key', detail: 'Check the secret.' }, checkedAt, 'Asia/Tokyo');

    // Assess
    expect(alert.severity).toBe('error');
    expect(alert.signal).toBe('error');
    expect(alert.rank).toBe(1);
    expect(alert.product).toBe('all');
    expect(alert.period).toBeUndefined();
    expect(alert.key).toMatch(/^error\|all\|2026-11-26\|/);
    expect(alert.expiresAt).toEqual(new Date('2026-12-03T15:00:00Z'));
  });
});
