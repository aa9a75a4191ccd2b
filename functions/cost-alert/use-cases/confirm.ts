/**
 * Confirming a published alert in the ledger, retried: an alert that went out but is not recorded as sent
 * goes out again once its claim's lease runs out, so a passing ledger hiccup is worth a few tries within
 * the run's deadline. When every try fails, the caller fails the run (so the error alarm speaks).
 */
import type { AlertClaim, AlertLedger, Clock } from '../ports';
import { messageOf } from '../domain/error-text';

export type Sleep = (ms: number) => Promise<void>;

/** Waits before each retry: about 6 s in all, inside the check's 10 s publish reserve. */
export const CONFIRM_RETRY_DELAYS_MS: readonly number[] = [200, 400, 800, 1_600, 3_200];
/** A try is started only when this much time is left before the deadline (one DynamoDB write, with margin). */
export const CONFIRM_ATTEMPT_MS = 1_000;

export class ConfirmFailedError extends Error {
  override readonly name = 'ConfirmFailedError';
  constructor(
    message: string,
    readonly attempts: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface ConfirmOptions {
  readonly clock: Clock;
  /** Epoch ms by which the run must be done; no retry starts that could not finish before it. */
  readonly deadline?: number | undefined;
  /** Injected so that tests pin time; a timer by default. */
  readonly sleep?: Sleep | undefined;
  /** Told about each failed try that is retried (for the log). */
  readonly onRetry?: (failure: { readonly attempt: number; readonly delayMs: number; readonly error: unknown }) => void;
}

export async function confirmWithRetry(ledger: AlertLedger, claim: AlertClaim, options: ConfirmOptions): Promise<void> {
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      await ledger.confirm(claim, new Date(options.clock()));
      return;
    } catch (error) {
      const delayMs = CONFIRM_RETRY_DELAYS_MS[attempt - 1];
      const outOfTime = options.deadline !== undefined && delayMs !== undefined && options.clock() + delayMs + CONFIRM_ATTEMPT_MS > options.deadline;
      if (delayMs === undefined || outOfTime) {
        const tries = `${attempt} ${attempt === 1 ? 'try' : 'tries'}${outOfTime ? ' (no time left before the deadline)' : ''}`;
        throw new ConfirmFailedError(`could not record ${claim.key} as sent after ${tries}: ${messageOf(error)}`, attempt, { cause: error });
      }
      options.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs);
    }
  }
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
