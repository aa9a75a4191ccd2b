/**
 * Spend per managed account, summed from usage rows read with `managed_accounts=true` and `user_id` among the
 * dimensions: per currency and user_id, exact (bigint nano-units), rows taken a page at a time and not kept.
 * These rows are the managed accounts' only: the key's own account is read by other queries into other sums
 * (spend-tally.ts), so the two are never mixed. A row without a user_id cannot be put on any account: it is
 * counted, and the evaluation that reads it is incomplete (account-rules.ts), never a quiet account.
 */
import { matchesPrepared, type PreparedFilter, prepareFilter } from './usage-filter';
import type { UsageRow } from './usage';

export const USER_ID = 'user_id';

export class AccountSpend {
  /** currency -> user_id -> nanos. */
  private readonly sums = new Map<string, Map<string, bigint>>();
  private readonly filter: PreparedFilter;
  /** Rows whose cost was summed. */
  counted = 0;
  /** Rows without a user_id (or with an empty one): not on any account. */
  withoutAccount = 0;
  /** Rows with a cost but no currency: their spend cannot be counted in any currency. */
  withoutCurrency = 0;

  constructor(filter?: Readonly<Record<string, string>>) {
    this.filter = prepareFilter(filter);
  }

  add(rows: readonly UsageRow[]): void {
    const filtering = this.filter.dimensions.length > 0;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as UsageRow;
      if (filtering && !matchesPrepared(row.values, this.filter)) continue;
      const userId = row.values[USER_ID];
      if (typeof userId !== 'string' || userId.trim() === '') {
        this.withoutAccount++;
        continue;
      }
      const cost = row.cost;
      if (cost === undefined || cost === 0n) continue;
      const currency = row.values['currency'];
      if (typeof currency !== 'string' || currency.trim() === '') {
        this.withoutCurrency++;
        continue;
      }
      const code = currency.trim().toUpperCase();
      let accounts = this.sums.get(code);
      if (!accounts) {
        accounts = new Map();
        this.sums.set(code, accounts);
      }
      const id = userId.trim();
      accounts.set(id, (accounts.get(id) ?? 0n) + cost);
      this.counted++;
    }
  }

  /** user_id -> spend in `currency` (accounts without spend in it are absent). */
  accounts(currency: string): ReadonlyMap<string, bigint> {
    return this.sums.get(currency.toUpperCase()) ?? new Map();
  }

  /** Every currency with spend, sorted. */
  currencies(): string[] {
    return [...this.sums.keys()].sort();
  }
}

/** Spend per account summed over several reads (the total per account: every product with a cost), in one currency; one read's own map, not a copy. */
export function sumAccounts(spends: readonly AccountSpend[], currency: string): ReadonlyMap<string, bigint> {
  if (spends.length === 1) return spends[0]?.accounts(currency) ?? new Map<string, bigint>();
  const sums = new Map<string, bigint>();
  for (const spend of spends) for (const [userId, nanos] of spend.accounts(currency)) sums.set(userId, (sums.get(userId) ?? 0n) + nanos);
  return sums;
}
