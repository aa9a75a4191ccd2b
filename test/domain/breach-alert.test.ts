import { renderBreach, toAlert } from '../../functions/cost-alert/domain/breach-alert';
import { breachOf, context, critical, isGsm7Basic, isPrintableAscii, PARAMETER, UNIT, warning } from './alert-fixtures';

describe('renderBreach', () => {
  it('writes a critical subject, email, sms and payload', () => {
    // Act
    const message = renderBreach(breachOf(52_104_000_000n, critical), context);

    // Assess
    expect(message.subject).toBe('[CRITICAL] Telnyx messaging daily spend 52.10 USD reached limit 50.00 USD');
    expect(message.sms).toBe('Telnyx CRITICAL: messaging today 52.10 USD >= limit 50.00 USD (104%).');
    expect(message.default).toBe(message.email);
    expect(message.payload).toEqual({
      version: 1,
      severity: 'critical',
      signal: 'limit',
      product: 'messaging',
      period: 'daily',
      periodKey: '2026-11-26',
      periodState: 'current',
      periodStart: '2026-11-25T23:00:00.000Z',
      periodEnd: '2026-11-26T23:00:00.000Z',
      timeZone: 'Europe/Berlin',
      spend: '52.104',
      limit: '50.00',
      currency: 'USD',
      share: 1.042,
      level: 1,
      warnAt: [0.8],
      filter: { direction: 'outbound' },
      checkedAt: '2026-11-26T13:05:09.000Z',
      parameter: PARAMETER,
      complete: true,
    });
  });

  it('says in the email what was spent, against which limit, when, and where to change it', () => {
    // Act
    const { email } = renderBreach(breachOf(52_104_000_000n, critical), context);

    // Assess
    expect(email).toContain('Product:    messaging (direction=outbound only)');
    expect(email).toContain('Period:     day 2026-11-26 (Europe/Berlin)');
    expect(email).toContain('Spend:      52.10 USD');
    expect(email).toContain('Limit:      50.00 USD');
    expect(email).toContain('Share:      104.2% of the limit');
    expect(email).toContain('Level:      CRITICAL');
    expect(email).toContain('Checked at: 2026-11-26T14:05:09+01:00 (Europe/Berlin)');
    expect(email).toContain(
      `aws ssm put-parameter --name ${PARAMETER} --overwrite --value '{"daily": 50, "monthly": 900, "warnAt": [0.8], "filter": {"direction":"outbound"}}'`,
    );
  });

  it('writes a warning with the share of the limit, floored so it never reads 100%', () => {
    // Act
    const message = renderBreach(breachOf(40_600_000_000n, warning), context);
    const almost = renderBreach(breachOf(49_999_000_000n, warning), context);

    // Assess
    expect(message.subject).toBe('[WARNING] Telnyx messaging daily spend at 81% of 50.00 USD');
    expect(message.sms).toBe('Telnyx WARNING: messaging today 40.60 USD = 81% of limit 50.00 USD.');
    expect(message.email).toContain('WARNING (80% of the limit)');
    expect(almost.subject).toContain('at 99% of');
  });

  it('keeps amounts in the payload as decimal strings', () => {
    // Act
    const { payload } = renderBreach(breachOf(300_000_000n, critical, { daily: 300_000_000n, currency: 'EUR' }), context);

    // Assess
    expect(payload.spend).toBe('0.30');
    expect(payload.limit).toBe('0.30');
    expect(typeof payload.spend).toBe('string');
    expect(typeof payload.limit).toBe('string');
    expect(payload.currency).toBe('EUR');
  });

  it('points to a local threshold file without an aws command', () => {
    // Act
    const { email } = renderBreach(breachOf(52n * UNIT, critical), { ...context, parameterLocation: './thresholds.json (messaging)' });

    // Assess
    expect(email).toContain('To change this threshold, edit ./thresholds.json (messaging)');
    expect(email).not.toContain('aws ssm');
  });

  it('keeps the subject printable ASCII under 100 characters with a long non-ASCII product', () => {
    // Prepare
    const product = `Téléphonie-🚀-${'Überlänge'.repeat(20)}`;

    // Act
    const message = renderBreach(breachOf(52_104_000_000n, critical, { product }), context);

    // Assess
    expect(message.subject.length).toBeLessThan(100);
    expect(isPrintableAscii(message.subject)).toBe(true);
    expect(message.subject).toMatch(/^\[CRITICAL\] Telnyx Telephonie-\?-Uberlange/);
    expect(message.subject).toMatch(/ daily spend 52\.10 USD reached limit 50\.00 USD$/);
  });

  it('keeps the sms within 160 GSM-7 characters, shortening a long product but not the amounts', () => {
    // Prepare
    const product = `メッセージ-{beta}-${'x'.repeat(300)}`;

    // Act
    const { sms } = renderBreach(breachOf(52_104_000_000n, critical, { product }), context);

    // Assess
    expect(sms.length).toBeLessThanOrEqual(160);
    expect(isGsm7Basic(sms)).toBe(true);
    expect(sms).toMatch(/^Telnyx CRITICAL: \?\?\?\?\?-\(beta\)-x+\.\.\. today 52\.10 USD >= limit 50\.00 USD \(104%\)\.$/);
  });
});

describe('toAlert', () => {
  it('builds a breach alert ranked by its level', () => {
    // Act
    const alert = toAlert(breachOf(41n * UNIT, warning), context);

    // Assess
    expect(alert).toEqual({
      key: 'breach|messaging|daily|2026-11-26|50 USD|direction=outbound',
      rank: 800_000,
      severity: 'warning',
      signal: 'limit',
      product: 'messaging',
      period: 'daily',
      expiresAt: new Date('2026-12-03T23:00:00Z'),
      message: renderBreach(breachOf(41n * UNIT, warning), context),
    });
  });
});
