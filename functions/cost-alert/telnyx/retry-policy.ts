/**
 * When a failed request is tried again, and after how long. As Telnyx's official SDKs do: connection errors,
 * timeouts, 408, 409, 429 and 5xx are retried with exponential backoff (0.5 s doubling, capped at 8 s, with
 * jitter), honouring `retry-after-ms` and `Retry-After`; Telnyx documents `x-ratelimit-reset` (seconds) on its
 * 429s (code 10011). Unlike the SDKs' fixed two retries, a 429 is retried for as long as the deadline allows
 * (see ./transport.ts); other failures keep a small cap.
 */

export interface BackoffSettings {
  /** First backoff; doubles per retry up to `maxBackoffMs`. */
  readonly baseBackoffMs: number;
  readonly maxBackoffMs: number;
}

/** Whether a status is worth another attempt: 408, 409, 429 and every 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** The wait before retry number `retry` (1 for the first): exponential, capped, up to a quarter less by jitter. */
export function backoffMs(retry: number, settings: BackoffSettings, random: () => number): number {
  const nominal = Math.min(settings.baseBackoffMs * 2 ** (retry - 1), settings.maxBackoffMs);
  return Math.ceil(nominal * (1 - random() * 0.25));
}

/** How long the server asked us to wait, in ms: retry-after-ms, Retry-After (seconds or HTTP date), x-ratelimit-reset. */
export function retryAfter(headers: Headers, now: number): number | undefined {
  const ms = Number(headers.get('retry-after-ms'));
  if (headers.has('retry-after-ms') && Number.isFinite(ms) && ms >= 0) return ms;
  const after = headers.get('retry-after');
  if (after !== null && after.trim() !== '') {
    const seconds = Number(after);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(after);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  const reset = Number(headers.get('x-ratelimit-reset'));
  if (headers.has('x-ratelimit-reset') && Number.isFinite(reset) && reset >= 0) {
    // Seconds until the window resets; a value that large can only be an epoch timestamp.
    return reset > 1_000_000_000 ? Math.max(0, reset * 1000 - now) : reset * 1000;
  }
  return undefined;
}
