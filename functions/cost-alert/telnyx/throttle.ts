/**
 * The throttle state one client shares across all its requests: Telnyx's rate limit is one budget for the API
 * key, so a 429 to one request is news for all of them.
 *
 * - Concurrency: at most `limit` requests in flight, first come first served, except that the last page of a read
 *   under way queues ahead of the others: a read's pages follow one another, and finishing a read that has one page
 *   left (a managed accounts' read of two pages) before starting new ones keeps its chain from being the run's
 *   last answer. Reads of many pages keep their turn, so that they progress side by side. The limit starts at the
 *   client's `maxConcurrency`, halves on a 429 (once per round: the 429s of requests sent together count once) and grows
 *   back by one after `RECOVERY_SUCCESSES` answers in a row without one.
 * - Pause: a 429 pauses every request to that endpoint until the reset it announced (`Retry-After` and the
 *   like, see ./retry-policy.ts); a request that would have to wait past its deadline is not made to wait.
 *
 * A hand-written gate rather than p-limit: the limit must shrink and grow while requests queue, a queued request
 * must be able to give up at its deadline, and the pause must be one state for every request (p-limit 7 is also
 * ESM-only, which this project's CommonJS tests cannot load).
 */

/** `accounts`: the list of managed accounts (./managed-accounts.ts); `balance`: GET /balance (./balance.ts). */
export type Endpoint = 'usage' | 'options' | 'accounts' | 'balance';

/** Successes in a row after which the concurrency limit grows back by one. */
export const RECOVERY_SUCCESSES = 8;

/** A place among the requests in flight; `round` tells apart 429s of requests sent before and after a halving. */
export interface Slot {
  readonly round: number;
  release(): void;
}

export type Entry =
  | { readonly ok: true; readonly slot: Slot }
  /** The endpoint is paused until `until`, at or past the deadline: the request should not wait. */
  | { readonly ok: false; readonly why: 'paused'; readonly until: number }
  /** The deadline passed while the request waited for a slot. */
  | { readonly ok: false; readonly why: 'deadline' };

export class Throttle {
  private limit: number;
  private inFlight = 0;
  private round = 0;
  private successes = 0;
  private readonly queue: Array<{ readonly resume: () => void; readonly ahead: boolean }> = [];
  private readonly pausedUntil = new Map<Endpoint, number>();

  constructor(
    readonly maxConcurrency: number,
    private readonly clock: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {
    this.limit = maxConcurrency;
  }

  /** Requests allowed in flight now (between 1 and maxConcurrency). */
  get concurrency(): number {
    return this.limit;
  }

  /** Epoch ms until which requests to `endpoint` wait (0: not paused). */
  pauseOf(endpoint: Endpoint): number {
    return this.pausedUntil.get(endpoint) ?? 0;
  }

  /**
   * Waits out any pause of `endpoint` (unless it ends at or past `deadline`), then for a slot. A pause is waited
   * once: a clock that did not move while sleeping (a test's) must not make a request wait forever.
   */
  async enter(endpoint: Endpoint, deadline: number, ahead = false): Promise<Entry> {
    let waitedFor = 0;
    for (;;) {
      const until = this.pauseOf(endpoint);
      if (until > this.clock() && until !== waitedFor) {
        if (until >= deadline) return { ok: false, why: 'paused', until };
        await this.sleep(until - this.clock());
        waitedFor = until;
        continue;
      }
      await this.acquire(ahead);
      if (this.clock() >= deadline) {
        this.release();
        return { ok: false, why: 'deadline' };
      }
      // A 429 may have paused the endpoint while this request queued.
      const pausedAgain = this.pauseOf(endpoint);
      if (pausedAgain > this.clock() && pausedAgain !== waitedFor) {
        this.release();
        continue;
      }
      const round = this.round;
      let released = false;
      return {
        ok: true,
        slot: {
          round,
          release: () => {
            if (released) return;
            released = true;
            this.release();
          },
        },
      };
    }
  }

  /** An answer that was not a 429: after enough of them in a row, one more request may be in flight. */
  succeeded(): void {
    this.successes++;
    if (this.limit < this.maxConcurrency && this.successes >= RECOVERY_SUCCESSES) {
      this.limit++;
      this.successes = 0;
      this.drain();
    }
  }

  /** A 429: pauses `endpoint` for `waitMs` (or longer, if already paused longer) and halves the limit once per round. */
  throttled(slot: Slot, endpoint: Endpoint, waitMs: number): void {
    this.successes = 0;
    this.pausedUntil.set(endpoint, Math.max(this.pauseOf(endpoint), this.clock() + waitMs));
    if (slot.round === this.round) {
      this.limit = Math.max(1, Math.floor(this.limit / 2));
      this.round++;
    }
  }

  /** `ahead`: the last page of a read under way, queued behind the other such pages but ahead of the rest. */
  private async acquire(ahead: boolean): Promise<void> {
    if (this.inFlight < this.limit && this.queue.length === 0) {
      this.inFlight++;
      return;
    }
    // drain() counts the request in flight before resolving, so that a newcomer cannot overtake it.
    await new Promise<void>((resolve) => {
      const entry = { resume: resolve, ahead };
      const at = ahead ? this.queue.findIndex((queued) => !queued.ahead) : -1;
      if (at < 0) this.queue.push(entry);
      else this.queue.splice(at, 0, entry);
    });
  }

  private release(): void {
    this.inFlight--;
    this.drain();
  }

  private drain(): void {
    while (this.inFlight < this.limit) {
      const next = this.queue.shift();
      if (!next) return;
      this.inFlight++;
      next.resume();
    }
  }
}
