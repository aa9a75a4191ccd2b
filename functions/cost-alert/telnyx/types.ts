/** What the usage client takes and returns. The HTTP details live in usage-client.ts. */

// The usage vocabulary is the domain's (domain/usage.ts); re-exported while the client's modules still import it from here.
export type { CallOptions, ProductOptions, TimeWindow, UsageQuery, UsageRow } from '../domain/usage';

/** What a usage client has sent so far, for the run's "Check finished" log line. */
export interface ClientStats {
  /** HTTP requests sent, every attempt counted. */
  readonly requests: number;
  /** Of those, attempts after a failed one. */
  readonly retries: number;
}
