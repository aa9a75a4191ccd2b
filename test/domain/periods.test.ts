import {
  formatApiDate,
  formatLocalDateTime,
  localDateKey,
  MAX_WINDOW_MS,
  PeriodError,
  periodsAt,
  queryWindows,
  validateTimeZone,
} from '../../functions/cost-alert/domain/periods';
import type { Period } from '../../functions/cost-alert/domain/types';

const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();
const hours = (p: Period) => (p.end.getTime() - p.start.getTime()) / HOUR;

describe('periodsAt', () => {
  it('gives the UTC day and month around an instant', () => {
    // Prepare
    const now = at('2026-11-26T13:45:12.345Z');

    // Act
    const { daily, monthly } = periodsAt(now, 'UTC');

    // Assess
    expect(daily).toEqual({
      kind: 'daily',
      key: '2026-11-26',
      timeZone: 'UTC',
      start: at('2026-11-26T00:00:00Z'),
      end: at('2026-11-27T00:00:00Z'),
    });
    expect(monthly).toEqual({
      kind: 'monthly',
      key: '2026-11',
      timeZone: 'UTC',
      start: at('2026-11-01T00:00:00Z'),
      end: at('2026-12-01T00:00:00Z'),
    });
  });

  it('puts local midnight in the new day (start inclusive, end exclusive)', () => {
    // Act
    const justBefore = periodsAt(at('2026-11-26T23:59:59.999Z'), 'UTC').daily;
    const midnight = periodsAt(at('2026-11-27T00:00:00Z'), 'UTC').daily;

    // Assess
    expect(justBefore.key).toBe('2026-11-26');
    expect(midnight.key).toBe('2026-11-27');
    expect(midnight.start).toEqual(justBefore.end);
  });

  it('rolls a December month over into January of the next year', () => {
    // Act
    const { monthly } = periodsAt(at('2026-12-31T23:00:00Z'), 'UTC');

    // Assess
    expect(monthly.key).toBe('2026-12');
    expect(monthly.end).toEqual(at('2027-01-01T00:00:00Z'));
  });

  it('starts a Tokyo day at 15:00 UTC the day before', () => {
    // Act
    const before = periodsAt(at('2026-11-26T14:59:59Z'), 'Asia/Tokyo').daily;
    const after = periodsAt(at('2026-11-26T15:00:00Z'), 'Asia/Tokyo').daily;

    // Assess
    expect(before.key).toBe('2026-11-26');
    expect(iso(before.start)).toBe('2026-11-25T15:00:00.000Z');
    expect(after.key).toBe('2026-11-27');
    expect(iso(after.start)).toBe('2026-11-26T15:00:00.000Z');
    expect(iso(after.end)).toBe('2026-11-27T15:00:00.000Z');
  });

  it('starts a Tokyo month when UTC still shows the last day of the previous one', () => {
    // Act
    const { monthly } = periodsAt(at('2026-11-30T15:00:00Z'), 'Asia/Tokyo');

    // Assess
    expect(monthly.key).toBe('2026-12');
    expect(iso(monthly.start)).toBe('2026-11-30T15:00:00.000Z');
    expect(iso(monthly.end)).toBe('2026-12-31T15:00:00.000Z');
  });

  it('makes the New York spring-forward day 23 hours long', () => {
    // Act
    const { daily, monthly } = periodsAt(at('2026-03-08T12:00:00Z'), 'America/New_York');

    // Assess
    expect(daily.key).toBe('2026-03-08');
    expect(iso(daily.start)).toBe('2026-03-08T05:00:00.000Z'); // midnight EST (-05:00)
    expect(iso(daily.end)).toBe('2026-03-09T04:00:00.000Z'); // midnight EDT (-04:00)
    expect(hours(daily)).toBe(23);
    expect(iso(monthly.start)).toBe('2026-03-01T05:00:00.000Z');
    expect(iso(monthly.end)).toBe('2026-04-01T04:00:00.000Z');
  });

  it('makes the New York fall-back day 25 hours long and keeps both 01:30s in it', () => {
    // Act
    const firstOneThirty = periodsAt(at('2026-11-01T05:30:00Z'), 'America/New_York').daily; // 01:30 EDT
    const secondOneThirty = periodsAt(at('2026-11-01T06:30:00Z'), 'America/New_York').daily; // 01:30 EST

    // Assess
    expect(firstOneThirty).toEqual(secondOneThirty);
    expect(firstOneThirty.key).toBe('2026-11-01');
    expect(iso(firstOneThirty.start)).toBe('2026-11-01T04:00:00.000Z');
    expect(iso(firstOneThirty.end)).toBe('2026-11-02T05:00:00.000Z');
    expect(hours(firstOneThirty)).toBe(25);
  });

  it('starts a day whose midnight is skipped at the first instant of that date (America/Santiago)', () => {
    // Prepare: on 2026-09-06 Chile's clocks jump from 00:00 (-04:00) straight to 01:00 (-03:00).

    // Act
    const skipped = periodsAt(at('2026-09-06T12:00:00Z'), 'America/Santiago').daily;
    const before = periodsAt(at('2026-09-05T12:00:00Z'), 'America/Santiago').daily;

    // Assess
    expect(skipped.key).toBe('2026-09-06');
    expect(iso(skipped.start)).toBe('2026-09-06T04:00:00.000Z');
    expect(formatLocalDateTime(skipped.start, 'America/Santiago')).toBe('2026-09-06T01:00:00-03:00');
    expect(hours(skipped)).toBe(23);
    expect(before.end).toEqual(skipped.start);
  });

  it('handles a historical skipped midnight (Asia/Beirut 2020-03-29)', () => {
    // Act
    const { daily } = periodsAt(at('2020-03-29T12:00:00Z'), 'Asia/Beirut');

    // Assess
    expect(iso(daily.start)).toBe('2020-03-28T22:00:00.000Z');
    expect(formatLocalDateTime(daily.start, 'Asia/Beirut')).toBe('2020-03-29T01:00:00+03:00');
  });

  it('lets a day that a zone skipped entirely simply not exist (Pacific/Apia 2011-12-30)', () => {
    // Act
    const before = periodsAt(at('2011-12-29T12:00:00Z'), 'Pacific/Apia').daily;
    const after = periodsAt(at('2011-12-30T12:00:00Z'), 'Pacific/Apia').daily;

    // Assess
    expect(before.key).toBe('2011-12-29');
    expect(after.key).toBe('2011-12-31');
    expect(before.end).toEqual(after.start);
  });

  it('keeps hours repeated across midnight in the day that already began (America/Goose_Bay 1988)', () => {
    // Prepare: at 00:00 (-02:00) on 1988-10-30 the clock went back to 22:00 (-04:00) on the 29th.
    const repeated = at('1988-10-30T03:52:00Z');
    expect(localDateKey(repeated, 'America/Goose_Bay')).toBe('1988-10-29');

    // Act
    const { daily } = periodsAt(repeated, 'America/Goose_Bay');
    const dayBefore = periodsAt(at('1988-10-30T01:30:00Z'), 'America/Goose_Bay').daily;

    // Assess
    expect(daily.key).toBe('1988-10-30');
    expect(iso(daily.start)).toBe('1988-10-30T02:00:00.000Z');
    expect(daily.start.getTime()).toBeLessThanOrEqual(repeated.getTime());
    expect(daily.end.getTime()).toBeGreaterThan(repeated.getTime());
    expect(dayBefore.end).toEqual(daily.start);
  });

  it('keeps every instant inside its periods across a year in zones with odd rules', () => {
    // Prepare
    const zones = ['America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/Santiago', 'Pacific/Chatham'];
    const failures: string[] = [];

    // Act
    for (const zone of zones) {
      for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 7 * HOUR + 13 * 60_000) {
        for (const period of Object.values(periodsAt(new Date(t), zone))) {
          const inside = period.start.getTime() <= t && t < period.end.getTime();
          const keyed = localDateKey(period.start, zone).startsWith(period.key);
          if (!inside || !keyed) failures.push(`${zone} ${new Date(t).toISOString()} ${period.kind}`);
        }
      }
    }

    // Assess
    expect(failures).toEqual([]);
  });
});

describe('validateTimeZone', () => {
  it('returns the canonical name of a known zone', () => {
    expect(validateTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(validateTimeZone(' utc ')).toBe('UTC');
    // never an older alias, whatever this machine's ICU prefers
    expect(validateTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(validateTimeZone('Europe/Kyiv')).toBe('Europe/Kyiv');
  });

  it('makes periodsAt refuse an unknown zone with the same named error', () => {
    expect(() => periodsAt(at('2026-11-26T00:00:00Z'), 'Mars/Base')).toThrow(PeriodError);
  });

  it.each([['Mars/Base'], [''], ['+01:00'], ['Europe/Berlin/Mitte']])('refuses %p with a PeriodError naming it', (zone) => {
    expect(() => validateTimeZone(zone)).toThrow(PeriodError);
    expect(() => validateTimeZone(zone)).toThrow(`TIME_ZONE "${zone}" is not an IANA time zone, e.g. Europe/Berlin`);
  });
});

describe('queryWindows', () => {
  const day = (start: string, end: string): Period => ({ kind: 'daily', key: start.slice(0, 10), timeZone: 'UTC', start: at(start), end: at(end) });

  it('asks from the start of the period to now, rounding now up to the next second', () => {
    // Act
    const windows = queryWindows(day('2026-11-26T00:00:00Z', '2026-11-27T00:00:00Z'), at('2026-11-26T13:45:12.001Z'));

    // Assess
    expect(windows).toEqual([{ start: at('2026-11-26T00:00:00Z'), end: at('2026-11-26T13:45:13Z') }]);
  });

  it('stops at the end of the period when now is past it', () => {
    // Act
    const windows = queryWindows(day('2026-11-26T00:00:00Z', '2026-11-27T00:00:00Z'), at('2026-11-28T09:00:00Z'));

    // Assess
    expect(windows).toEqual([{ start: at('2026-11-26T00:00:00Z'), end: at('2026-11-27T00:00:00Z') }]);
  });

  it('rounds a start with a fraction of a second down', () => {
    // Act
    const windows = queryWindows(day('2026-11-26T00:00:00.750Z', '2026-11-27T00:00:00Z'), at('2026-11-26T01:00:00Z'));

    // Assess
    expect(windows[0]?.start).toEqual(at('2026-11-26T00:00:00Z'));
  });

  it.each([
    ['at the very start of the period', '2026-11-26T00:00:00Z'],
    ['before the period (clock skew)', '2026-11-25T23:59:58Z'],
  ])('never returns an empty window when now is %s', (_case, now) => {
    // Act
    const windows = queryWindows(day('2026-11-26T00:00:00Z', '2026-11-27T00:00:00Z'), at(now));

    // Assess
    expect(windows).toEqual([{ start: at('2026-11-26T00:00:00Z'), end: at('2026-11-26T00:00:01Z') }]);
  });

  it('splits the Berlin October 2026 month (31 days + 1 hour) into windows of at most 31 days', () => {
    // Prepare
    const { monthly } = periodsAt(at('2026-10-31T22:59:59.500Z'), 'Europe/Berlin'); // 23:59:59.5 local, last instant of October

    // Act
    const windows = queryWindows(monthly, at('2026-10-31T22:59:59.500Z'));

    // Assess
    expect(hours(monthly)).toBe(31 * 24 + 1);
    expect(windows).toEqual([
      { start: at('2026-09-30T22:00:00Z'), end: at('2026-10-31T22:00:00Z') },
      { start: at('2026-10-31T22:00:00Z'), end: at('2026-10-31T23:00:00Z') },
    ]);
    for (const window of windows) expect(window.end.getTime() - window.start.getTime()).toBeLessThanOrEqual(MAX_WINDOW_MS);
  });

  it('keeps a 31-day month in one window', () => {
    // Prepare
    const { monthly } = periodsAt(at('2026-12-31T23:00:00Z'), 'UTC');

    // Act
    const windows = queryWindows(monthly, at('2027-01-05T00:00:00Z'));

    // Assess
    expect(windows).toEqual([{ start: at('2026-12-01T00:00:00Z'), end: at('2027-01-01T00:00:00Z') }]);
  });
});

describe('formatting instants', () => {
  it('formats the usage API date in UTC without fractions', () => {
    expect(formatApiDate(at('2026-11-26T00:00:00Z'))).toBe('2026-11-26T00:00:00Z');
    expect(formatApiDate(at('2026-11-26T15:04:05.999Z'))).toBe('2026-11-26T15:04:05Z');
  });

  it('shows local time with the offset in force, including historical offsets with seconds', () => {
    expect(formatLocalDateTime(at('2026-11-26T15:00:00Z'), 'Asia/Tokyo')).toBe('2026-11-27T00:00:00+09:00');
    expect(formatLocalDateTime(at('2026-11-01T05:30:00Z'), 'America/New_York')).toBe('2026-11-01T01:30:00-04:00');
    expect(formatLocalDateTime(at('2026-11-01T06:30:00Z'), 'America/New_York')).toBe('2026-11-01T01:30:00-05:00');
    expect(formatLocalDateTime(at('1970-06-01T00:44:30Z'), 'Africa/Monrovia')).toBe('1970-06-01T00:00:00-00:44:30');
  });

  it('gives the local date key', () => {
    expect(localDateKey(at('2026-11-26T15:00:00Z'), 'Asia/Tokyo')).toBe('2026-11-27');
    expect(localDateKey(at('2026-11-26T15:00:00Z'), 'UTC')).toBe('2026-11-26');
  });
});
