/**
 * When the check runs: the Scheduler expression, the longest gap between two runs (which sizes the checks-stopped
 * alarm), the time zone of the schedule and of the check's days, and how long an ended day is re-read.
 */
import { validateTimeZone } from '../../functions/cost-alert/domain/periods';
import { DEFAULT_LATE_USAGE_HOURS, MAX_LATE_USAGE_HOURS, parseLateUsageHours } from '../../functions/cost-alert/domain/settings';
import { CONTEXT_KEYS, ContextError, type ContextReader, optionalString, withDefault } from './context-reader';

const RATE = /^rate\((\d+) (minutes?|hours?|days?)\)$/;
const MINUTES_PER_UNIT: Record<string, number> = { minute: 1, hour: 60, day: 1440 };
/** A day: CloudWatch alarms cannot look further back than that, so longer gaps cannot be watched. */
const MAX_INTERVAL_MINUTES = 1440;

export interface ScheduleSettings {
  /** EventBridge Scheduler expression: rate(...) or cron(...). */
  readonly schedule: string;
  /** Longest gap between two scheduled runs, in minutes. */
  readonly intervalMinutes: number;
}

export function readScheduleSettings(context: ContextReader): ScheduleSettings {
  const schedule = readSchedule(context);
  const heartbeat = optionalString(context, CONTEXT_KEYS.heartbeatMinutes);
  const intervalMinutes = heartbeat === undefined ? inferIntervalMinutes(schedule) : parseHeartbeatMinutes(heartbeat);
  return { schedule, intervalMinutes };
}

function readSchedule(context: ContextReader): string {
  const key = CONTEXT_KEYS.schedule;
  const value = withDefault(context, 'schedule');
  const rate = RATE.exec(value);
  if (rate) {
    const amount = Number(rate[1]);
    const unit = rate[2]!;
    if (amount < 1) throw new ContextError(key, `"${value}" must run at least every 1 ${unit.replace(/s$/, '')}`);
    if ((amount === 1) !== !unit.endsWith('s')) {
      const fixed = amount === 1 ? unit.replace(/s$/, '') : `${unit}s`;
      throw new ContextError(key, `"${value}" should read rate(${amount} ${fixed})`);
    }
    return value;
  }
  const cron = /^cron\((.+)\)$/.exec(value);
  if (cron) {
    checkCronFields(value, cron[1]!.trim().split(/\s+/));
    return value;
  }
  throw new ContextError(key, `"${value}" is not an EventBridge Scheduler expression like rate(15 minutes) or cron(0/15 * * * ? *) (cron has six fields)`);
}

function checkCronFields(value: string, fields: readonly string[]): void {
  const key = CONTEXT_KEYS.schedule;
  if (fields.length !== 6) {
    throw new ContextError(
      key,
      `"${value}" has ${fields.length} fields; Scheduler's cron has six (minutes hours day-of-month month day-of-week year), like cron(0/15 * * * ? *)`,
    );
  }
  const questionMarks = [fields[2], fields[4]].filter((field) => field === '?').length;
  if (questionMarks !== 1 || fields.some((field, index) => field.includes('?') && index !== 2 && index !== 4)) {
    throw new ContextError(key, `"${value}" needs "?" in exactly one of day-of-month (3rd field) and day-of-week (5th), like cron(0/15 * * * ? *)`);
  }
}

/**
 * The longest gap between runs of `schedule`. Exact for rate(); for cron() only the plain repeating
 * shapes are recognized (every N minutes, hourly, every N hours, daily), since a cron with quiet hours
 * would leave the checks-stopped alarm firing every night: those need `heartbeatMinutes` stated.
 */
export function inferIntervalMinutes(schedule: string): number {
  const rate = RATE.exec(schedule);
  const minutes = rate ? Number(rate[1]) * MINUTES_PER_UNIT[rate[2]!.replace(/s$/, '')]! : inferCronInterval(schedule);
  if (minutes === undefined) {
    throw new ContextError(
      CONTEXT_KEYS.heartbeatMinutes,
      `cannot tell how often "${schedule}" runs; set heartbeatMinutes to the longest gap between two runs, e.g. -c heartbeatMinutes=60`,
    );
  }
  if (minutes > MAX_INTERVAL_MINUTES) {
    throw new ContextError(
      CONTEXT_KEYS.schedule,
      `"${schedule}" runs less than daily; the checks-stopped alarm can watch at most a day, so schedule at least rate(1 day)`,
    );
  }
  return minutes;
}

function inferCronInterval(schedule: string): number | undefined {
  const fields = /^cron\((.+)\)$/.exec(schedule)?.[1]?.trim().split(/\s+/);
  if (!fields || fields.length !== 6) return undefined;
  const [minute, hour, dayOfMonth, month, dayOfWeek, year] = fields as [string, string, string, string, string, string];
  const any = (field: string) => field === '*' || field === '?';
  if (![dayOfMonth, month, dayOfWeek, year].every(any)) return undefined;
  const step = (field: string) => /^(?:\*|0)\/(\d+)$/.exec(field)?.[1];
  const fixed = (field: string) => /^\d+$/.test(field);
  const minuteStep = step(minute);
  if (any(hour) && minute === '*') return 1;
  if (any(hour) && minuteStep !== undefined && 60 % Number(minuteStep) === 0) return Number(minuteStep);
  if (!fixed(minute)) return undefined;
  if (any(hour)) return 60;
  const hourStep = step(hour);
  if (hourStep !== undefined && 24 % Number(hourStep) === 0) return Number(hourStep) * 60;
  if (fixed(hour)) return 1440;
  return undefined;
}

function parseHeartbeatMinutes(value: string): number {
  const minutes = Number(value);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_INTERVAL_MINUTES) {
    throw new ContextError(CONTEXT_KEYS.heartbeatMinutes, `"${value}" is not a whole number of minutes between 1 and ${MAX_INTERVAL_MINUTES}`);
  }
  return minutes;
}

export function readTimeZone(context: ContextReader): string {
  const key = CONTEXT_KEYS.timeZone;
  const value = withDefault(context, 'timeZone');
  try {
    // The check's own validation (canonical case, europe/berlin -> Europe/Berlin, but never an older alias):
    // Scheduler and the check must agree on the name.
    return validateTimeZone(value);
  } catch (error) {
    throw new ContextError(key, `"${value}" is not an IANA time zone like UTC or Europe/Berlin`, { cause: error });
  }
}

/** The function's own rule (LATE_USAGE_HOURS), from domain/settings.ts. */
export function readLateUsageHours(context: ContextReader): number {
  const value = withDefault(context, 'lateUsageHours');
  const hours = parseLateUsageHours(value);
  if (hours === undefined) {
    throw new ContextError(
      CONTEXT_KEYS.lateUsageHours,
      `"${value}" is not a whole number of hours from 0 to ${MAX_LATE_USAGE_HOURS}, like ${DEFAULT_LATE_USAGE_HOURS}`,
    );
  }
  return hours;
}
