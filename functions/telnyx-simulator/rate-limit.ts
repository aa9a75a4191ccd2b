/**
 * Telnyx's rate limit as the simulator plays it: a token bucket per API key (the bearer token), `burst` tokens
 * deep, refilled at `requestsPerSecond`. A request that finds the bucket empty is answered
 * `429 Too Many Requests` (code 10011) with `Retry-After` in whole seconds (at least 1) and Telnyx's
 * `x-ratelimit-limit`, `x-ratelimit-remaining` and `x-ratelimit-reset` headers; it takes no token.
 */

export interface RateLimit {
  /** Requests let through per second and API key, on average. */
  readonly requestsPerSecond: number;
  /** Tokens the bucket holds: requests let through at once after a quiet spell. Default `requestsPerSecond` (one second's worth). */
  readonly burst?: number;
}

interface Bucket {
  tokens: number;
  /** Epoch ms of the last refill. */
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly burst: number;

  constructor(
    private readonly limit: RateLimit,
    /** Epoch ms: the simulator's clock, so that a test that controls time controls the refill. */
    private readonly clock: () => number,
  ) {
    if (!(limit.requestsPerSecond > 0)) throw new Error(`rateLimit.requestsPerSecond must be above 0, not ${limit.requestsPerSecond}`);
    this.burst = Math.max(1, limit.burst ?? Math.ceil(limit.requestsPerSecond));
  }

  /** Takes a token for `key`, or says how to refuse: the headers of the 429. */
  take(key: string): { readonly ok: true } | { readonly ok: false; readonly headers: Record<string, string> } {
    const now = this.clock();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * this.limit.requestsPerSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    const seconds = Math.max(1, Math.ceil((1 - bucket.tokens) / this.limit.requestsPerSecond));
    return {
      ok: false,
      headers: {
        'retry-after': String(seconds),
        'x-ratelimit-limit': String(this.limit.requestsPerSecond),
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(seconds),
      },
    };
  }
}
