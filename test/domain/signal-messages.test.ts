import { forecastOf } from '../../functions/cost-alert/domain/forecast';
import { seriesIn } from '../../functions/cost-alert/domain/hourly-baseline';
import { periodsAt } from '../../functions/cost-alert/domain/periods';
import { forecastToAlert, ratioText, spikeToAlert } from '../../functions/cost-alert/domain/signal-messages';
import { spikeOf } from '../../functions/cost-alert/domain/spike';
import type { Threshold } from '../../functions/cost-alert/domain/types';
import { seriesOf, threshold, usd } from './signal-fixtures';

const PARAMETER = '/telnyx-cost-alert/thresholds/messaging';
const GSM7_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const isGsm7Basic = (text: string) => [...text].every((char) => GSM7_BASIC.includes(char));
const isPrintableAscii = (text: string) => /^[\x20-\x7e]*$/.test(text);

const history = seriesOf('2026-11-19T00:00:00Z', '2026-11-26T18:00:00Z', (hour) => (hour.toISOString() === '2026-11-26T17:00:00.000Z' ? usd(30) : usd(9.6)));

function forecastFor(t: Threshold, now = '2026-11-26T18:10:00Z', spent = usd(48), kind: 'daily' | 'monthly' = 'daily') {
  const at = new Date(now);
  const forecast = forecastOf({ threshold: t, period: periodsAt(at, 'UTC')[kind], now: at, series: seriesIn('USD', [history]), spentSoFar: spent });
  if (!forecast) throw new Error('expected a forecast');
  return forecast;
}

const flatWithBurst = seriesOf('2026-11-19T00:00:00Z', '2026-11-26T14:00:00Z', (hour) =>
  hour.toISOString() === '2026-11-26T13:00:00.000Z' ? usd(30) : usd(1),
);

function spikeFor(t: Threshold, now = '2026-11-26T14:20:00Z') {
  const spike = spikeOf({ threshold: t, now: new Date(now), timeZone: 'UTC', series: seriesIn('USD', [flatWithBurst]) });
  if (!spike) throw new Error('expected a spike');
  return spike;
}

const context = { checkedAt: new Date('2026-11-26T18:10:00Z'), parameterLocation: PARAMETER };

describe('forecast alerts', () => {
  const t = threshold({ daily: usd(80), monthly: usd(2000), forecast: true });

  it('is a warning with signal forecast and the period, its SMS word for word', () => {
    const alert = forecastToAlert(forecastFor(t), context);

    expect(alert).toMatchObject({ severity: 'warning', signal: 'forecast', product: 'messaging', period: 'daily', rank: 1 });
    expect(alert.message.sms).toBe('Telnyx FORECAST: messaging on pace for 96.00 USD today, limit 80.00 USD (48.00 so far).');
    expect(alert.message.subject).toBe('[WARNING] Telnyx messaging on pace for 96.00 USD today, limit 80.00 USD');
    expect(alert.expiresAt.toISOString()).toBe('2026-12-04T00:00:00.000Z');
  });

  it('says in the email the spend so far, the projection, the limit, when it would be reached and the method', () => {
    const { email } = forecastToAlert(forecastFor(t), context).message;

    expect(email).toContain('Telnyx messaging spend is on pace to reach its daily limit today.');
    expect(email).toMatch(/^Spend so far: +48\.00 USD$/m);
    expect(email).toMatch(/^Projected: +96\.00 USD by the end of the day$/m);
    expect(email).toMatch(/^Limit: +80\.00 USD$/m);
    expect(email).toMatch(/^Limit reached: +by 23:00 today \(2026-11-26T23:00:00\+00:00\) at this pace$/m);
    expect(email).toMatch(
      /^Method: +Spend so far today, plus for each hour still to come the mean of the same hour over the previous 7 days, its highest left out\.$/m,
    );
    expect(email).toContain('Usage that Telnyx reports late');
    expect(email).toContain(`aws ssm put-parameter --name ${PARAMETER} --overwrite --value '{"daily": 80, "monthly": 2000, "forecast": true}'`);
  });

  it('says this month and the day the monthly limit would be reached', () => {
    const alert = forecastToAlert(forecastFor(t, '2026-11-26T18:10:00Z', usd(1700), 'monthly'), context);

    // 1700 + 5 x 9.60 + 4 days x 230.40 (the 7 days' average; today's 30.00 hour is not history)
    expect(alert.message.sms).toBe('Telnyx FORECAST: messaging on pace for 2669.60 USD this month, limit 2000.00 USD (1700.00 so far).');
    expect(alert.message.email).toMatch(/^Limit reached: +by the end of 2026-11-28 at this pace$/m);
    expect(alert.period).toBe('monthly');
    expect(alert.message.payload).toMatchObject({ signal: 'forecast', period: 'monthly', periodKey: '2026-11', spend: '1700.00', limit: '2000.00' });
  });

  it('carries exact decimal strings in its payload', () => {
    const payload = forecastToAlert(forecastFor(t, '2026-11-26T18:10:00Z', 48_123_456_789n), context).message.payload;

    expect(payload).toEqual({
      version: 1,
      severity: 'warning',
      signal: 'forecast',
      product: 'messaging',
      period: 'daily',
      periodKey: '2026-11-26',
      periodStart: '2026-11-26T00:00:00.000Z',
      periodEnd: '2026-11-27T00:00:00.000Z',
      timeZone: 'UTC',
      spend: '48.123456789',
      projected: '96.123456789',
      limit: '80.00',
      currency: 'USD',
      reachedBy: '2026-11-26T23:00:00.000Z',
      historyDays: 7,
      method: 'Spend so far today, plus for each hour still to come the mean of the same hour over the previous 7 days, its highest left out.',
      filter: {},
      checkedAt: '2026-11-26T18:10:00.000Z',
      parameter: PARAMETER,
    });
  });

  it('keeps one key per threshold and period across runs, and a new one for another day or limit', () => {
    const early = forecastToAlert(forecastFor(t, '2026-11-26T18:10:00Z'), context);
    const later = forecastToAlert(forecastFor(t, '2026-11-26T18:40:00Z', usd(50)), context);
    const otherLimit = forecastToAlert(forecastFor({ ...t, daily: usd(81) }), context);

    expect(later.key).toBe(early.key);
    expect(early.key).toBe('forecast|messaging|daily|2026-11-26|80 USD|');
    expect(otherLimit.key).not.toBe(early.key);
  });

  it('fits a long, accented product name into a 99-character ASCII subject and a 160-character GSM-7 SMS', () => {
    const long = threshold({ product: `téléphonie-${'x'.repeat(150)}`, daily: usd(80), forecast: true });

    const { subject, sms } = forecastToAlert(forecastFor(long), context).message;

    expect(subject.length).toBeLessThan(100);
    expect(isPrintableAscii(subject)).toBe(true);
    expect(subject).toContain('on pace for 96.00 USD today, limit 80.00 USD');
    expect(sms.length).toBeLessThanOrEqual(160);
    expect(isGsm7Basic(sms)).toBe(true);
    expect(sms).toMatch(/^Telnyx FORECAST: téléphonie-x+\.\.\. on pace for 96\.00 USD today, limit 80\.00 USD \(48\.00 so far\)\.$/);
  });
});

describe('spike alerts', () => {
  const t = threshold({ daily: usd(100), spike: { factorNanos: usd(5), minimumPerHour: usd(5) } });

  it('is critical with signal spike and period hourly, its SMS word for word', () => {
    const alert = spikeToAlert(spikeFor(t), context);

    expect(alert).toMatchObject({ severity: 'critical', signal: 'spike', product: 'messaging', period: 'hourly', rank: 1 });
    expect(alert.message.sms).toBe('Telnyx SPIKE: messaging 30.00 USD in the last hour, 30x the usual 1.00 USD/h.');
    expect(alert.message.subject).toBe('[CRITICAL] Telnyx messaging spike: 30.00 USD in an hour, 30x the usual 1.00 USD/h');
  });

  it("says in the email the hour's spend, the usual and how it was computed, the factor and the hours around it", () => {
    const { email } = spikeToAlert(spikeFor(t), context).message;

    expect(email).toContain('Telnyx messaging spend jumped: 30.00 USD in one hour, 30x the usual.');
    expect(email).toMatch(/^Hour: +2026-11-26 13:00-14:00 \(UTC\)$/m);
    expect(email).toMatch(
      /^Usual: +1\.00 USD\/h, the largest of this hour of the day's mean without its highest \(1\.00 USD\) and a typical hour \(1\.00 USD\) over the previous 7 days, and the median of the 6 hours before \(1\.00 USD\)$/m,
    );
    expect(email).toMatch(/^Earlier days: +no hour of half this size or more on the previous 7 days \(the largest: 1\.00 USD\)$/m);
    expect(email).toMatch(/^Factor: +30x; a spike is at least 5x the usual and 5\.00 USD$/m);
    expect(email).toMatch(/^ {2}12:00 +1\.00 USD {3}usual at this hour 1\.00 USD$/m);
    expect(email).toMatch(/^ {2}13:00 +30\.00 USD {3}usual at this hour 1\.00 USD {2}<- spike$/m);
    expect(email).toMatch(/^ {2}14:00 +0\.00 USD {3}usual at this hour 1\.00 USD \(so far\)$/m);
    expect(email).toContain('at most once a day (2026-11-26)');
  });

  it('keys a spike by threshold and local day: a later hour the same day shares it', () => {
    const first = spikeToAlert(spikeFor(t, '2026-11-26T14:20:00Z'), context);
    const later = spikeToAlert(spikeFor(t, '2026-11-26T14:50:00Z'), context);

    expect(first.key).toBe('spike|messaging|2026-11-26|USD|');
    expect(later.key).toBe(first.key);
    expect(first.expiresAt.toISOString()).toBe('2026-12-04T00:00:00.000Z');
  });

  it('carries exact decimal strings, and the hours, in its payload', () => {
    const payload = spikeToAlert(spikeFor(t), context).message.payload;

    expect(payload).toMatchObject({
      severity: 'critical',
      signal: 'spike',
      period: 'hourly',
      periodKey: '2026-11-26',
      hourStart: '2026-11-26T13:00:00.000Z',
      hourEnd: '2026-11-26T14:00:00.000Z',
      partialHour: false,
      spend: '30.00',
      usual: '1.00',
      ratio: '30',
      factor: '5',
      minimumPerHour: '5.00',
      currency: 'USD',
    });
    expect((payload.hours as unknown[]).length).toBe(7);
  });

  it('says "usual 0.00 USD/h" without a ratio when the usual is zero', () => {
    const zero = seriesOf('2026-11-19T00:00:00Z', '2026-11-26T14:00:00Z', (hour) => (hour.toISOString() === '2026-11-26T13:00:00.000Z' ? usd(12) : 0n));
    const spike = spikeOf({ threshold: t, now: new Date('2026-11-26T14:20:00Z'), timeZone: 'UTC', series: seriesIn('USD', [zero]) });

    const alert = spikeToAlert(spike!, context);

    expect(alert.message.sms).toBe('Telnyx SPIKE: messaging 12.00 USD in the last hour, usual 0.00 USD/h.');
    expect(alert.message.payload).toMatchObject({ ratio: null });
  });

  it('fits a long, accented product name into a 99-character ASCII subject and a 160-character GSM-7 SMS', () => {
    const long = threshold({ product: `téléphonie-${'y'.repeat(150)}`, daily: usd(100), spike: t.spike });

    const { subject, sms } = spikeToAlert(spikeFor(long), context).message;

    expect(subject.length).toBeLessThan(100);
    expect(isPrintableAscii(subject)).toBe(true);
    expect(subject).toMatch(/^\[CRITICAL\] Telnyx telephonie-y+\.\.\. spike: 30\.00 USD in an hour, 30x the usual 1\.00 USD\/h$/);
    expect(sms.length).toBeLessThanOrEqual(160);
    expect(isGsm7Basic(sms)).toBe(true);
    expect(sms).toMatch(/ 30\.00 USD in the last hour, 30x the usual 1\.00 USD\/h\.$/);
  });

  it('names the hour in its SMS when Telnyx reported it hours late, and says so in the email', () => {
    // At 16:10 the 13:00 hour has arrived late: it is not "the last hour"
    const alert = spikeToAlert(spikeFor(t, '2026-11-26T16:10:00Z'), context);

    expect(alert.message.sms).toBe('Telnyx SPIKE: messaging 30.00 USD in the hour from 13:00, 30x the usual 1.00 USD/h.');
    expect(alert.message.email).toMatch(/^Hour: +2026-11-26 13:00-14:00 \(UTC\)$/m);
  });

  it('says why a repeat of an extreme hour is still a spike', () => {
    const repeat = seriesOf('2026-11-18T00:00:00Z', '2026-11-27T14:00:00Z', (hour) =>
      hour.getUTCHours() === 13 && hour.getUTCDate() >= 26 ? usd(30) : usd(1),
    );
    const spike = spikeOf({ threshold: t, now: new Date('2026-11-27T14:20:00Z'), timeZone: 'UTC', series: seriesIn('USD', [repeat]) });

    const { email, payload } = spikeToAlert(spike!, context).message;

    expect(email).toMatch(
      /^Earlier days: +one hour of about this size on the previous 7 days \(30\.00 USD\); this one is at least 25x the usual \(the factor squared\), so it is still a spike$/m,
    );
    expect(payload).toMatchObject({ peakHour: '30.00', secondPeakHour: '1.00', recentMedian: '1.00' });
  });

  it('shows ratios under 10 with a tenth', () => {
    expect(ratioText(52n)).toBe('5.2x');
    expect(ratioText(300n)).toBe('30x');
  });
});
