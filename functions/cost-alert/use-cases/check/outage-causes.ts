/**
 * Which read failures are an outage, and how each cause is said. A failure's kind is set where it happened
 * (telnyx/errors.ts `failureKind`); the kinds that pass with time (5xx, 429, timeouts, the network, the deadline)
 * are outage causes, folded into one alert. The others are about one product (a 403 on its query, a bad
 * request, a bad answer) and keep that product's own alert.
 */
import { failureKind, type TelnyxFailureKind } from '../../telnyx/errors';

export type OutageCause = 'unreachable' | 'tls' | 'timeout' | 'server' | 'rate-limit' | 'deadline';

const OUTAGE_OF_KIND: Partial<Readonly<Record<TelnyxFailureKind, OutageCause>>> = {
  deadline: 'deadline',
  server: 'server',
  throttled: 'rate-limit',
  unreachable: 'unreachable',
  tls: 'tls',
  timeout: 'timeout',
};

/** The outage cause of a read error, or undefined when it is about one product (a bad request, a bad row, a 403). */
export function outageCause(error: unknown): OutageCause | undefined {
  const kind = failureKind(error);
  return kind === undefined ? undefined : OUTAGE_OF_KIND[kind];
}

/** What Telnyx did, said before the reads it cost. */
export const OUTAGE_TEXT: Readonly<Record<OutageCause, string>> = {
  unreachable: 'Telnyx could not be reached (connection refused, reset or name not resolved)',
  tls: 'the TLS connection to Telnyx failed (certificate or handshake)',
  timeout: 'Telnyx did not answer in time',
  server: 'Telnyx answered with server errors (5xx)',
  'rate-limit': 'Telnyx rate-limited the usage queries (HTTP 429)',
  deadline: 'Telnyx answered too slowly for the check',
};

/** The title of an outage with one cause (a mix is `MIXED_OUTAGE_TITLE`); the deadline's predates the outage rule. */
export const OUTAGE_TITLE: Readonly<Record<OutageCause, string>> = {
  unreachable: 'Telnyx unreachable',
  tls: 'TLS connection to Telnyx failed',
  timeout: 'Telnyx did not answer in time',
  server: 'Telnyx server errors',
  'rate-limit': 'Telnyx rate limit',
  deadline: 'Telnyx too slow for the check',
};
export const MIXED_OUTAGE_TITLE = 'Telnyx outage (mixed causes)';
/** When only hourly reads ran out of time: the limits were checked. */
export const SIGNALS_TOO_SLOW_TITLE = 'Telnyx too slow for the forecast and spike';

/**
 * The ledger series of every outage alert, whatever its causes and products: one alert a local day while it
 * lasts. Rank 1 when only forecasts and spikes were lost, 2 once limits were not checked: an outage that gets
 * worse is said once more, never again after that.
 */
export const OUTAGE_SERIES = 'Telnyx usage outage';
export const OUTAGE_RANK = { signals: 1, limits: 2 } as const;

/** What to do, for the causes of an outage: the deadline and throttling have a setting; the others pass. */
export function outageHint(causes: ReadonlySet<OutageCause>): string {
  if (causes.has('deadline')) return "if this repeats, raise the function's timeout or TELNYX_MAX_CONCURRENCY";
  if (causes.has('rate-limit')) return 'if this repeats, lower TELNYX_MAX_CONCURRENCY or run the check less often';
  return 'the next run tries again';
}
