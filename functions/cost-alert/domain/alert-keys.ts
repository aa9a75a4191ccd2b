/**
 * When an alert repeats: the ledger key of each alert series, and how long the ledger keeps it. The same key
 * in the same period is sent once; its rank decides whether a higher level may still go out (ledger-rules.ts).
 */
import { createHash } from 'node:crypto';
import { formatNanos } from './money';
import { localDateKey } from './periods';
import { DAY_MS } from './time';
import type { Breach, Period, Threshold } from './types';

/** The ledger keeps an alert a week past its period, so late or retried runs still find it. */
const LEDGER_GRACE_MS = 7 * DAY_MS;

/** The filter's part of a ledger key: the same for the same filter whatever the case of its values or the order of its dimensions. */
export function filterKey(threshold: Pick<Threshold, 'filter'>): string {
  return Object.entries(threshold.filter)
    .map(([dimension, wanted]) => `${encodeURIComponent(dimension)}=${encodeURIComponent(wanted.toLowerCase())}`)
    .sort()
    .join(',');
}

/**
 * The ledger key of a breach's alert series. Identical across runs for the same product, period, currency,
 * limit and filter; the level is the rank, so a critical claims over a warning already sent, and changing
 * the limit (or the filter) starts a new series.
 */
export function alertKeyFor(breach: Breach): string {
  const { threshold, period, limit } = breach;
  return ['breach', threshold.product, period.kind, period.key, `${formatNanos(limit.nanos, 0)} ${limit.currency}`, filterKey(threshold)].join('|');
}

/**
 * The ledger key of the series of managed accounts' alerts of one threshold in one period (its roster: which
 * accounts were told at which level). The same for every run in the period; a new currency or filter is a new series.
 */
export function accountRosterKey(threshold: Pick<Threshold, 'product' | 'currency' | 'filter'>, period: Pick<Period, 'kind' | 'key'>): string {
  return ['accounts', threshold.product, period.kind, period.key, threshold.currency, filterKey(threshold)].join('|');
}

/** The ledger key of one managed account's limit alerts: its roster's key, the account and its limit (a new limit is a new series). */
export function accountAlertKey(rosterKey: string, userId: string, limit: bigint): string {
  return [rosterKey, `${formatNanos(limit, 0)}`, encodeURIComponent(userId)].join('|');
}

/**
 * An account's entry in its roster: 72 bits of the SHA-256 of its user_id and limit, in base64url (12 characters),
 * so that 10,000 accounts fit one ledger item (a collision among 10,000 has odds of about 1 in 10^14).
 */
export function accountEntryId(userId: string, limit: bigint): string {
  return createHash('sha256')
    .update(`${userId}|${formatNanos(limit, 0)}`)
    .digest('base64url')
    .slice(0, 12);
}

/** The ledger key of a storm's summary: the accounts it covers (entries and levels), so that the same summary is sent once. */
export function stormAlertKey(product: string, covered: ReadonlyArray<readonly [rosterKey: string, entryId: string, rank: number]>): string {
  const hash = createHash('sha256');
  for (const entry of [...covered].map((parts) => parts.join('#')).sort()) hash.update(entry).update('\n');
  return ['accounts-storm', product, hash.digest('base64url').slice(0, 16)].join('|');
}

/** 32-bit FNV-1a of the UTF-16 code units, as 8 hex digits: short, stable across runs and runtimes. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** The ledger key of an error alert: the same error (by title) for a product goes out at most once a local day. */
export function errorAlertKey(product: string, title: string, checkedAt: Date, timeZone: string): string {
  return ['error', product, localDateKey(checkedAt, timeZone), fingerprint(title)].join('|');
}

/**
 * The ledger key of a balance alert: one series per level (`minimum`, `warnBelow`, `runway`) and local day, so each
 * goes out at most once a day; the level's setting is part of it, so changing it starts a new series.
 */
export function balanceAlertKey(level: string, day: string, setting: string): string {
  return ['balance', level, day, setting].join('|');
}

/** The ledger key of the digest sent on a local day: one digest per day, whatever retries or overlaps. */
export function digestKey(sentOn: string): string {
  return `digest#${sentOn}`;
}

/** When the ledger may forget an alert of `period`: a week after the period ends. */
export function expiresAtFor(period: Pick<Period, 'end'>): Date {
  return new Date(period.end.getTime() + LEDGER_GRACE_MS);
}
