/** The small interfaces between the relay and the outside world. Adapters live in aws/ (and the CLI's local ones). */

/** Where the destinations list comes from: a SecureString parameter in Lambda, a file for the CLI. */
export interface DestinationsSource {
  /** For messages: `the SSM parameter /telnyx-cost-alert/destinations`, `the file destinations.json`. */
  readonly description: string;
  /** The list's raw text, read fresh (operators edit it without a redeploy). */
  load(): Promise<string>;
}

export type MemoryClaim = { readonly status: 'claimed'; readonly token: string } | { readonly status: 'delivered' | 'in-flight' };

/**
 * Remembers which destinations a message already reached, so that a retried invocation delivers only to the others:
 * claim (a conditional write), send, then mark delivered, or release when the send failed.
 */
export interface DeliveryMemory {
  /** `in-flight`: another invocation claimed it and its lease has not run out. */
  claim(id: string, now: Date, leaseUntil: Date): Promise<MemoryClaim>;
  delivered(id: string, token: string, now: Date): Promise<void>;
  release(id: string, token: string): Promise<void>;
}
