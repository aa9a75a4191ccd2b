/**
 * How the use cases read an error: its message for alert text, its fields for a log line, and whether it means
 * the API key itself is refused. Kinds come from where the failure happened (telnyx/errors.ts `failureKind`),
 * never from a message's wording.
 */
import { failureKind } from '../telnyx/errors';

/** No usage can be read at all (no key, wrong key): stop querying, alert once. */
export class UsageUnavailableError extends Error {
  override readonly name = 'UsageUnavailableError';
  readonly kind = 'key-refused';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * The one place a use case decides that the API key itself is refused, stopping every read: a 401 anywhere, a
 * 403 from the options endpoint, or a key that could not be read. A 403 on one product's usage query
 * (kind `product-forbidden`) fails that product alone.
 */
export function isKeyRefused(error: unknown): boolean {
  return failureKind(error) === 'key-refused';
}

/** An error as log fields: name, message and the cause's name and message (never a stack). */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const cause = (error as { cause?: unknown }).cause;
  return { name: error.name, message: error.message, ...(cause instanceof Error ? { cause: `${cause.name}: ${cause.message}` } : {}) };
}
