/**
 * Spend per hour, from usage rows broken out by the `date_time` dimension: the one series that the early-warning
 * signals (forecast, spike) and the daily digest read. Telnyx does not document the format of `date_time`
 * values, so every ISO 8601 variant seen in the wild is accepted and anything else is counted, never guessed.
 */
import { filterMatcher } from './usage-filter';
import { localDateKey } from './periods';
import type { UsageRow } from './usage';
import { HOUR_MS } from './time';

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Epoch milliseconds of a `date_time` value, or undefined when it is not one.
 * Accepted: `2026-11-26T14:00:00Z`, `2026-11-26 14:00:00`, `2026-11-26T14:00`, `2026-11-26T14:00:00.000+01:00`,
 * `2026-11-26 14:00:00+0100`. No zone means UTC (Telnyx bills in UTC). Impossible dates (2026-02-30) are refused.
 */
export function parseUsageDateTime(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = DATE_TIME.exec(value.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s ?? '0');
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return utc - offsetMs(zone);
}

function offsetMs(zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || '0');
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes) * 60_000;
}

/**
 * Spend per UTC hour and currency. Rows whose `date_time` cannot be read are counted in `unparseable` (with the
 * first such value kept for the message) and left out: the caller decides that the series is unusable.
 */
export class HourlySpend {
  private readonly byHour = new Map<number, Map<string, bigint>>();
  /** Undefined without a filter: every row counts. */
  private readonly matches: ((values: Readonly<Record<string, unknown>>) => boolean) | undefined;
  unparseable = 0;
  firstUnparseable: string | undefined;
  /** Rows summed. */
  counted = 0;
  /** True once a negative amount (a credit) was summed. */
  sawCredit = false;
  /** Start of the earliest hour with a summed row (any currency): where the product's history begins. */
  firstHour: number | undefined;

  constructor(filter: Readonly<Record<string, string>> = {}) {
    this.matches = Object.keys(filter).length > 0 ? filterMatcher(filter) : undefined;
  }

  add(rows: readonly UsageRow[]): void {
    for (const row of rows) {
      if (this.matches && !this.matches(row.values)) continue;
      if (row.cost === undefined) continue;
      const at = parseUsageDateTime(row.values['date_time']);
      if (at === undefined) {
        this.unparseable++;
        this.firstUnparseable ??= String(row.values['date_time']);
        continue;
      }
      const hour = Math.floor(at / HOUR_MS) * HOUR_MS;
      const currency = typeof row.values['currency'] === 'string' ? row.values['currency'].trim().toUpperCase() : '';
      let sums = this.byHour.get(hour);
      if (!sums) this.byHour.set(hour, (sums = new Map()));
      sums.set(currency, (sums.get(currency) ?? 0n) + row.cost);
      if (row.cost < 0n) this.sawCredit = true;
      if (this.firstHour === undefined || hour < this.firstHour) this.firstHour = hour;
      this.counted++;
    }
  }

  /** Spend in `currency` in the hour starting at `hourStart` (epoch ms, on the hour). */
  at(hourStart: number, currency: string): bigint {
    return this.byHour.get(hourStart)?.get(currency.toUpperCase()) ?? 0n;
  }

  /** Spend in `currency` over the hours starting in [from, to). */
  sum(currency: string, from: number, to: number): bigint {
    let total = 0n;
    const wanted = currency.toUpperCase();
    for (const [hour, sums] of this.byHour) if (hour >= from && hour < to) total += sums.get(wanted) ?? 0n;
    return total;
  }

  /** Spend in `currency` per local day (`YYYY-MM-DD` in `timeZone`), over the hours in [from, to). */
  byLocalDay(currency: string, timeZone: string, from: number, to: number): Map<string, bigint> {
    const days = new Map<string, bigint>();
    const wanted = currency.toUpperCase();
    for (const [hour, sums] of [...this.byHour].sort(([a], [b]) => a - b)) {
      if (hour < from || hour >= to) continue;
      const key = localDateKey(new Date(hour), timeZone);
      days.set(key, (days.get(key) ?? 0n) + (sums.get(wanted) ?? 0n));
    }
    return days;
  }

  /** Every currency seen, sorted. */
  currencies(): string[] {
    const seen = new Set<string>();
    for (const sums of this.byHour.values()) for (const currency of sums.keys()) seen.add(currency);
    return [...seen].sort();
  }
}
