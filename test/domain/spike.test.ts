import { seriesIn } from '../../functions/cost-alert/domain/hourly-baseline';
import { spikeOf, usualMethod } from '../../functions/cost-alert/domain/spike';
import type { SpikeSettings } from '../../functions/cost-alert/domain/types';
import { localHour, seenAt, seriesOf, threshold, usd } from './signal-fixtures';

const DEFAULTS: SpikeSettings = { factorNanos: usd(5), minimumPerHour: usd(5) };
const NEW_YORK = 'America/New_York';

function spikeAt(now: string, series: ReturnType<typeof seriesOf>, options: { timeZone?: string; spike?: SpikeSettings } = {}) {
  return spikeOf({
    threshold: threshold({ daily: usd(1000), spike: options.spike ?? DEFAULTS }),
    now: new Date(now),
    timeZone: options.timeZone ?? 'UTC',
    series: seriesIn('USD', [series]),
  });
}

/** Eight busy hours a day (09:00-17:00 local) at 6.00, nothing otherwise. */
const businessHours = (timeZone: string) => (hour: Date) => {
  const local = localHour(hour, timeZone);
  return local >= 9 && local < 17 ? usd(6) : 0n;
};

describe('the spike', () => {
  it('flags an hour at 30x a flat baseline (the worked example)', () => {
    // Prepare: 1.00 every hour for a week, then 30.00 from 13:00 to 14:00
    const series = seriesOf('2026-11-19T00:00:00Z', '2026-11-26T14:20:00Z', (hour) =>
      hour.getUTCHours() === 13 && hour.getUTCDate() === 26 ? usd(30) : usd(1),
    );

    // Act
    const spike = spikeAt('2026-11-26T14:20:00Z', series);

    // Assess
    expect(spike).toMatchObject({ spend: usd(30), usual: usd(1), sameHourMean: usd(1), hourlyMean: usd(1), ratioTenths: 300n, partial: false, historyDays: 7 });
    expect(spike?.hourStart.toISOString()).toBe('2026-11-26T13:00:00.000Z');
    expect(spike?.hourEnd.toISOString()).toBe('2026-11-26T14:00:00.000Z');
    expect(spike?.day.key).toBe('2026-11-26');
    // 08:00 to 14:00: five hours before it, the hour, and the current one
    expect(spike?.around.map((hour) => hour.start.getUTCHours())).toEqual([8, 9, 10, 11, 12, 13, 14]);
    expect(usualMethod(spike!)).toBe(
      "The largest of this hour of the day's mean (its highest left out) and a typical hour over the previous 7 days, and the median of the 6 hours before;" +
        ' no earlier day had an hour of about this size, or the hour is extreme (factor x factor the usual).',
    );
  });

  it('sees a burst in the current hour within one check interval (the hour so far)', () => {
    const series = seriesOf('2026-11-19T00:00:00Z', '2026-11-26T15:00:00Z', (hour) => (hour.toISOString() === '2026-11-26T14:00:00.000Z' ? usd(12) : usd(1)));

    const spike = spikeAt('2026-11-26T14:15:00Z', series);

    expect(spike).toMatchObject({ spend: usd(12), partial: true, ratioTenths: 120n });
    expect(spike?.hourEnd.toISOString()).toBe('2026-11-26T14:15:00.000Z');
  });

  it('does not alarm on a steady business-hours pattern at 10:00, nor on an ordinary busy hour at 03:00', () => {
    const series = seriesOf('2026-11-19T00:00:00Z', '2026-11-26T10:00:00Z', businessHours('UTC'));
    // 03:00 today as busy as a working hour: 3x the all-hours mean of 2.00
    const nightShift = seriesOf('2026-11-19T00:00:00Z', '2026-11-26T04:00:00Z', (hour) =>
      hour.toISOString() === '2026-11-26T03:00:00.000Z' ? usd(6) : businessHours('UTC')(hour),
    );

    expect(spikeAt('2026-11-26T10:05:00Z', series)).toBeUndefined();
    expect(spikeAt('2026-11-26T10:45:00Z', series)).toBeUndefined();
    expect(spikeAt('2026-11-26T04:10:00Z', nightShift)).toBeUndefined();
  });

  it('flags 30x the business-hours level at night', () => {
    const series = seriesOf('2026-11-19T00:00:00Z', '2026-11-26T04:00:00Z', (hour) =>
      hour.toISOString() === '2026-11-26T03:00:00.000Z' ? usd(60) : businessHours('UTC')(hour),
    );

    // Usual at 03:00: max(0.00, 2.00) = 2.00; 60 is 30x
    expect(spikeAt('2026-11-26T04:10:00Z', series)).toMatchObject({ spend: usd(60), usual: usd(2), ratioTenths: 300n });
  });

  it('has no spike without history, however large the hour (the limit still guards)', () => {
    const series = seriesOf('2026-11-26T00:00:00Z', '2026-11-26T15:00:00Z', () => usd(100));
    expect(spikeAt('2026-11-26T14:15:00Z', series)).toBeUndefined();
  });

  it('on an all-zero history flags an hour at the minimum, and nothing below it', () => {
    const zeros = (amount: number) =>
      seriesOf('2026-11-19T00:00:00Z', '2026-11-26T15:00:00Z', (hour) => (hour.toISOString() === '2026-11-26T13:00:00.000Z' ? usd(amount) : 0n));

    expect(spikeAt('2026-11-26T14:15:00Z', zeros(5))).toMatchObject({ spend: usd(5), usual: 0n, ratioTenths: undefined });
    expect(spikeAt('2026-11-26T14:15:00Z', zeros(4.99))).toBeUndefined();
  });

  it('needs the hour to reach minimumPerHour as well as the factor', () => {
    const series = seriesOf('2026-11-19T00:00:00Z', '2026-11-26T15:00:00Z', (hour) => (hour.toISOString() === '2026-11-26T13:00:00.000Z' ? usd(3) : usd(0.1)));

    expect(spikeAt('2026-11-26T14:15:00Z', series)).toBeUndefined();
    expect(spikeAt('2026-11-26T14:15:00Z', series, { spike: { factorNanos: usd(5), minimumPerHour: usd(2.5) } })).toMatchObject({
      spend: usd(3),
      ratioTenths: 300n,
    });
  });

  it('is not fooled by credits: a negative baseline hour counts zero, and a credit hour is no spike', () => {
    // Prepare: 2.00 an hour; large credits at 13:00 on three days; today 13:00 is an ordinary 2.00
    const credits = (hour: Date) => (hour.getUTCHours() === 13 && hour.getUTCDate() % 2 === 0 && hour.getUTCDate() < 26 ? usd(-500) : usd(2));
    const ordinary = seriesOf('2026-11-19T00:00:00Z', '2026-11-26T15:00:00Z', credits);
    const refund = seriesOf('2026-11-19T00:00:00Z', '2026-11-26T15:00:00Z', (hour) => (hour.toISOString() === '2026-11-26T13:00:00.000Z' ? usd(-40) : usd(2)));

    // Assess: the 13:00 mean is 4 x 2.00 / 7 (not negative), the all-hours mean ~1.93: usual ~1.93, 2.00 is 1x
    expect(spikeAt('2026-11-26T14:15:00Z', ordinary)).toBeUndefined();
    expect(spikeAt('2026-11-26T14:15:00Z', refund)).toBeUndefined();
  });

  it('credits the spike hour of yesterday to yesterday (its day key), and leaves it out of its own usual', () => {
    // Prepare: 1.00 an hour, 40.00 from 23:00 to 24:00 on the 25th
    const series = seriesOf('2026-11-18T00:00:00Z', '2026-11-26T01:00:00Z', (hour) => (hour.toISOString() === '2026-11-25T23:00:00.000Z' ? usd(40) : usd(1)));

    // Act: at 00:10 the last complete hour is yesterday's
    const spike = spikeAt('2026-11-26T00:10:00Z', series);

    // Assess: usual 1.00 (not (6 + 40) / 7), and the spike belongs to the 25th
    expect(spike).toMatchObject({ spend: usd(40), usual: usd(1), ratioTenths: 400n });
    expect(spike?.day.key).toBe('2026-11-25');
  });

  // Four busy hours (09:00-13:00 local) at 6.00: the all-hours mean is 1.00, so a busy hour compared with a quiet
  // one would read 6x, a false spike. Comparing by UTC hour across a DST change does exactly that.
  const mornings = (hour: Date) => {
    const local = localHour(hour, NEW_YORK);
    return local >= 9 && local < 13 ? usd(6) : 0n;
  };

  it('reads a daily pattern by local hour on a 25-hour day (New York, fall back)', () => {
    // Prepare: EDT last week, EST since 2026-11-01
    const series = seriesOf('2026-10-25T00:00:00Z', '2026-11-01T19:00:00Z', mornings);

    // Act: 13:10 EST; the 12:00 EST hour (17:00 UTC) is compared with last week's 12:00 EDT hours (16:00 UTC), all busy
    const spike = spikeAt('2026-11-01T18:10:00Z', series, { timeZone: NEW_YORK });

    // Assess: by UTC hour, 17:00 UTC was 13:00 EDT last week, quiet, and 6.00 would be 6x the mean of 1.00
    expect(spike).toBeUndefined();
  });

  it('reads a daily pattern by local hour on a 23-hour day (New York, spring forward), and still flags a real burst', () => {
    const series = seriesOf('2026-03-01T00:00:00Z', '2026-03-08T15:00:00Z', mornings);
    const burst = seriesOf('2026-03-01T00:00:00Z', '2026-03-08T08:00:00Z', (hour) =>
      hour.toISOString() === '2026-03-08T07:00:00.000Z' ? usd(30) : mornings(hour),
    );

    // 10:10 EDT: the 09:00 EDT hour (13:00 UTC) against last week's 09:00 EST hours (14:00 UTC)
    expect(spikeAt('2026-03-08T14:10:00Z', series, { timeZone: NEW_YORK })).toBeUndefined();
    // 04:10 EDT: 30.00 in the 03:00 EDT hour, 30x the all-hours mean
    expect(spikeAt('2026-03-08T08:10:00Z', burst, { timeZone: NEW_YORK })).toMatchObject({ spend: usd(30), usual: usd(1), ratioTenths: 300n });
  });

  it('says nothing for a threshold without spike settings', () => {
    const series = seriesOf('2026-11-19T00:00:00Z', '2026-11-26T15:00:00Z', (hour) => (hour.toISOString() === '2026-11-26T13:00:00.000Z' ? usd(300) : usd(1)));
    expect(
      spikeOf({ threshold: threshold({ daily: usd(10) }), now: new Date('2026-11-26T14:15:00Z'), timeZone: 'UTC', series: seriesIn('USD', [series]) }),
    ).toBeUndefined();
  });
});

/** The local day keys of the spikes that checks every 15 minutes in [from, to) would raise (one alert per day, as the ledger sends). */
function spikeDays(spend: ReturnType<typeof seriesOf>, from: string, to: string, timeZone = 'UTC'): string[] {
  const days = new Set<string>();
  for (let now = Date.parse(from); now < Date.parse(to); now += 15 * 60_000) {
    const spike = spikeOf({ threshold: threshold({ spike: DEFAULTS }), now: new Date(now), timeZone, series: seenAt(spend, new Date(now)) });
    if (spike) days.add(spike.day.key);
  }
  return [...days];
}

describe('the spike and the history it stands on', () => {
  it('does not flag a new product at its first midnight: the hours before its first use are unknown, not zero', () => {
    // Prepare: first used at 21:00, a steady 8.00 an hour since
    const spend = seriesOf('2026-11-25T21:00:00Z', '2026-11-28T00:00:00Z', () => usd(8));

    // Act and assess: counted as zero, the first day made 8.00 at 00:05 11x its usual, and again at 01:05
    expect(spikeAt('2026-11-26T00:05:00Z', spend)).toBeUndefined();
    expect(spikeAt('2026-11-26T01:05:00Z', spend)).toBeUndefined();
    expect(spikeDays(spend, '2026-11-25T21:05:00Z', '2026-11-28T00:00:00Z')).toEqual([]);
  });

  it('flags a product with an all-zero history once when it starts spending 8.00 an hour, not again the next day', () => {
    // Prepare: rows of 0.00 every hour for a week, then 8.00 an hour from 21:00
    const spend = seriesOf('2026-11-18T00:00:00Z', '2026-11-28T00:00:00Z', (hour) => (hour.getTime() < Date.parse('2026-11-25T21:00:00Z') ? 0n : usd(8)));

    // Assess: the jump on the 25th; from then on the 6 hours before each hour say 8.00 is the new level
    expect(spikeDays(spend, '2026-11-25T20:05:00Z', '2026-11-28T00:00:00Z')).toEqual(['2026-11-25']);
  });

  it('needs 24 observed hours of history: none after 22 hours, however large the hour', () => {
    // Prepare: first used yesterday at 10:00, 1.00 an hour; 30.00 today from 13:00. Examined: 08:00 to now.
    const spend = seriesOf('2026-11-25T10:00:00Z', '2026-11-26T15:00:00Z', (hour) => (hour.toISOString() === '2026-11-26T13:00:00.000Z' ? usd(30) : usd(1)));

    expect(spikeAt('2026-11-26T14:20:00Z', spend)).toBeUndefined();
    // Two hours later, with 24 hours of history before the examined ones, it is seen
    expect(spikeAt('2026-11-26T16:20:00Z', spend)).toMatchObject({ spend: usd(30), usual: usd(1) });
  });

  it('does not flag an 8.00 hour when such hours came on several of the last 7 days, and still flags 30.00', () => {
    // Prepare: 1.00 an hour; 8.00 at 03:00 on the 20th, 15:00 on the 22nd, 09:00 on the 24th and 20:00 on the 25th
    const bursts = ['2026-11-20T03', '2026-11-22T15', '2026-11-24T09', '2026-11-25T20'];
    const withHour = (amount: number) =>
      seriesOf('2026-11-18T00:00:00Z', '2026-11-26T15:00:00Z', (hour) => {
        const iso = hour.toISOString();
        if (iso === '2026-11-26T13:00:00.000Z') return usd(amount);
        return bursts.some((burst) => iso.startsWith(burst)) ? usd(8) : usd(1);
      });

    // Assess: 8.00 is 6.8x the old all-hours mean (1.17): a spike every day such an hour came. Here: no.
    expect(spikeAt('2026-11-26T14:20:00Z', withHour(8))).toBeUndefined();
    expect(spikeAt('2026-11-26T14:20:00Z', withHour(30))).toMatchObject({ spend: usd(30), usual: usd(1), peakHour: usd(8), secondPeakHour: usd(8) });
  });

  it('does not flag a daily batch at a fixed UTC hour whose local hour moves with DST', () => {
    // Prepare: 60.00 at 02:00 UTC every day, 0.50 otherwise: 21:00 in New York until 8 March, 22:00 since
    const spend = seriesOf('2026-02-28T00:00:00Z', '2026-03-10T00:00:00Z', (hour) => (hour.getUTCHours() === 2 ? usd(60) : usd(0.5)));

    // Assess: the 22:00 hour had spent 0.50, so 60.00 was 20x the all-hours mean; but it peaks every day
    expect(spikeDays(spend, '2026-03-08T00:05:00Z', '2026-03-10T00:00:00Z', NEW_YORK)).toEqual([]);
  });

  it('flags a 30x hour again the next day (extreme), but not an 8x one that an earlier day had', () => {
    const twice = (amount: number) =>
      seriesOf('2026-11-18T00:00:00Z', '2026-11-27T15:00:00Z', (hour) => (hour.getUTCHours() === 13 && hour.getUTCDate() >= 26 ? usd(amount) : usd(1)));

    expect(spikeAt('2026-11-27T14:20:00Z', twice(30))).toMatchObject({ spend: usd(30), usual: usd(1), peakHour: usd(30) });
    expect(spikeAt('2026-11-27T14:20:00Z', twice(8))).toBeUndefined();
  });

  it('is not blinded for a week by one far larger hour: a 300.00 one-off leaves a 30.00 hour a spike', () => {
    const spend = seriesOf('2026-11-18T00:00:00Z', '2026-11-26T15:00:00Z', (hour) => {
      if (hour.toISOString() === '2026-11-22T10:00:00.000Z') return usd(300);
      return hour.toISOString() === '2026-11-26T13:00:00.000Z' ? usd(30) : usd(1);
    });

    expect(spikeAt('2026-11-26T14:20:00Z', spend)).toMatchObject({ spend: usd(30), usual: usd(1), ratioTenths: 300n });
  });

  it('sees a burst that Telnyx reports hours late once its rows arrive', () => {
    // Prepare: at 16:10 the rows of the 13:00 hour (30.00) have just arrived; the last hour and the current one
    // are still empty
    const spend = seriesOf('2026-11-18T00:00:00Z', '2026-11-26T14:00:00Z', (hour) => (hour.toISOString() === '2026-11-26T13:00:00.000Z' ? usd(30) : usd(1)));

    const spike = spikeAt('2026-11-26T16:10:00Z', spend);

    expect(spike).toMatchObject({ spend: usd(30), partial: false, latest: false });
    expect(spike?.hourStart.toISOString()).toBe('2026-11-26T13:00:00.000Z');
  });
});
