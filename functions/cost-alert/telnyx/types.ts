/** What the usage client takes and returns. The HTTP details live in usage-client.ts and the modules it names. */

/** A time window: `start` inclusive, `end` exclusive, both whole seconds in UTC. */
export interface TimeWindow {
  readonly start: Date;
  readonly end: Date;
}

export interface UsageQuery {
  /** One Telnyx product, e.g. `messaging`. */
  readonly product: string;
  /** Breakout dimensions; any filtered dimension is added by the client. */
  readonly dimensions: readonly string[];
  /** Metrics, e.g. ['cost']. */
  readonly metrics: readonly string[];
  /** Explicit window (sent as start_date/end_date). Exactly one of `window` and `dateRange`. */
  readonly window?: TimeWindow;
  /** A Telnyx `date_range` literal: today, yesterday, this_month, last_N_hours, ... */
  readonly dateRange?: string;
  /** `filter[dim]=value`, one per dimension. */
  readonly filters?: Readonly<Record<string, string>>;
  readonly managedAccounts?: boolean;
  /** e.g. ['-cost'] */
  readonly sort?: readonly string[];
}

/** One row of a usage report. */
export interface UsageRow {
  readonly product: string;
  /** Every field of the row as Telnyx sent it (dimension values are strings, metrics numbers). */
  readonly values: Readonly<Record<string, unknown>>;
  /** `cost` in nano-units when `cost` was among the metrics; exact, never a float. */
  readonly cost?: bigint;
}

export interface CallOptions {
  /** Epoch milliseconds after which no attempt starts and no retry waits (the Lambda's deadline). */
  readonly deadline?: number;
}

export interface ProductOptions {
  readonly product: string;
  readonly dimensions: readonly string[];
  readonly metrics: readonly string[];
}

/** What a usage client has sent so far, for the run's "Check finished" log line. */
export interface ClientStats {
  /** HTTP requests sent, every attempt counted. */
  readonly requests: number;
  /** Of those, attempts after a failed one. */
  readonly retries: number;
}
