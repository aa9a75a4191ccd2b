/** The small interfaces between the use cases (use-cases/) and the outside world. Adapters live in aws/, telnyx/ and local/. */
import type { ManagedAccount } from './domain/account-names';
import type { AccountBalance } from './domain/balance';
import type { Alert, RawParameter } from './domain/types';
import type { CallOptions, ProductOptions, UsageQuery, UsageRow } from './domain/usage';

/** A parameter as a store read it; `readError` when this one parameter could not be read (its value is then empty). */
export interface StoredParameter extends RawParameter {
  /** Why the parameter could not be read and what to do, naming it: the check turns it into an error alert. */
  readonly readError?: string;
}

/** Where thresholds come from: SSM Parameter Store in Lambda, a JSON file locally. */
export interface ThresholdStore {
  /** The parameter path thresholds live under (`/telnyx-cost-alert/thresholds`); a product's parameter is `${path}/${product}`. */
  readonly path: string;
  /**
   * Every parameter under the thresholds path, read fresh (operators edit them without a redeploy). One that
   * cannot be read is returned with `readError` rather than failing the others.
   */
  load(): Promise<StoredParameter[]>;
  /** Human-readable location of a product's parameter, for messages: `/telnyx-cost-alert/thresholds/messaging`. */
  describe(product: string): string;
  /** Where the thresholds live, for messages: `SSM path /telnyx-cost-alert/thresholds` or `file my-thresholds.json`. */
  readonly label?: string;
}

/** What a usage source has sent so far (every HTTP attempt), for a run's "finished" log line. */
export interface UsageStats {
  /** HTTP requests sent, every attempt counted. */
  readonly requests: number;
  /** Of those, attempts after a failed one. */
  readonly retries: number;
}

/** Telnyx usage, as the use cases need it. */
export interface UsageSource {
  /** Products whose usage reports have a `cost` metric, with their dimensions (at least one, or an error). */
  costProductOptions(options?: CallOptions): Promise<ProductOptions[]>;
  /** Rows of one query, a page at a time (the caller aggregates; rows are not all held at once). */
  pages(query: UsageQuery, options?: CallOptions): AsyncIterable<readonly UsageRow[]>;
  /** The account's balance (`GET /v2/balance`), for the `balance` threshold; a source without it cannot check one. */
  balance?(options?: CallOptions): Promise<AccountBalance>;
  /** Counts since the source was made, a snapshot at each read, when it keeps them (the Telnyx client does; a run logs the difference). */
  readonly stats?: UsageStats;
  /**
   * The key's managed accounts, a page at a time (`GET /v2/managed_accounts`: id, organization name and email, nothing
   * else), when the source can list them; the caller stops reading once it has the names it needs.
   */
  managedAccounts?(options?: CallOptions): AsyncIterable<readonly ManagedAccount[]>;
}

/** Which managed accounts of one series (a threshold in a period) were told, at which level: the roster in the ledger. */
export interface AccountRoster {
  /** Entry (alert-keys.ts `accountEntryId`) -> the highest rank told. */
  readonly told: ReadonlyMap<string, number>;
  /** Opaque to the check: what the ledger needs to add to the roster without losing another run's additions. */
  readonly version?: unknown;
}

export interface AlertClaim {
  readonly key: string;
  readonly rank: number;
  /** Identifies this claim: confirm and release act only while the claim is still ours. */
  readonly token: string;
  /** What the ledger held before the claim (restored on release). Opaque to the check. */
  readonly previous?: unknown;
}

export type ClaimResult = { readonly status: 'claimed'; readonly claim: AlertClaim } | { readonly status: 'already-sent' | 'in-flight' };

export interface ClaimRequest {
  readonly key: string;
  readonly rank: number;
  readonly now: Date;
  /** A claim not confirmed by then may be taken by another run (its run crashed). */
  readonly leaseUntil: Date;
  readonly expiresAt: Date;
}

/**
 * Remembers which alerts went out, so each goes out once per period even when runs overlap or retry:
 * claim (conditional write), publish, then confirm; release when the publish failed.
 * A claim succeeds when nothing is recorded for the key, when the recorded alert was sent at a lower
 * rank, or when an earlier claim's lease has run out and the rank is above what was sent before that claim
 * (the rule, with its reasons: domain/ledger-rules.ts).
 */
export interface AlertLedger {
  claim(request: ClaimRequest): Promise<ClaimResult>;
  confirm(claim: AlertClaim, now: Date): Promise<void>;
  release(claim: AlertClaim): Promise<void>;
  /** The roster of a series of managed accounts' alerts (empty when none is recorded): one read, however many accounts. */
  recallAccounts(key: string): Promise<AccountRoster>;
  /**
   * Adds entries to a roster (the highest rank of each wins), in one write when no other run changed it since
   * `recalled`; otherwise merged with what that run wrote. Entries are only ever added while the roster lives.
   */
  rememberAccounts(key: string, recalled: AccountRoster, entries: ReadonlyMap<string, number>, expiresAt: Date, now: Date): Promise<void>;
}

export interface AlertPublisher {
  publish(alert: Alert): Promise<void>;
}

/** Milliseconds since the epoch; injected so that tests pin time. */
export type Clock = () => number;

/** The part of a logger the use cases write to; Powertools' Logger fits. */
export interface RunLog {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

/** Where a run's counts go: Powertools Metrics in Lambda (CloudWatch EMF); nowhere locally. */
export interface RunMetrics {
  addMetric(name: string, unit: 'Count', value: number): unknown;
}
