/**
 * Spend per managed account, summed from usage rows read with `managed_accounts=true` and `user_id` among the
 * dimensions: per currency and user_id, exact (bigint nano-units), rows taken a page at a time and not kept.
 * These rows are the managed accounts' only: the key's own account is read by other queries into other sums
 * (spend-tally.ts), so the two are never mixed. A row without a user_id cannot be put on any account: it is
 * counted, and the evaluation that reads it is incomplete (account-rules.ts), never a quiet account.
 *
 * At 10,000 accounts a run reads a few products x periods of 10,000 rows each. The reads of one run share an
 * AccountIndex (each user_id numbered once), and each read keeps its sums in an array by that number: a row costs
 * one lookup of its user_id, where a map per read would insert (and grow, and keep) every account again per read.
 */
import { matchesPrepared, type PreparedFilter, prepareFilter } from './usage-filter';
import type { UsageRow } from './usage';

export const USER_ID = 'user_id';

/** Spend per account, visited in the order the accounts were first read; a ReadonlyMap<string, bigint> is one. */
export interface AccountSums {
  readonly size: number;
  forEach(visit: (spend: bigint, userId: string) => void): void;
}

/** The user_ids of some reads, each numbered once (0, 1, 2, ... in the order first seen). */
export class AccountIndex {
  private readonly numbers = new Map<string, number>();
  readonly ids: string[] = [];

  numberOf(userId: string): number {
    let number = this.numbers.get(userId);
    if (number === undefined) {
      number = this.ids.length;
      this.ids.push(userId);
      this.numbers.set(userId, number);
    }
    return number;
  }
}

/** One currency's sums of one read (or of several reads added up): nanos by account number, and the numbers in the order first read. */
class Sums implements AccountSums {
  readonly nanos: Array<bigint | undefined> = [];
  readonly order: number[] = [];

  constructor(readonly index: AccountIndex) {}

  get size(): number {
    return this.order.length;
  }

  add(number: number, cost: bigint): void {
    const sum = this.nanos[number];
    if (sum !== undefined) {
      this.nanos[number] = sum + cost;
      return;
    }
    // Kept dense (never a store far past the end, which would turn the array into a dictionary).
    while (this.nanos.length < number) this.nanos.push(undefined);
    this.nanos[number] = cost;
    this.order.push(number);
  }

  forEach(visit: (spend: bigint, userId: string) => void): void {
    const { nanos, order, index } = this;
    for (let i = 0; i < order.length; i++) {
      const number = order[i] as number;
      visit(nanos[number] as bigint, index.ids[number] as string);
    }
  }
}

const NO_SUMS: AccountSums = { size: 0, forEach: () => undefined };

export class AccountSpend {
  /** currency -> sums. */
  private readonly sums = new Map<string, Sums>();
  private readonly filter: PreparedFilter;
  /** Rows whose cost was summed. */
  counted = 0;
  /** Rows without a user_id (or with an empty one): not on any account. */
  withoutAccount = 0;
  /** Rows with a cost but no currency: their spend cannot be counted in any currency. */
  withoutCurrency = 0;

  /** `index`: the numbering shared with the other reads of a run (its own by default). */
  constructor(
    filter?: Readonly<Record<string, string>>,
    readonly index: AccountIndex = new AccountIndex(),
  ) {
    this.filter = prepareFilter(filter);
  }

  add(rows: readonly UsageRow[]): void {
    const filtering = this.filter.dimensions.length > 0;
    // The currency of the previous row and its sums: rows of one read nearly always share one currency, so its
    // code is made (trimmed, upper case) and its sums found once, not once per row.
    let currencyText: unknown;
    let sums: Sums | undefined;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as UsageRow;
      if (filtering && !matchesPrepared(row.values, this.filter)) continue;
      const userId = row.values[USER_ID];
      const id = typeof userId === 'string' ? userId.trim() : '';
      if (id === '') {
        this.withoutAccount++;
        continue;
      }
      const cost = row.cost;
      if (cost === undefined || cost === 0n) continue;
      const currency = row.values['currency'];
      if (sums === undefined || currency !== currencyText) {
        if (typeof currency !== 'string' || currency.trim() === '') {
          this.withoutCurrency++;
          continue;
        }
        currencyText = currency;
        sums = this.sumsOf(currency.trim().toUpperCase());
      }
      sums.add(this.index.numberOf(id), cost);
      this.counted++;
    }
  }

  private sumsOf(code: string): Sums {
    let sums = this.sums.get(code);
    if (!sums) {
      sums = new Sums(this.index);
      this.sums.set(code, sums);
    }
    return sums;
  }

  /** user_id -> spend in `currency` (accounts without spend in it are absent), in the order first read. */
  accounts(currency: string): ReadonlyMap<string, bigint> {
    const map = new Map<string, bigint>();
    this.sumsIn(currency).forEach((spend, userId) => map.set(userId, spend));
    return map;
  }

  /** The same spend as `accounts`, without making a map. */
  sumsIn(currency: string): AccountSums {
    return this.sums.get(currency.toUpperCase()) ?? NO_SUMS;
  }

  /** Every currency with spend, sorted. */
  currencies(): string[] {
    return [...this.sums.keys()].sort();
  }
}

/** Spend per account summed over several reads (the total per account: every product with a cost), in one currency. */
export function sumAccounts(spends: readonly AccountSpend[], currency: string): ReadonlyMap<string, bigint> {
  const sums = new Map<string, bigint>();
  for (const spend of spends) spend.sumsIn(currency).forEach((nanos, userId) => sums.set(userId, (sums.get(userId) ?? 0n) + nanos));
  return sums;
}

/**
 * `sumAccounts` without a map: one read's own sums, not a copy; reads that share an AccountIndex added up by account
 * number. Visits the accounts in the same order as `sumAccounts`'s map.
 */
export function accountSums(spends: readonly AccountSpend[], currency: string): AccountSums {
  const first = spends[0];
  if (first === undefined) return NO_SUMS;
  if (spends.length === 1) return first.sumsIn(currency);
  if (spends.some((spend) => spend.index !== first.index)) return sumAccounts(spends, currency);
  const total = new Sums(first.index);
  for (const spend of spends) {
    const sums = spend.sumsIn(currency);
    if (sums instanceof Sums) for (const number of sums.order) total.add(number, sums.nanos[number] as bigint);
  }
  return total;
}
