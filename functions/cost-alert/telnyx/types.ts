/** What the usage client reports of itself. The usage vocabulary it speaks (queries, rows, windows) is the domain's: domain/usage.ts. */

/** What a usage client has sent so far, for the run's "Check finished" log line. */
export interface ClientStats {
  /** HTTP requests sent, every attempt counted. */
  readonly requests: number;
  /** Of those, attempts after a failed one. */
  readonly retries: number;
}
