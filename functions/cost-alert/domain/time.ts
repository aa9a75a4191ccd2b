/** Lengths of time in milliseconds, as Date arithmetic counts them (a UTC day; a local day may last 23 or 25 hours, see periods.ts). */
export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
