/** How the sample account's records of each product look: dimensions and metrics drawn from plausible mixes. */
import { formatNanos } from '../cost-alert/domain/money';
import { SAMPLE_ACCOUNT_USER_ID, SAMPLE_MANAGED_USER_IDS, WIRELESS_TODAY } from './catalogue';
import { between, pick, type Random } from './sample-random';
import type { UsageRecord } from './scenario';

type Generated = Pick<UsageRecord, 'dimensions' | 'metrics'>;

export interface ProductGenerator {
  /** Records on today; earlier days get an eighth. */
  readonly todayRecords: number;
  /**
   * A steady product: `recordsPerDay` on every earlier day (instead of an eighth of today's), and today the
   * own account's records scaled to add up to `todayOwnTotal` exactly.
   */
  readonly steady?: { readonly recordsPerDay: number; readonly todayOwnTotal?: string };
  record(random: Random): Generated;
}

export function pickUser(random: Random): string {
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

export const GENERATORS: Record<string, ProductGenerator> = {
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
