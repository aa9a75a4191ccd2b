/** The sample account's products and users: names as Telnyx documents them (./scenario.ts builds its usage). */
import type { ProductDefinition } from './scenario';

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

/** The sample's managed accounts, as `GET /v2/managed_accounts` lists them (the first is the busier one). */
export const SAMPLE_MANAGED_ACCOUNTS = [
  { id: SAMPLE_MANAGED_USER_IDS[0], organizationName: 'Alpha Dental LLC', email: 'billing@alpha-dental.example' },
  { id: SAMPLE_MANAGED_USER_IDS[1], organizationName: 'Brightside Bakery', email: 'owner@brightside-bakery.example' },
] as const;

/** Wireless's own spend today, in USD: just under the sample threshold's daily limit of 5.00. */
export const WIRELESS_TODAY = '4.85';
