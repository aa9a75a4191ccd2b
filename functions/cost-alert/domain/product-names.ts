/**
 * Product names as Telnyx spells them, for the checks that need no API key: a threshold named `Messaging` or
 * `sip_trunking` would never match Telnyx's usage (names are lower case with `-`), so it is refused with the
 * right name; a thresholds path that ends in a product's name is one level too deep.
 */
import { BALANCE, TOTAL } from './types';

/**
 * The products Telnyx documents for usage reports (2026). The live list (`GET /v2/usage_reports/options`)
 * is the authority when a key is at hand; this one serves the offline checks.
 */
export const DOCUMENTED_PRODUCTS: readonly string[] = [
  'sip-trunking',
  'messaging',
  'call-control',
  'wireless',
  'cloud-storage',
  'inference',
  'verify-2fa',
  'fax-api',
  'webrtc',
  'cps',
  'conference',
  'programmable-video',
  'call-control-features',
  'customer-service-record',
  'media-streaming',
  'noise-suppression',
  'text-to-speech',
  'speech-to-text',
  'recording',
  'forking',
  'media-storage',
  'amd',
];

/** How a name compares regardless of case and of `_` written for `-`. */
function folded(name: string): string {
  return name.trim().toLowerCase().replace(/_/g, '-');
}

/**
 * The right spelling of `name` when it differs from a known product (or `total`, `balance`) only by case or `_` for `-`;
 * undefined when it is spelt right, or is not a known product at all (an unknown name is judged elsewhere).
 */
export function productSpelling(name: string, known: Iterable<string> = DOCUMENTED_PRODUCTS): string | undefined {
  const wanted = folded(name);
  for (const product of [...known, TOTAL, BALANCE]) {
    if (product !== name && folded(product) === wanted) return product;
  }
  return undefined;
}

/** The product (or `total`) a thresholds path ends in, e.g. `/telnyx-cost-alert/thresholds/messaging` -> `messaging`. */
export function productAtEndOfPath(path: string, known: Iterable<string> = DOCUMENTED_PRODUCTS): string | undefined {
  const last = folded(path.replace(/\/+$/, '').split('/').pop() ?? '');
  return [...known, TOTAL, BALANCE].find((product) => folded(product) === last);
}
