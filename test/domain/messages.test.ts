import {
  alertKeyFor,
  errorAlertKey,
  expiresAtFor,
  problemToAlert,
  renderBreach,
  renderProblem,
  toAlert,
  toGsm7,
  toPrintableAscii,
} from '../../functions/cost-alert/domain/messages';
import type { Breach, Level, Period, Threshold } from '../../functions/cost-alert/domain/types';

const UNIT = 1_000_000_000n;
const PARAMETER = '/telnyx-cost-alert/thresholds/messaging';
const GSM7_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const isGsm7Basic = (text: string) => [...text].every((char) => GSM7_BASIC.includes(char));
const isPrintableAscii = (text: string) => /^[\x20-\x7e]*$/.test(text);

const threshold: Threshold = {
  product: 'messaging',
  parameterName: PARAMETER,
  daily: 50n * UNIT,
  monthly: 900n * UNIT,
  warnAtPpm: [800_000],
  currency: 'USD',
  filter: { direction: 'outbound' },
  enabled: true,
};
const today: Period = {
  kind: 'daily',
  key: '2026-11-26',
  timeZone: 'Europe/Berlin',
  start: new Date('2026-11-25T23:00:00Z'),
  end: new Date('2026-11-26T23:00:00Z'),
};
const critical: Level = { severity: 'critical', rankPpm: 1_000_000, at: 50n * UNIT };
const warning: Level = { severity: 'warning', rankPpm: 800_000, at: 40n * UNIT };
const checkedAt = new Date('2026-11-26T13:05:09Z');
const context = { checkedAt, timeZone: 'Europe/Berlin', parameterLocation: PARAMETER };

function breachOf(spend: bigint, level: Level, overrides: Partial<Threshold> = {}): Breach {
  const t = { ...threshold, ...overrides };
  return { threshold: t, period: today, spend: { nanos: spend, currency: t.currency }, limit: { nanos: t.daily ?? 0n, currency: t.currency }, level };
}

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

describe('toGsm7', () => {
  it('keeps basic characters, drops accents outside the set and replaces the rest', () => {
    expect(toGsm7('Ça coûte 5 € [extra] – ok…', 160)).toBe('Ça coute 5 EUR (extra) - ok...');
    expect(toGsm7('Müller ñ é ł 中', 160)).toBe('Müller ñ é ? ?');
  });

  it('truncates to the maximum, marking the cut', () => {
    expect(toGsm7('abcdefghij', 8)).toBe('abcde...');
    expect(toGsm7('abcdefgh', 8)).toBe('abcdefgh');
    expect(toGsm7('€€€', 4)).toBe('E...');
  });
});

describe('toPrintableAscii', () => {
  it('puts text on one printable ASCII line', () => {
    expect(toPrintableAscii('Crème\nbrûlée\t🍮')).toBe('Creme brulee ?');
  });
});

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

describe('alert keys', () => {
  it('gives a breach the same key across runs and levels, and a new one when the limit or filter changes', () => {
    // Act
    const warned = alertKeyFor(breachOf(41n * UNIT, warning));
    const escalated = alertKeyFor(breachOf(52n * UNIT, critical));
    const raised = alertKeyFor(breachOf(52n * UNIT, critical, { daily: 60n * UNIT }));
    const refiltered = alertKeyFor(breachOf(52n * UNIT, critical, { filter: { direction: 'inbound' } }));

    // Assess
    expect(warned).toBe('breach|messaging|daily|2026-11-26|50 USD|direction=outbound');
    expect(escalated).toBe(warned);
    expect(raised).toBe('breach|messaging|daily|2026-11-26|60 USD|direction=outbound');
    expect(refiltered).not.toBe(warned);
  });

  it('does not depend on the order or case of filter entries', () => {
    // Act
    const one = alertKeyFor(breachOf(52n * UNIT, critical, { filter: { direction: 'Outbound', country_iso: 'US' } }));
    const other = alertKeyFor(breachOf(52n * UNIT, critical, { filter: { country_iso: 'us', direction: 'outbound' } }));

    // Assess
    expect(one).toBe(other);
    expect(one).toBe('breach|messaging|daily|2026-11-26|50 USD|country_iso=us,direction=outbound');
  });

  it('keeps an error key for a local day and a title', () => {
    // Act
    const morning = errorAlertKey('messaging', 'Invalid threshold', new Date('2026-11-26T06:00:00Z'), 'Asia/Tokyo');
    const evening = errorAlertKey('messaging', 'Invalid threshold', new Date('2026-11-26T14:59:59Z'), 'Asia/Tokyo');
    const nextDay = errorAlertKey('messaging', 'Invalid threshold', new Date('2026-11-26T15:00:00Z'), 'Asia/Tokyo');
    const otherError = errorAlertKey('messaging', 'Usage could not be read', new Date('2026-11-26T06:00:00Z'), 'Asia/Tokyo');

    // Assess
    expect(morning).toMatch(/^error\|messaging\|2026-11-26\|[0-9a-f]{8}$/);
    expect(evening).toBe(morning);
    expect(nextDay).toMatch(/^error\|messaging\|2026-11-27\|/);
    expect(otherError).not.toBe(morning);
  });

  it('lets the ledger forget an alert a week after its period', () => {
    expect(expiresAtFor(today)).toEqual(new Date('2026-12-03T23:00:00Z'));
  });
});

describe('toAlert and problemToAlert', () => {
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
