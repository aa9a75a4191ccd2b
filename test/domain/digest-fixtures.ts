/** A digest sent on 2026-11-27 (UTC) and the products it reports, for the digest tests. */
import { digestCalendar, type DigestInput, type ProductDigest } from '../../functions/cost-alert/domain/digest-figures';
import { parseNanos } from '../../functions/cost-alert/domain/money';

/** Sent at 08:00 UTC on 2026-11-27: yesterday is 2026-11-26, the month to date 2026-11-01..26, 4 days left. */
export const SENT = new Date('2026-11-27T08:00:00Z');
export const calendar = digestCalendar(SENT, 'UTC');

export function nanos(text: string): bigint {
  const value = parseNanos(text);
  if (value === undefined) throw new Error(`not an amount: ${text}`);
  return value;
}

/** 13 earlier days of `earlier` each, then `yesterday`; the month to date as given. */
export function product(name: string, currency: string, yesterday: string, earlier: string, monthToDate: string): ProductDigest {
  return { product: name, currency, days: [...new Array<bigint>(13).fill(nanos(earlier)), nanos(yesterday)], monthToDate: nanos(monthToDate) };
}

export function input(overrides: Partial<DigestInput>): DigestInput {
  return { sentAt: SENT, calendar, products: [], quietProducts: [], notRead: [], shares: [], ...overrides };
}
