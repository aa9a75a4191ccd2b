/**
 * One GET to Telnyx with its retries: resolves with the body of a 2xx answer or throws the client's error for
 * the last failure (./errors.ts), its kind set.
 *
 * - The API key only ever goes in the Authorization header (`Bearer <key>`).
 * - Every attempt passes the shared throttle (./throttle.ts): a slot among the requests in flight (held until the
 *   answer's headers: a success's body is read after its slot is freed, so that the next request is on its way
 *   while this one's body is received and decoded; Telnyx has answered by then), and any pause
 *   a 429 put on the endpoint. A 429 sets that pause for everyone (Retry-After and the like, else backoff) and is
 *   retried for as long as the wait fits before the deadline; `maxThrottledAttempts` only guards against a
 *   clock that does not move. 5xx, 408, 409, timeouts and connection errors are retried with backoff up to
 *   `maxAttempts` attempts.
 * - The deadline (the caller's, else `retryBudgetMs` from the first attempt) bounds everything: no attempt
 *   starts after it, no attempt runs past it, no wait ends past it. A wait that does not fit ends the request
 *   with TelnyxDeadlineError: kind `throttled` when the wait was the rate limit's, `deadline` otherwise.
 * - Bodies are read with a cap (./body.ts): a 200 over it is TelnyxResponseTooLargeError, not retried.
 */
import { apiError, type ErrorWording, networkError, type Target, tooLargeError } from './api-errors';
import { readBody } from './body';
import { TelnyxApiError, TelnyxDeadlineError, TelnyxRateLimitError } from './errors';
import { backoffMs, type BackoffSettings, isRetryableStatus, retryAfter } from './retry-policy';
import type { Slot, Throttle } from './throttle';

/** The part of a logger the client uses; Powertools' Logger fits. */
export interface ClientLog {
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  debug(message: string, ...extra: Record<string, unknown>[]): void;
}

export interface TransportSettings extends BackoffSettings {
  readonly apiKey: string;
  /** Attempts per request for failures other than a 429, the first included. */
  readonly maxAttempts: number;
  /** Attempts per request answered 429: a safety cap, the deadline is what bounds them. */
  readonly maxThrottledAttempts: number;
  readonly attemptTimeoutMs: number;
  /** How long a request may keep retrying when the caller gives no deadline. */
  readonly retryBudgetMs: number;
  readonly maxBodyBytes: number;
}

export interface TransportDependencies {
  readonly throttle: Throttle;
  readonly wording: ErrorWording;
  readonly clock: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  /** The signal that ends an attempt after `timeoutMs`. */
  readonly attemptSignal: (timeoutMs: number) => AbortSignal;
  readonly log?: ClientLog;
}

/** Error bodies are read only for their error records: a few KB at most. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

type Failure = { readonly ok: false; readonly error: Error; readonly retryable: boolean; readonly status?: number; readonly retryAfterMs?: number };
type Outcome = { readonly ok: true; readonly body: string } | Failure;

interface Tally {
  attempts: number;
  throttled: number;
  failed: number;
  last?: Error;
}

export class Transport {
  /** HTTP requests sent, every attempt counted, and how many of them were retries. */
  requests = 0;
  retries = 0;

  constructor(
    private readonly settings: TransportSettings,
    private readonly deps: TransportDependencies,
  ) {}

  /** `abandon`: the caller no longer wants the answer (a page asked ahead of a reader that stopped); the request ends with its reason. */
  async get(url: string, target: Target, deadline: number | undefined, abandon?: AbortSignal): Promise<string> {
    const until = deadline ?? this.deps.clock() + this.settings.retryBudgetMs;
    const tally: Tally = { attempts: 0, throttled: 0, failed: 0 };
    for (;;) {
      const slot = await this.enter(target, until, tally);
      tally.attempts++;
      let wait: number;
      try {
        abandon?.throwIfAborted();
        const outcome = await this.attempt(url, target, until, slot, abandon);
        abandon?.throwIfAborted();
        if (outcome.ok) return outcome.body;
        tally.last = outcome.error;
        wait = outcome.status === 429 ? this.throttledWait(outcome, slot, target, until, tally) : this.failureWait(outcome, target, until, tally);
      } finally {
        // Only now: a 429 has halved the limit and paused the endpoint first, so no queued request slips out
        // at the old limit through the slot this one frees.
        slot.release();
      }
      if (wait > 0) await this.deps.sleep(wait);
      this.retries++;
    }
  }

  /** A slot, after any pause of the endpoint; a deadline error when the pause or the queue would pass `until`. */
  private async enter(target: Target, until: number, tally: Tally): Promise<Slot> {
    const entry = await this.deps.throttle.enter(target.endpoint, until, target.lastPage === true);
    if (entry.ok) return entry.slot;
    const tried = tally.last ? ` after ${tally.attempts} attempt(s). Last error: ${tally.last.message}` : '';
    if (entry.why === 'paused') {
      const seconds = Math.ceil((entry.until - this.deps.clock()) / 1000);
      return this.late(
        `Telnyx is rate limiting usage reports: requests for ${target.what} are paused for ${seconds} s more, past the deadline (${this.left(until)} left)${tried}`,
        target,
        tally,
        true,
      );
    }
    return this.late(`No time left to read ${target.what} from Telnyx (the deadline passed while requests queued)${tried}`, target, tally);
  }

  /** A 429: the wait becomes everyone's pause; the request retries once it ends, if it ends before the deadline. */
  private throttledWait(outcome: Failure, slot: Slot, target: Target, until: number, tally: Tally): number {
    tally.throttled++;
    const wait = Math.ceil(outcome.retryAfterMs ?? backoffMs(tally.throttled, this.settings, this.deps.random));
    this.deps.throttle.throttled(slot, target.endpoint, wait);
    if (tally.throttled >= this.settings.maxThrottledAttempts) {
      throw new TelnyxRateLimitError(`${outcome.error.message} (answered 429 ${tally.throttled} times)`, 429, target.product, errorsOf(outcome.error));
    }
    if (this.deps.clock() + wait >= until) {
      const message = `Telnyx is rate limiting usage reports (HTTP 429) and asked to wait ${Math.ceil(wait / 1000)} s before reading ${target.what}, past the deadline (${this.left(until)} left)`;
      return this.late(message, target, tally, true);
    }
    this.deps.log?.warn('Telnyx is rate limiting; requests to the endpoint wait', {
      product: target.product,
      status: 429,
      endpoint: target.endpoint,
      waitMs: wait,
      concurrency: this.deps.throttle.concurrency,
    });
    // The pause is waited in enter(), with every other request to the endpoint.
    return 0;
  }

  /** Any other failure: backoff (or the server's Retry-After, if longer) while attempts and time remain. */
  private failureWait(outcome: Failure, target: Target, until: number, tally: Tally): number {
    const { error, status } = outcome;
    tally.failed++;
    if (!outcome.retryable || tally.failed >= this.settings.maxAttempts) throw error;
    const wait = Math.max(backoffMs(tally.failed, this.settings, this.deps.random), Math.ceil(outcome.retryAfterMs ?? 0));
    if (this.deps.clock() + wait >= until) {
      return this.late(
        `Gave up reading ${target.what} from Telnyx after ${tally.attempts} attempt(s): the next retry (in ${wait} ms) would pass the deadline. Last error: ${error.message}`,
        target,
        tally,
      );
    }
    this.deps.log?.warn('Telnyx request failed; retrying', { product: target.product, attempt: tally.attempts, waitMs: wait, error: error.name, status });
    return wait;
  }

  /** `slot` is freed as soon as a success's headers are in (see the top of the file); a failure keeps it until get() is done with it. */
  private async attempt(url: string, target: Target, until: number, slot: Slot, abandon: AbortSignal | undefined): Promise<Outcome> {
    const timeoutMs = Math.max(1, Math.min(this.settings.attemptTimeoutMs, until - this.deps.clock()));
    this.requests++;
    try {
      const response = await fetch(url, {
        headers: { Authorization: `Bearer ${this.settings.apiKey}`, Accept: 'application/json' },
        signal: abandon ? AbortSignal.any([this.deps.attemptSignal(timeoutMs), abandon]) : this.deps.attemptSignal(timeoutMs),
      });
      if (response.ok) slot.release();
      // Not redacted: the body is data (a product may be called what a short key spells). Messages are built
      // from its error fields, each redacted; a body that is not JSON is described by its size, never quoted.
      const body = await readBody(response, response.ok ? this.settings.maxBodyBytes : MAX_ERROR_BODY_BYTES);
      if (response.ok) {
        if (!body.complete) return { ok: false, retryable: false, error: tooLargeError(target, body.bytes, this.settings.maxBodyBytes) };
        this.deps.throttle.succeeded();
        return { ok: true, body: body.text };
      }
      if (response.status !== 429) this.deps.throttle.succeeded();
      const error = apiError(response.status, body.complete ? body.text : undefined, target, this.deps.wording);
      const retryable = isRetryableStatus(response.status);
      return { ok: false, error, retryable, status: response.status, retryAfterMs: retryable ? retryAfter(response.headers, this.deps.clock()) : undefined };
    } catch (error) {
      return { ok: false, retryable: true, error: networkError(error, target, timeoutMs, this.deps.wording.redact) };
    }
  }

  private late(message: string, target: Target, tally: Tally, throttled = tally.last?.name === 'TelnyxRateLimitError'): never {
    throw new TelnyxDeadlineError(this.deps.wording.redact(message), target.product, { cause: tally.last, throttled });
  }

  private left(until: number): string {
    return `${Math.max(0, Math.ceil((until - this.deps.clock()) / 1000))} s`;
  }
}

function errorsOf(error: Error): TelnyxApiError['errors'] {
  return error instanceof TelnyxApiError ? error.errors : [];
}
