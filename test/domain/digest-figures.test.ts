import { changeAgainstAverage, digestCalendar, productDigests, projectMonthEnd } from '../../functions/cost-alert/domain/digest-figures';
import { HourlySpend } from '../../functions/cost-alert/domain/hourly-series';
import type { UsageRow } from '../../functions/cost-alert/domain/usage';
import { calendar, nanos } from './digest-fixtures';

describe('digestCalendar', () => {
  it('covers the 14 full local days before the day it is sent, and the month through yesterday', () => {
    expect(calendar.today.key).toBe('2026-11-27');
    expect(calendar.yesterday.key).toBe('2026-11-26');
    expect(calendar.days.map((day) => day.key)).toEqual([
      '2026-11-13',
      '2026-11-14',
      '2026-11-15',
      '2026-11-16',
      '2026-11-17',
      '2026-11-18',
      '2026-11-19',
      '2026-11-20',
      '2026-11-21',
      '2026-11-22',
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
    ]);
    expect(calendar.month.key).toBe('2026-11');
    expect(calendar.daysLeftInMonth).toBe(4);
    expect(calendar.window).toEqual({ start: new Date('2026-11-01T00:00:00Z'), end: new Date('2026-11-27T00:00:00Z') });
  });

  it('on the 1st reports the month that ended, with no day left', () => {
    const first = digestCalendar(new Date('2026-12-01T07:00:00Z'), 'Europe/Berlin');
    expect([first.yesterday.key, first.month.key, first.daysLeftInMonth]).toEqual(['2026-11-30', '2026-11', 0]);
    // 1 November 00:00 in Berlin is 31 October 23:00 UTC: the window reaches back to the month's first local hour.
    expect(first.window).toEqual({ start: new Date('2026-10-31T23:00:00Z'), end: new Date('2026-11-30T23:00:00Z') });
  });

  it('gives a 25-hour day its 25 hours (New York, end of daylight saving time)', () => {
    const after = digestCalendar(new Date('2026-11-02T12:00:00Z'), 'America/New_York');
    expect(after.yesterday.key).toBe('2026-11-01');
    expect(after.yesterday.end.getTime() - after.yesterday.start.getTime()).toBe(25 * 3_600_000);
  });

  it('widens to whole UTC hours in a half-hour zone (Asia/Kolkata, midnight at 18:30 UTC)', () => {
    const kolkata = digestCalendar(new Date('2026-11-27T04:00:00Z'), 'Asia/Kolkata');
    expect(kolkata.yesterday.start).toEqual(new Date('2026-11-25T18:30:00Z'));
    expect(kolkata.window.end).toEqual(new Date('2026-11-26T19:00:00Z'));
    expect(kolkata.window.start).toEqual(new Date('2026-10-31T18:00:00Z'));
  });
});

describe('productDigests', () => {
  const row = (at: string, cost: string, currency = 'USD'): UsageRow => ({ product: 'messaging', values: { date_time: at, currency }, cost: nanos(cost) });

  it('puts each hour on the local day it starts in and sums the month through yesterday, per currency', () => {
    // Prepare: Berlin is UTC+1 in November; 23:00 UTC on the 25th is 00:00 on the 26th there.
    const berlin = digestCalendar(new Date('2026-11-27T07:00:00Z'), 'Europe/Berlin');
    const spend = new HourlySpend();
    spend.add([
      row('2026-11-25T22:00:00Z', '1.000000001'), // 23:00 on the 25th
      row('2026-11-25T23:00:00Z', '2.5'), // 00:00 on the 26th
      row('2026-11-26T22:00:00Z', '0.25'), // 23:00 on the 26th
      row('2026-10-31T23:00:00Z', '10'), // 00:00 on 1 November: in the month
      row('2026-10-31T22:00:00Z', '100'), // 23:00 on 31 October: outside
      row('2026-11-26T10:00:00Z', '7', 'EUR'),
    ]);

    // Act
    const [eur, usd] = productDigests('messaging', spend, berlin);

    // Assess
    expect(usd?.days.slice(-2)).toEqual([nanos('1.000000001'), nanos('2.75')]);
    expect(usd?.monthToDate).toBe(nanos('13.750000001'));
    expect(eur).toEqual(expect.objectContaining({ currency: 'EUR', monthToDate: nanos('7') }));
    expect(eur?.days.at(-1)).toBe(nanos('7'));
  });

  it('leaves out a currency whose rows add up to nothing on every day and in the month', () => {
    // Prepare: EUR rows of zero cost (and a credit cancelling a charge on the same day)
    const spend = new HourlySpend();
    spend.add([
      row('2026-11-26T10:00:00Z', '5'),
      row('2026-11-26T11:00:00Z', '0', 'EUR'),
      row('2026-11-25T11:00:00Z', '2', 'GBP'),
      row('2026-11-25T12:00:00Z', '-2', 'GBP'),
    ]);

    // Act, Assess
    expect(productDigests('messaging', spend, calendar).map((digest) => digest.currency)).toEqual(['USD']);
  });
});

describe('projectMonthEnd', () => {
  it("adds the trailing 7 full days' daily average for each day left to the month to date", () => {
    // 14 days; the last 7 average 10 (7 x 10 = 70), the earlier ones are ignored
    const days = [...new Array<bigint>(7).fill(nanos('1000')), ...new Array<bigint>(7).fill(nanos('10'))];
    expect(projectMonthEnd(nanos('100'), days, 3)).toBe(nanos('130'));
  });

  it('averages over the days there are when fewer than 7, and gives none without a full day', () => {
    expect(projectMonthEnd(nanos('5'), [nanos('2'), nanos('4')], 10)).toBe(nanos('35'));
    expect(projectMonthEnd(nanos('5'), [], 10)).toBeUndefined();
  });

  it('rounds to the nano-unit, never through floating point', () => {
    expect(projectMonthEnd(0n, [...new Array<bigint>(6).fill(0n), 1n], 1)).toBe(0n); // 1/7 nano
    expect(projectMonthEnd(0n, [...new Array<bigint>(6).fill(0n), 4n], 1)).toBe(1n); // 4/7 nano
  });
});

describe('changeAgainstAverage', () => {
  it('is yesterday against the average of the 7 days before, rounded to a whole percent', () => {
    expect(changeAgainstAverage(nanos('92.88'), nanos('580.51'))).toBe(12); // avg 82.93
    expect(changeAgainstAverage(nanos('5'), nanos('70'))).toBe(-50);
    expect(changeAgainstAverage(nanos('5'), 0n)).toBeUndefined();
  });
});
