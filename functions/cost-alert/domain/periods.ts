/**
 * Where a day and a month start, in the operator's time zone.
 *
 * Telnyx bills in UTC, but "today" for an operator in Tokyo starts at 15:00 UTC the day before, and a day in
 * New York is 23 or 25 hours long twice a year. Everything here is computed with `Intl.DateTimeFormat`
 * (the runtime's tz database), never with fixed offsets, and time is always passed in.
 */
import type { Period, PeriodKind } from './types';
import type { TimeWindow } from './usage';
import { DAY_MS, HOUR_MS, SECOND_MS } from './time';

export class PeriodError extends Error {
  override readonly name = 'PeriodError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** The usage API refuses windows longer than 31 days. */
export const MAX_WINDOW_MS = 31 * DAY_MS;

/** A wall-clock date and time, as shown by a clock in some time zone. */
interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

// Building a DateTimeFormat is costly (tens of microseconds); one per zone is reused for every lookup.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = newFormatter(timeZone);
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function newFormatter(timeZone: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat('en-US', {
      timeZone,
      // h23: some engines print midnight as 24:00 with hour12: false.
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch (error) {
    throw new PeriodError(`TIME_ZONE "${timeZone}" is not an IANA time zone, e.g. Europe/Berlin`, { cause: error });
  }
}

function wallClockAt(instantMs: number, timeZone: string): WallClock {
  const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  let beforeChrist = false;
  for (const part of formatterFor(timeZone).formatToParts(instantMs)) {
    switch (part.type) {
      case 'year':
      case 'month':
      case 'day':
      case 'hour':
      case 'minute':
      case 'second':
        fields[part.type] = Number(part.value);
        break;
      case 'era':
        beforeChrist = part.value.startsWith('B');
        break;
      default:
        break;
    }
  }
  if (beforeChrist) fields.year = 1 - fields.year;
  return fields;
}

/** The wall clock read as if it were UTC: comparable numbers for local times. */
function wallMs(wall: WallClock): number {
  const ms = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  // Date.UTC maps years 0-99 to 1900-1999.
  return wall.year >= 0 && wall.year < 100 ? new Date(ms).setUTCFullYear(wall.year) : ms;
}

/** Offset of the zone from UTC at an instant, in milliseconds (whole seconds: some historical offsets are). */
function offsetAt(instantMs: number, timeZone: string): number {
  const wholeSecond = Math.floor(instantMs / SECOND_MS) * SECOND_MS;
  return wallMs(wallClockAt(wholeSecond, timeZone)) - wholeSecond;
}

/**
 * The first instant at which a clock in `timeZone` shows the local date `year-month-day` (or later).
 * Usually local midnight; on a day whose midnight is skipped by a DST change (America/Santiago,
 * Asia/Beirut historically) it is the instant of the change, e.g. 01:00 local.
 */
function firstInstantOfDate(year: number, month: number, day: number, timeZone: string): number {
  const target = wallMs({ year, month, day, hour: 0, minute: 0, second: 0 });
  // Offsets range from -12 h to +14 h, so local midnight falls within [target - 14 h, target + 12 h].
  // The offsets in force around it are the candidates; a candidate is right when the clock then shows midnight.
  const candidates = new Set<number>();
  for (const probe of [target - 15 * HOUR_MS, target, target + 13 * HOUR_MS]) {
    candidates.add(offsetAt(probe, timeZone));
  }
  let earliest: number | undefined;
  for (const offset of candidates) {
    const instant = target - offset;
    if (offsetAt(instant, timeZone) === offset && (earliest === undefined || instant < earliest)) earliest = instant;
  }
  if (earliest !== undefined) return earliest;

  // Midnight does not exist that day: the clock jumps over it. Find the jump, to the second.
  let low = target - Math.max(...candidates); // the clock shows a time before midnight
  let high = target - Math.min(...candidates); // the clock shows a time after midnight
  low = Math.floor(low / SECOND_MS);
  high = Math.ceil(high / SECOND_MS);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    const shown = wallMs(wallClockAt(middle * SECOND_MS, timeZone));
    if (shown >= target) high = middle;
    else low = middle;
  }
  return high * SECOND_MS;
}

function pad(value: number, width = 2): string {
  const text = String(Math.abs(value)).padStart(width, '0');
  return value < 0 ? `-${text}` : text;
}

/**
 * Checks that a time zone is a name the runtime's tz database knows, and returns the canonical spelling
 * (`utc` -> `UTC`). Offsets like `+01:00` are refused: they have no daylight saving time, and the scheduler
 * that runs the check wants an IANA name too.
 */
export function validateTimeZone(tz: string): string {
  const name = tz.trim();
  const refuse = (cause?: unknown) =>
    new PeriodError(`TIME_ZONE "${tz}" is not an IANA time zone, e.g. Europe/Berlin`, cause === undefined ? undefined : { cause });
  if (name === '' || /^[+-]/.test(name)) throw refuse();
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    // Canonical case (utc -> UTC), but never an older alias (the ICU of this machine may turn
    // Asia/Kolkata into Asia/Calcutta): the name the operator wrote is the one Scheduler and the check get.
    return resolved.toLowerCase() === name.toLowerCase() ? resolved : name;
  } catch (error) {
    throw refuse(error);
  }
}

/** The local date at an instant, e.g. '2026-11-26'. */
export function localDateKey(at: Date, timeZone: string): string {
  const wall = wallClockAt(at.getTime(), timeZone);
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`;
}

/**
 * An instant as the clock in `timeZone` shows it, with the offset: '2026-11-26T14:05:09+01:00'
 * (seconds of the offset added only when the zone's offset has them, as some historical ones do).
 */
export function formatLocalDateTime(at: Date, timeZone: string): string {
  const instant = at.getTime();
  const wall = wallClockAt(instant, timeZone);
  const offsetSeconds = Math.round(offsetAt(instant, timeZone) / SECOND_MS);
  const sign = offsetSeconds < 0 ? '-' : '+';
  const absolute = Math.abs(offsetSeconds);
  const hours = Math.floor(absolute / 3600);
  const minutes = Math.floor((absolute % 3600) / 60);
  const seconds = absolute % 60;
  const offset = `${sign}${pad(hours)}:${pad(minutes)}${seconds ? `:${pad(seconds)}` : ''}`;
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}${offset}`;
}

/**
 * Today and this month in `timeZone` at the instant `now`. `start` is the first instant of the local
 * day (month), `end` the first instant of the next one, so a day may last 23 or 25 hours.
 */
export function periodsAt(now: Date, timeZone: string): { daily: Period; monthly: Period } {
  const instant = now.getTime();
  if (!Number.isFinite(instant)) throw new PeriodError('The time of the check is not a valid date');
  const today = wallClockAt(instant, timeZone);
  return {
    daily: periodContaining(instant, timeZone, 'daily', today.year, today.month, today.day),
    monthly: periodContaining(instant, timeZone, 'monthly', today.year, today.month, 1),
  };
}

/**
 * The day (month) starting at the local date shown at `instant`. Periods run from the first instant of a
 * date to the first instant of the next, so they tile time without gaps or overlaps. When a clock is set
 * back across midnight (America/Goose_Bay, 1988: 00:01 -> 22:01), the repeated hours belong to the date
 * that had already begun, so the loop moves on to it.
 */
function periodContaining(instant: number, timeZone: string, kind: PeriodKind, year: number, month: number, day: number): Period {
  let date = { year, month, day };
  for (let step = 0; ; step++) {
    // Date.UTC normalises day 32 or month 13 into the next month or year.
    const next = new Date(
      wallMs({ ...date, day: kind === 'daily' ? date.day + 1 : 1, month: kind === 'daily' ? date.month : date.month + 1, hour: 0, minute: 0, second: 0 }),
    );
    const nextDate = { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
    const end = firstInstantOfDate(nextDate.year, nextDate.month, nextDate.day, timeZone);
    if (instant < end || step >= 2) {
      const key = `${pad(date.year, 4)}-${pad(date.month)}${kind === 'daily' ? `-${pad(date.day)}` : ''}`;
      const start = firstInstantOfDate(date.year, date.month, date.day, timeZone);
      return { kind, key, timeZone, start: new Date(start), end: new Date(end) };
    }
    date = nextDate;
  }
}

/**
 * The windows to ask Telnyx for the spend of `period` so far: from its start to the earlier of its end
 * and `now`, in whole seconds (the API's date format has no fractions: the start is rounded down and
 * `now` up, so no usage is left out). A span over 31 days (a 31-day month with a DST fall-back lasts
 * 31 days and 1 hour) is split into consecutive windows of at most 31 days.
 *
 * Never returns an empty window: when `now` is not after the start (a clock skew, or a check run at the
 * very first instant of a period), it returns one window of one second from the start, which is a valid
 * query and reports the spend so far, which is none or nearly none.
 */
export function queryWindows(period: Period, now: Date): TimeWindow[] {
  const start = Math.floor(period.start.getTime() / SECOND_MS) * SECOND_MS;
  const periodEnd = Math.ceil(period.end.getTime() / SECOND_MS) * SECOND_MS;
  const nowCeiling = Math.ceil(now.getTime() / SECOND_MS) * SECOND_MS;
  const end = Math.min(periodEnd, nowCeiling);
  if (!Number.isFinite(start) || !Number.isFinite(end)) throw new PeriodError('A period or the time of the check is not a valid date');
  if (end <= start) return [{ start: new Date(start), end: new Date(start + SECOND_MS) }];

  const windows: TimeWindow[] = [];
  for (let from = start; from < end; from += MAX_WINDOW_MS) {
    windows.push({ start: new Date(from), end: new Date(Math.min(from + MAX_WINDOW_MS, end)) });
  }
  return windows;
}

/** The usage API's date format, in UTC without fractions: '2026-11-26T00:00:00Z' (milliseconds are dropped). */
export function formatApiDate(d: Date): string {
  const iso = d.toISOString();
  return `${iso.slice(0, 19)}Z`;
}
