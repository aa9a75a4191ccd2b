/**
 * What the simulator knows: the products it offers and the usage records behind its reports.
 * `sampleDay(now)` builds a plausible account relative to `now`, so that "today" always has usage.
 */
import { formatNanos } from '../cost-alert/domain/money';
import type { SimulatedManagedAccount } from './managed-accounts-api';
import { SAMPLE_BALANCE, type SimulatedBalance } from './balance';
import { PRODUCT_CATALOGUE, SAMPLE_ACCOUNT_USER_ID, SAMPLE_MANAGED_ACCOUNTS } from './catalogue';
import { GENERATORS, pickUser, type ProductGenerator } from './sample-generators';
import { seededRandom } from './sample-random';
import { DAY_MS } from '../cost-alert/domain/time';

export { PRODUCT_CATALOGUE, SAMPLE_ACCOUNT_USER_ID, SAMPLE_MANAGED_ACCOUNTS, SAMPLE_MANAGED_USER_IDS, WIRELESS_TODAY } from './catalogue';
export type { SimulatedManagedAccount } from './managed-accounts-api';

/** A product as `GET /v2/usage_reports/options` describes it. */
export interface ProductDefinition {
  readonly product: string;
  /** Valid `dimensions` (and filter keys) for the product. */
  readonly dimensions: readonly string[];
  /** Valid `metrics` for the product; a product without `cost` has no spend to watch. */
  readonly metrics: readonly string[];
}

/** One unit of usage before aggregation. */
export interface UsageRecord {
  readonly timestamp: Date;
  /**
   * Dimension values (strings), including `user_id` when the record belongs to a managed account.
   * `date` and `date_time` are derived from `timestamp`; a dimension the record lacks reads as ''.
   */
  readonly dimensions: Readonly<Record<string, string>>;
  /** Metric values as decimal text or JSON numbers; the server sums them exactly. */
  readonly metrics: Readonly<Record<string, string | number>>;
}

export interface Scenario {
  readonly products: readonly ProductDefinition[];
  /** Records per product name. */
  readonly records: Readonly<Record<string, readonly UsageRecord[]>>;
  /**
   * The caller's own account. Records whose `user_id` is absent or equal to it are the caller's;
   * any other `user_id` is a managed account, reported only with `managed_accounts=true`.
   */
  readonly accountUserId?: string;
  /** What `GET /v2/managed_accounts` lists (none when absent). */
  readonly managedAccounts?: readonly SimulatedManagedAccount[];
  /** Emit `cost` as a JSON string ("0.3") instead of a number, as a careful client must accept. */
  readonly costAsString?: boolean;
  /**
   * How `date_time` values are written, from the start of the hour (Telnyx does not document the format);
   * default `2026-11-26T14:00:00Z`. Tests give other ISO 8601 variants, or an unreadable one.
   */
  readonly dateTime?: (hourStart: Date) => string;
  /** What `GET /v2/balance` answers; default the sample account's (./balance.ts `SAMPLE_BALANCE`). */
  readonly balance?: SimulatedBalance;
}

/** Days before today that carry usage: covers this month and last month's end, whatever today is. */
const HISTORY_DAYS = 35;

/** Start (00:00 UTC) of the UTC day that contains `instant`. */
export function utcDayStart(instant: Date): Date {
  return new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()));
}

/**
 * The sample days built in this process, by instant. Tests pin a clock and start many simulators (one per CLI run),
 * and building a day draws thousands of records; its records are read-only, so one instant's day is shared.
 */
const builtDays = new Map<number, Scenario>();
const BUILT_DAYS_KEPT = 8;

/**
 * A sample account relative to `now`: records over today (up to `now`) and the 35 days before.
 * Today is a spike (messaging outbound about 40-60 USD, sip-trunking about 20-30 USD for the own
 * account) over quiet earlier days (an eighth of that), so month-to-date lands in the hundreds.
 * Today's records are spread over the part of the day that has passed, so "today" has the same
 * totals at any hour. Deterministic: the same `now` gives the same records, and earlier days do
 * not depend on the time of day. One instant's day is built once per process and shared (buildSampleDay builds anew).
 *
 * For the early-warning signals: messaging has a burst in the last 60 minutes before `now` (outbound
 * US SMS, `BURST_COST`), far above any usual hour, so a spike shows; wireless is steady around the
 * clock (about 6 USD a day, all day) and has spent exactly `WIRELESS_TODAY` today, just under the sample
 * limit of 5.00, so that the rest of the day at its usual pace passes the limit: a day forecast shows at
 * any time but the last hour of the day (when no hour is left to project).
 */
export function sampleDay(now: Date): Scenario {
  const key = now.getTime();
  let day = builtDays.get(key);
  if (!day) {
    day = buildSampleDay(now);
    if (builtDays.size >= BUILT_DAYS_KEPT) builtDays.delete(builtDays.keys().next().value as number);
    builtDays.set(key, day);
  }
  return day;
}

/** What `sampleDay` returns, built anew on every call (the same `now` gives equal records). */
export function buildSampleDay(now: Date): Scenario {
  const today = utcDayStart(now);
  const records: Record<string, UsageRecord[]> = {};
  for (const definition of PRODUCT_CATALOGUE) records[definition.product] = [];
  for (let daysAgo = HISTORY_DAYS; daysAgo >= 0; daysAgo--) {
    const dayStart = new Date(today.getTime() - daysAgo * DAY_MS);
    const span = daysAgo === 0 ? now.getTime() - today.getTime() : DAY_MS;
    const dayKey = dayStart.toISOString().slice(0, 10);
    for (const [product, generate] of Object.entries(GENERATORS)) {
      const random = seededRandom(`${dayKey}/${product}`);
      const count = recordCount(generate, daysAgo);
      const day: UsageRecord[] = [];
      for (let i = 0; i < count; i++) {
        const timestamp = new Date(dayStart.getTime() + Math.floor((random() * span) / 1000) * 1000);
        const record = generate.record(random);
        day.push({ timestamp, dimensions: { user_id: pickUser(random), ...record.dimensions }, metrics: record.metrics });
      }
      const total = daysAgo === 0 ? generate.steady?.todayOwnTotal : undefined;
      records[product]?.push(...(total === undefined ? day : withOwnTotal(day, total)));
    }
  }
  records.messaging?.push(...messagingBurst(now), ...messagingBurst(now, SAMPLE_MANAGED_ACCOUNTS[0].id, MANAGED_BURST_COST, MANAGED_BURST_MINUTES));
  return { products: PRODUCT_CATALOGUE, records, accountUserId: SAMPLE_ACCOUNT_USER_ID, managedAccounts: SAMPLE_MANAGED_ACCOUNTS, balance: SAMPLE_BALANCE };
}

/** Outbound messaging spend of the burst in the last hour of the sample day. */
export const BURST_COST = '25.00';
/** Minutes before `now` that the burst covers. */
const BURST_MINUTES = 60;
const BURST_RECORDS = 25;
/**
 * A managed account's runaway messaging (Alpha Dental LLC, over its last 3 hours): with its usual 8 to 25 USD of
 * outbound messaging a day it passes the sample's per-account daily limit of 20 on any day, while the other account
 * (3 to 13 USD) stays under 80 % of it: the sample day has exactly one per-account alert.
 */
export const MANAGED_BURST_COST = '15.00';
const MANAGED_BURST_MINUTES = 180;

/**
 * SMS pumping in the last hour: 25 records of outbound US SMS (1.00 USD each) spread evenly over the 60 minutes before
 * `now`, costing `BURST_COST` in all (the own account, so every threshold and the total see it). Shortly
 * after midnight the burst is squeezed into today, so that earlier days never depend on the time of day.
 * With another `userId`, `cost` and `minutes`: the same for a managed account.
 */
function messagingBurst(now: Date, userId: string = SAMPLE_ACCOUNT_USER_ID, cost = BURST_COST, minutes = BURST_MINUTES): UsageRecord[] {
  const end = Math.floor(now.getTime() / 1000) * 1000;
  const span = Math.min(minutes * 60_000, end - utcDayStart(now).getTime());
  const total = BigInt(Math.round(Number(cost) * 100)) * 10_000_000n;
  const each = total / BigInt(BURST_RECORDS);
  const burst: UsageRecord[] = [];
  for (let i = 1; i <= BURST_RECORDS; i++) {
    // Whole seconds, before now (a window's end is exclusive), and not before today's start.
    const timestamp = new Date(end - Math.floor((((i - 0.5) / BURST_RECORDS) * span) / 1000) * 1000);
    const parts = Number(each / 4_000_000n);
    burst.push({
      timestamp,
      dimensions: {
        user_id: userId,
        direction: 'outbound',
        currency: 'USD',
        message_type: 'SMS',
        country_iso: 'US',
        product_name: 'long_code',
        normalized_carrier: 'T-Mobile USA',
        status_v2: 'delivered',
        mcc: '310',
        mnc: '260',
      },
      metrics: { cost: formatNanos(each, 2), parts, count: parts },
    });
  }
  return burst;
}

/** Records of a product on a day: today's count, and an eighth of it (or a steady product's count) before. */
function recordCount(generate: ProductGenerator, daysAgo: number): number {
  if (daysAgo === 0) return generate.todayRecords;
  return generate.steady ? generate.steady.recordsPerDay : Math.max(1, Math.round(generate.todayRecords / 8));
}

/**
 * The records with the own account's costs scaled so that they add up to `total` exactly (managed accounts'
 * records, which the check does not count, keep theirs): in proportion, the rounding left on the last one.
 */
function withOwnTotal(records: readonly UsageRecord[], total: string): UsageRecord[] {
  const own = records.filter((record) => record.dimensions.user_id === SAMPLE_ACCOUNT_USER_ID);
  const costOf = (record: UsageRecord) => BigInt(Math.round(Number(record.metrics.cost) * 1e6)) * 1000n;
  const before = own.reduce((sum, record) => sum + costOf(record), 0n);
  const wanted = BigInt(Math.round(Number(total) * 1e6)) * 1000n;
  let given = 0n;
  return records.map((record) => {
    if (record.dimensions.user_id !== SAMPLE_ACCOUNT_USER_ID || before === 0n) return record;
    const last = record === own[own.length - 1];
    const cost = last ? wanted - given : (costOf(record) * wanted) / before;
    given += cost;
    return { ...record, metrics: { ...record.metrics, cost: formatNanos(cost, 2) } };
  });
}
