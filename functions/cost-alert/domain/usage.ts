/**
 * The words of usage: what is asked (a query over a window) and what comes back (rows, exact cost). The domain
 * owns them; the Telnyx client (telnyx/) speaks them over HTTP, and a test or the CLI can answer them in memory.
 */

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

/** A product the usage reports know, with the dimensions and metrics it can be broken out by. */
export interface ProductOptions {
  readonly product: string;
  readonly dimensions: readonly string[];
  readonly metrics: readonly string[];
}
