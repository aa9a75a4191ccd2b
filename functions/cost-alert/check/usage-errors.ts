/**
 * How the check tells usage errors apart: a refused key stops every read; anything else fails the product
 * it happened to; the same cause everywhere is one outage (one alert).
 */
import { failureKind, isCredentialError, type TelnyxFailureKind } from '../telnyx/errors';
import { ALL } from '../domain/types';
import { messageOf, type Run } from './run';

/** An error that means no usage can be read at all (no key, wrong key): stop querying, alert once. */
export class UsageUnavailableError extends Error {
  override readonly name = 'UsageUnavailableError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * The one place the check decides that the API key itself is refused, stopping every read: the client's
 * credential errors (a 401 anywhere, a 403 from the options endpoint), or a key that could not be read.
 * A 403 on one product's usage query (TelnyxProductForbiddenError) fails that product alone.
 */
export function isKeyRefused(error: unknown): boolean {
  return error instanceof UsageUnavailableError || isCredentialError(error);
}

/** A refused key is one error alert for all, wherever it is met first (the product list or a usage read). */
export function reportKeyRefused(run: Run, error: unknown): void {
  run.problem({ product: ALL, title: 'Telnyx usage cannot be read', detail: messageOf(error) }, messageOf(error));
}

/** Kinds of failure that, when every read fails with one of them, are one outage. */
export type OutageCause = 'unreachable' | 'tls' | 'timeout' | 'server' | 'rate-limit' | 'deadline';

const OUTAGE_TEXT: Readonly<Record<OutageCause, string>> = {
  unreachable: 'Telnyx could not be reached (connection refused, reset or name not resolved)',
  tls: 'the TLS connection to Telnyx failed (certificate or handshake)',
  timeout: 'Telnyx did not answer in time',
  server: 'Telnyx answered every usage query with a server error (5xx)',
  'rate-limit': 'Telnyx rate-limited every usage query (HTTP 429)',
  deadline: 'Telnyx answered too slowly for the check',
};

export function describeOutage(cause: OutageCause): string {
  return OUTAGE_TEXT[cause];
}

/** Failure kinds that, when every read fails with one of them, are one outage; the others are about one product. */
const OUTAGE_OF_KIND: Partial<Readonly<Record<TelnyxFailureKind, OutageCause>>> = {
  deadline: 'deadline',
  server: 'server',
  throttled: 'rate-limit',
  unreachable: 'unreachable',
  tls: 'tls',
  timeout: 'timeout',
};

/** The outage kind of a usage error, or undefined when it is about one product (a bad request, a bad row, a 403). */
export function outageCause(error: unknown): OutageCause | undefined {
  const kind = failureKind(error);
  return kind === undefined ? undefined : OUTAGE_OF_KIND[kind];
}
