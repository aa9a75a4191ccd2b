/**
 * The alert ledger in memory, for local runs and tests: the same rules as DynamoAlertLedger (the claim rule
 * of domain/ledger-rules.ts, confirm and release only while the claim is ours), decided synchronously so
 * that two overlapping runs in one process cannot both win.
 */
import { randomUUID } from 'node:crypto';
import { decideClaim } from '../domain/ledger-rules';
import type { AccountRoster, AlertClaim, AlertLedger, ClaimRequest, ClaimResult } from '../ports';

export class MemoryLedgerError extends Error {
  override readonly name = 'MemoryLedgerError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** What the ledger remembers for one alert series, as DynamoAlertLedger's item does. */
export interface LedgerEntry {
  readonly rank: number;
  readonly state: 'claimed' | 'sent';
  readonly token: string;
  /** Epoch ms; claimed entries only. */
  readonly leaseUntil?: number;
  /** Claimed entries only: the rank already sent in the series before the claim (see domain/ledger-rules.ts). */
  readonly sentRank?: number;
  readonly expiresAt: Date;
  readonly updatedAt: Date;
}

export interface MemoryAlertClaim extends AlertClaim {
  readonly expiresAt: Date;
  readonly previous?: LedgerEntry;
}

export class MemoryAlertLedger implements AlertLedger {
  private readonly entries = new Map<string, LedgerEntry>();
  private readonly rosters = new Map<string, { told: Map<string, number>; version: number; expiresAt: Date }>();

  constructor(private readonly newToken: () => string = () => randomUUID()) {}

  async claim(request: ClaimRequest): Promise<ClaimResult> {
    const existing = this.entries.get(request.key);
    const decision = decideClaim(existing, request.rank, request.now.getTime());
    if (!decision.claimable) return { status: decision.status };

    const token = this.newToken();
    this.entries.set(request.key, {
      rank: request.rank,
      state: 'claimed',
      token,
      leaseUntil: request.leaseUntil.getTime(),
      ...(decision.sentRank === undefined ? {} : { sentRank: decision.sentRank }),
      expiresAt: request.expiresAt,
      updatedAt: request.now,
    });
    const claim: MemoryAlertClaim = {
      key: request.key,
      rank: request.rank,
      token,
      expiresAt: request.expiresAt,
      ...(existing ? { previous: existing } : {}),
    };
    return { status: 'claimed', claim };
  }

  /** Like DynamoAlertLedger.confirm: quiet when the claim was taken over (the alert went out regardless). */
  async confirm(claim: AlertClaim, now: Date): Promise<void> {
    const { expiresAt } = ownClaim(claim);
    if (!this.holds(claim)) return;
    this.entries.set(claim.key, { rank: claim.rank, state: 'sent', token: claim.token, expiresAt, updatedAt: now });
  }

  async release(claim: AlertClaim): Promise<void> {
    const { previous } = ownClaim(claim);
    if (!this.holds(claim)) return;
    if (previous) this.entries.set(claim.key, previous);
    else this.entries.delete(claim.key);
  }

  async recallAccounts(key: string): Promise<AccountRoster> {
    const roster = this.rosters.get(key);
    return { told: new Map(roster?.told), version: roster?.version ?? 0 };
  }

  /** Like DynamoAlertLedger's: entries added, the highest rank of each kept (merging is the same whatever the version seen). */
  async rememberAccounts(key: string, _recalled: AccountRoster, entries: ReadonlyMap<string, number>, expiresAt: Date): Promise<void> {
    const roster = this.rosters.get(key) ?? { told: new Map<string, number>(), version: 0, expiresAt };
    for (const [entry, rank] of entries) if ((roster.told.get(entry) ?? Number.NEGATIVE_INFINITY) < rank) roster.told.set(entry, rank);
    this.rosters.set(key, { ...roster, version: roster.version + 1 });
  }

  /** What is remembered for a key, for the CLI's dry runs and for tests. */
  recorded(key: string): LedgerEntry | undefined {
    return this.entries.get(key);
  }

  private holds(claim: AlertClaim): boolean {
    return this.entries.get(claim.key)?.token === claim.token;
  }
}

function ownClaim(claim: AlertClaim): MemoryAlertClaim {
  if (!('expiresAt' in claim) || !(claim.expiresAt instanceof Date)) {
    throw new MemoryLedgerError(`the claim on ${claim.key} was not made by MemoryAlertLedger.claim: pass its claim unchanged`);
  }
  return claim as MemoryAlertClaim;
}
