/**
 * When an alert repeats: the ledger key of each alert series, and how long the ledger keeps it. The same key
 * in the same period is sent once; its rank decides whether a higher level may still go out (ledger-rules.ts).
 */
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
