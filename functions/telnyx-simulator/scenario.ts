/**
 * What the simulator knows: the products it offers and the usage records behind its reports.
 * `sampleDay(now)` builds a plausible account relative to `now`, so that "today" always has usage.
 */
import { formatNanos } from '../cost-alert/domain/money';

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
  /** Emit `cost` as a JSON string ("0.3") instead of a number, as a careful client must accept. */
  readonly costAsString?: boolean;
  /**
   * How `date_time` values are written, from the start of the hour (Telnyx does not document the format);
   * default `2026-11-26T14:00:00Z`. Tests give other ISO 8601 variants, or an unreadable one.
   */
  readonly dateTime?: (hourStart: Date) => string;
}

const TIME_DIMENSIONS = ['date', 'date_time'];

/** The products of the sample account; dimension and metric names as Telnyx documents them. */
export const PRODUCT_CATALOGUE: readonly ProductDefinition[] = [
  {
    product: 'messaging',
    dimensions: [
      ...TIME_DIMENSIONS,
      'direction',
      'currency',
      'message_type',
      'country_iso',
      'product_name',
      'normalized_carrier',
      'status_v2',
      'mcc',
      'mnc',
      'user_id',
    ],
    metrics: ['cost', 'parts', 'count'],
  },
  {
    product: 'sip-trunking',
    dimensions: [...TIME_DIMENSIONS, 'direction', 'currency', 'country_code', 'connection_id', 'call_type', 'tn_type', 'tags', 'billing_group_id', 'user_id'],
    metrics: ['connected', 'cost', 'completed', 'call_sec', 'attempted', 'billed_sec'],
  },
  {
    product: 'call-control',
    dimensions: [...TIME_DIMENSIONS, 'direction', 'currency', 'country_code', 'connection_id', 'call_type', 'user_id'],
    metrics: ['cost', 'attempted', 'completed', 'call_sec', 'billed_sec'],
  },
  {
    product: 'wireless',
    dimensions: [...TIME_DIMENSIONS, 'direction', 'currency', 'country_iso', 'sim_card_group_id', 'network_type', 'user_id'],
    metrics: ['cost', 'data_mb', 'sms_count'],
  },
  {
    product: 'fax-api',
    dimensions: [...TIME_DIMENSIONS, 'direction', 'currency', 'country_code', 'connection_id', 'user_id'],
    metrics: ['cost', 'page_count', 'fax_count'],
  },
  {
    // No cost metric: clients must find cost products through the options endpoint, not assume.
    product: 'webrtc',
    dimensions: [...TIME_DIMENSIONS, 'direction', 'currency', 'connection_id', 'user_id'],
    metrics: ['sessions', 'session_sec'],
  },
];

/** The sample account's own user id and two managed accounts (the second id is the spec's CSV example). */
export const SAMPLE_ACCOUNT_USER_ID = 'a5b0e8a2-3f51-4c7e-9d0a-6c1f2b7e4d10';
export const SAMPLE_MANAGED_USER_IDS = ['3ca7bd3d-7d82-4e07-9df4-009123068320', 'f1d2c3b4-5a69-4788-9c0d-1e2f3a4b5c6d'] as const;

const DAY_MS = 86_400_000;
/** Days before today that carry usage: covers this month and last month's end, whatever today is. */
const HISTORY_DAYS = 35;

/** Start (00:00 UTC) of the UTC day that contains `instant`. */
export function utcDayStart(instant: Date): Date {
  return new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()));
}

/**
 * A sample account relative to `now`: records over today (up to `now`) and the 35 days before.
 * Today is a spike (messaging outbound about 40-60 USD, sip-trunking about 20-30 USD for the own
 * account) over quiet earlier days (an eighth of that), so month-to-date lands in the hundreds.
 * Today's records are spread over the part of the day that has passed, so "today" has the same
 * totals at any hour. Deterministic: the same `now` gives the same records, and earlier days do
 * not depend on the time of day.
 *
 * For the early-warning signals: messaging has a burst in the last 60 minutes before `now` (outbound
 * US SMS, `BURST_COST`), far above any usual hour, so a spike shows; wireless is steady around the
 * clock (about 6 USD a day, all day) and has spent exactly `WIRELESS_TODAY` today, just under the sample
 * limit of 5.00, so that the rest of the day at its usual pace passes the limit: a day forecast shows at
 * any time but the last hour of the day (when no hour is left to project).
 */
export function sampleDay(now: Date): Scenario {
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
  records.messaging?.push(...messagingBurst(now));
  return { products: PRODUCT_CATALOGUE, records, accountUserId: SAMPLE_ACCOUNT_USER_ID };
}

/** Outbound messaging spend of the burst in the last hour of the sample day. */
export const BURST_COST = '25.00';
/** Minutes before `now` that the burst covers. */
const BURST_MINUTES = 60;
const BURST_RECORDS = 25;

/**
 * SMS pumping in the last hour: 25 records of outbound US SMS (1.00 USD each) spread evenly over the 60 minutes before
 * `now`, costing `BURST_COST` in all (the own account, so every threshold and the total see it). Shortly
 * after midnight the burst is squeezed into today, so that earlier days never depend on the time of day.
 */
function messagingBurst(now: Date): UsageRecord[] {
  const end = Math.floor(now.getTime() / 1000) * 1000;
  const span = Math.min(BURST_MINUTES * 60_000, end - utcDayStart(now).getTime());
  const total = BigInt(Math.round(Number(BURST_COST) * 100)) * 10_000_000n;
  const each = total / BigInt(BURST_RECORDS);
  const burst: UsageRecord[] = [];
  for (let i = 1; i <= BURST_RECORDS; i++) {
    // Whole seconds, before now (a window's end is exclusive), and not before today's start.
    const timestamp = new Date(end - Math.floor((((i - 0.5) / BURST_RECORDS) * span) / 1000) * 1000);
    const parts = Number(each / 4_000_000n);
    burst.push({
      timestamp,
      dimensions: {
        user_id: SAMPLE_ACCOUNT_USER_ID,
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

/** Wireless's own spend today, in USD: just under the sample threshold's daily limit of 5.00. */
export const WIRELESS_TODAY = '4.85';

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

type Random = () => number;
type Generated = Pick<UsageRecord, 'dimensions' | 'metrics'>;

interface ProductGenerator {
  /** Records on today; earlier days get an eighth. */
  readonly todayRecords: number;
  /**
   * A steady product: `recordsPerDay` on every earlier day (instead of an eighth of today's), and today the
   * own account's records scaled to add up to `todayOwnTotal` exactly.
   */
  readonly steady?: { readonly recordsPerDay: number; readonly todayOwnTotal?: string };
  record(random: Random): Generated;
}

/** FNV-1a into mulberry32: a small deterministic generator, good enough for sample data. */
function seededRandom(seed: string): Random {
  let state = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) state = Math.imul(state ^ seed.charCodeAt(i), 0x01000193) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: Random, choices: readonly (readonly [T, number])[]): T {
  const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [value, weight] of choices) {
    roll -= weight;
    if (roll < 0) return value;
  }
  const last = choices[choices.length - 1];
  if (!last) throw new Error('pick needs at least one choice');
  return last[0];
}

function between(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

function pickUser(random: Random): string {
  return pick(random, [
    [SAMPLE_ACCOUNT_USER_ID, 7],
    [SAMPLE_MANAGED_USER_IDS[0], 2],
    [SAMPLE_MANAGED_USER_IDS[1], 1],
  ]);
}

/** Exact decimal text of `quantity` units at `rateMicros` millionths each. */
function costOf(quantity: number, rateMicros: number): string {
  return formatNanos(BigInt(quantity) * BigInt(rateMicros) * 1000n, 2);
}

const CARRIERS: Record<string, readonly (readonly [string, string, string])[]> = {
  US: [
    ['T-Mobile USA', '310', '260'],
    ['Verizon Wireless', '311', '480'],
    ['AT&T Wireless', '310', '410'],
  ],
  CA: [
    ['Rogers Wireless', '302', '720'],
    ['Bell Mobility', '302', '610'],
  ],
  GB: [
    ['Vodafone UK', '234', '15'],
    ['EE', '234', '30'],
  ],
  DE: [
    ['Telekom Deutschland', '262', '01'],
    ['Vodafone DE', '262', '02'],
  ],
  NL: [
    ['KPN', '204', '08'],
    ['Vodafone NL', '204', '04'],
  ],
};

/** Outbound price per message part in millionths of the currency. */
const MESSAGE_RATES: Record<string, number> = { US: 4000, CA: 4500, GB: 38000, DE: 72000, NL: 86000 };

const CONNECTIONS = ['1494404757140276705', '1684641123236054244'];
const ALPHA3: Record<string, string> = { US: 'USA', GB: 'GBR', DE: 'DEU', NL: 'NLD', CA: 'CAN' };

const GENERATORS: Record<string, ProductGenerator> = {
  messaging: {
    todayRecords: 240,
    record(random) {
      const direction = pick(random, [
        ['outbound', 3],
        ['inbound', 1],
      ]);
      const country = pick(random, [
        ['US', 76],
        ['CA', 12],
        ['GB', 3],
        ['DE', 6],
        ['NL', 3],
      ]);
      const messageType =
        country === 'US' || country === 'CA'
          ? pick(random, [
              ['SMS', 85],
              ['MMS', 15],
            ])
          : 'SMS';
      const carriers = CARRIERS[country] ?? [];
      const [carrier, mcc, mnc] = carriers[between(random, 0, carriers.length - 1)] ?? ['unknown', '', ''];
      // International traffic is rarer and dearer: fewer messages per record keep the day's totals steady.
      const count = country === 'US' || country === 'CA' ? between(random, 10, 100) : between(random, 1, 12);
      const parts =
        messageType === 'MMS'
          ? count
          : count *
            pick(random, [
              [1, 7],
              [2, 3],
            ]);
      const outboundRate = messageType === 'MMS' ? 15000 : (MESSAGE_RATES[country] ?? 4000);
      const rate = direction === 'outbound' ? outboundRate : country === 'US' || country === 'CA' ? 2500 : 0;
      // Telnyx bills some European traffic in EUR: a second currency that must never be added to USD.
      const currency = (country === 'DE' || country === 'NL') && random() < 0.7 ? 'EUR' : 'USD';
      return {
        dimensions: {
          direction,
          currency,
          message_type: messageType,
          country_iso: country,
          product_name:
            country === 'US'
              ? pick(random, [
                  ['long_code', 7],
                  ['toll_free', 2],
                  ['short_code', 1],
                ])
              : 'long_code',
          normalized_carrier: carrier,
          status_v2: pick(random, [
            ['delivered', 93],
            ['failed', 5],
            ['sent', 2],
          ]),
          mcc,
          mnc,
        },
        metrics: { cost: costOf(parts, rate), parts, count },
      };
    },
  },
  'sip-trunking': {
    todayRecords: 110,
    record(random) {
      const direction = pick(random, [
        ['outbound', 3],
        ['inbound', 2],
      ]);
      const country = pick(random, [
        ['US', 80],
        ['GB', 8],
        ['DE', 7],
        ['NL', 5],
      ]);
      const attempted = between(random, 4, 20);
      const completed = Math.max(1, Math.round(attempted * (0.6 + random() * 0.35)));
      const callSec = completed * between(random, 60, 600);
      // Billed in 6-second increments per record: close enough to per-call rounding for sample data.
      const billedSec = Math.ceil(callSec / 6) * 6;
      const perMinuteMicros = direction === 'inbound' ? 3500 : country === 'US' ? 6000 : 22000;
      const callType =
        country === 'US'
          ? pick(random, [
              ['local', 3],
              ['toll_free', 1],
            ])
          : 'international';
      return {
        dimensions: {
          direction,
          currency: 'USD',
          country_code: ALPHA3[country] ?? country,
          connection_id: CONNECTIONS[between(random, 0, CONNECTIONS.length - 1)] ?? '',
          call_type: callType,
          tn_type: callType === 'toll_free' ? 'toll_free' : 'local',
          tags: pick(random, [
            ['support', 1],
            ['sales', 1],
          ]),
          billing_group_id: 'f5586561-8ff0-4291-a0ac-84fe544797bd',
        },
        metrics: {
          connected: completed,
          cost: costOf(billedSec / 6, perMinuteMicros / 10),
          completed,
          call_sec: callSec,
          attempted,
          billed_sec: billedSec,
        },
      };
    },
  },
  'call-control': {
    todayRecords: 60,
    record(random) {
      const direction = pick(random, [
        ['outbound', 1],
        ['inbound', 1],
      ]);
      const attempted = between(random, 2, 10);
      const completed = Math.max(1, Math.round(attempted * 0.8));
      const callSec = completed * between(random, 20, 300);
      const billedSec = Math.ceil(callSec / 60) * 60;
      return {
        dimensions: {
          direction,
          currency: 'USD',
          country_code: pick(random, [
            ['USA', 9],
            ['CAN', 1],
          ]),
          connection_id: CONNECTIONS[between(random, 0, CONNECTIONS.length - 1)] ?? '',
          call_type: pick(random, [
            ['voice', 4],
            ['ai_assistant', 1],
          ]),
        },
        metrics: { cost: costOf(billedSec / 60, 10000), attempted, completed, call_sec: callSec, billed_sec: billedSec },
      };
    },
  },
  wireless: {
    todayRecords: 40,
    steady: { recordsPerDay: 36, todayOwnTotal: WIRELESS_TODAY },
    record(random) {
      const direction = pick(random, [
        ['outbound', 1],
        ['inbound', 1],
      ]);
      const dataKb = between(random, 2_000, 30_000);
      const smsCount = between(random, 0, 6);
      return {
        dimensions: {
          direction,
          currency: 'USD',
          country_iso: pick(random, [
            ['US', 6],
            ['DE', 2],
            ['GB', 2],
          ]),
          sim_card_group_id: pick(random, [
            ['9b2a7b43-3c7e-4b5e-9d1e-2f8d1f2c6a11', 1],
            ['c4e0fa1e-55d4-4b8c-a7a2-64c2d6b9e3f0', 1],
          ]),
          network_type: pick(random, [
            ['4G', 3],
            ['5G', 1],
          ]),
        },
        // 0.012 per MB, 0.01 per SMS
        metrics: {
          cost: formatNanos(BigInt(dataKb) * 12_000n + BigInt(smsCount) * 10_000_000n, 2),
          data_mb: formatNanos(BigInt(dataKb) * 1_000_000n, 3),
          sms_count: smsCount,
        },
      };
    },
  },
  'fax-api': {
    todayRecords: 20,
    record(random) {
      const faxCount = between(random, 1, 4);
      const pageCount = faxCount * between(random, 1, 8);
      return {
        dimensions: {
          direction: pick(random, [
            ['outbound', 3],
            ['inbound', 1],
          ]),
          currency: 'USD',
          country_code: 'USA',
          connection_id: CONNECTIONS[0] ?? '',
        },
        metrics: { cost: costOf(pageCount, 7000), page_count: pageCount, fax_count: faxCount },
      };
    },
  },
  webrtc: {
    todayRecords: 20,
    record(random) {
      const sessions = between(random, 1, 5);
      return {
        dimensions: {
          direction: pick(random, [
            ['outbound', 1],
            ['inbound', 1],
          ]),
          currency: 'USD',
          connection_id: CONNECTIONS[1] ?? '',
        },
        metrics: { sessions, session_sec: sessions * between(random, 30, 900) },
      };
    },
  },
};
