/**
 * When a run may claim an alert series: the one rule both ledgers (DynamoDB and memory) apply, so that the
 * deployed ledger and the local one cannot drift apart.
 *
 * - Nothing recorded: claim.
 * - Sent at rank R: claim only above R (a higher level goes out; the same or a lower one never repeats).
 * - Claimed, lease still running: another run is publishing it; hold off (in flight).
 * - Claimed, lease lapsed (its run crashed before confirming): claim only above the rank already *sent* in
 *   the series, whatever the rank of the lapsed claim. Over nothing sent, any rank may take it over.
 *
 * The last rule replaces "a lapsed claim is taken over only at its rank or above", which left a crashed
 * critical claim blocking the warning of a run that saw less spend (after a credit, say) forever, with nothing
 * reported. Taking over at a lower rank can send a warning where a crashed run had seen a critical (a partial
 * read, or spend that fell): that warning is true, and once the full spend crosses the limit again the
 * critical still goes out, being above the warning now sent. Nothing is lost and nothing sent repeats.
 */

/** What a ledger holds for one alert series, as far as the claim rule is concerned. */
export interface RecordedAlert {
  readonly state: 'claimed' | 'sent';
  readonly rank: number;
  /** Epoch ms until which a claim holds off other runs; claimed only. */
  readonly leaseUntil?: number;
  /** Claimed only: the rank already sent in the series before this claim (none: nothing sent yet). */
  readonly sentRank?: number;
}

export type ClaimDecision =
  /** Claim; the new claim carries `sentRank` (what was sent before it), if anything was. */
  { readonly claimable: true; readonly sentRank?: number } | { readonly claimable: false; readonly status: 'already-sent' | 'in-flight' };

export function decideClaim(recorded: RecordedAlert | undefined, rank: number, nowMs: number): ClaimDecision {
  if (recorded === undefined) return { claimable: true };
  if (recorded.state === 'sent') return aboveSent(recorded.rank, rank);
  if ((recorded.leaseUntil ?? 0) >= nowMs) return { claimable: false, status: 'in-flight' };
  return recorded.sentRank === undefined ? { claimable: true } : aboveSent(recorded.sentRank, rank);
}

function aboveSent(sentRank: number, rank: number): ClaimDecision {
  return sentRank < rank ? { claimable: true, sentRank } : { claimable: false, status: 'already-sent' };
}
