/**
 * A reseller's account generated in code (never stored): `accounts` managed accounts, each with usage of some
 * products today and earlier this month, and the list `GET /v2/managed_accounts` serves. For the bench (10,000
 * accounts) and the tests of storms. Deterministic: the same options give the same records.
 */
import { formatNanos } from '../cost-alert/domain/money';
import { PRODUCT_CATALOGUE } from './catalogue';
import type { SimulatedManagedAccount } from './managed-accounts-api';
import type { ProductDefinition, Scenario, UsageRecord } from './scenario';

export interface ManagedScenarioOptions {
  readonly accounts: number;
  /** Products of the catalogue's messaging shape, named as given. */
  readonly products: readonly string[];
  /** The instant the check runs at: today's usage is an hour before it, the month's on the 1st (or an hour before, on the 1st). */
  readonly now: Date;
  /** Today's spend of account `index` in `product`, in nano-USD (0: no usage). */
  readonly today: (index: number, product: string) => bigint;
  /** Spend earlier this month of account `index` in `product`, in nano-USD. Default none. */
  readonly earlier?: (index: number, product: string) => bigint;
  /** The key's own usage today per product, in nano-USD. Default none. */
  readonly own?: bigint;
}

export const MANAGER_USER_ID = '00000000-0000-4000-8000-000000000000';

/** The user_id of account `index`: a UUID-shaped id, distinct per index. */
export function managedUserId(index: number): string {
  const hex = index.toString(16).padStart(12, '0');
  return `5e1f0000-0000-4000-8000-${hex}`;
}

/** Account `index`'s organization name, as an owner might type it. */
export function organizationName(index: number): string {
  return `Customer ${String(index).padStart(5, '0')} LLC`;
}

export function managedScenario(options: ManagedScenarioOptions): Scenario {
  const shape = PRODUCT_CATALOGUE.find((definition) => definition.product === 'messaging') as ProductDefinition;
  const todayAt = new Date(options.now.getTime() - 3_600_000);
  const monthStart = Date.UTC(options.now.getUTCFullYear(), options.now.getUTCMonth(), 1);
  const earlierAt = new Date(Math.min(monthStart + 3_600_000, todayAt.getTime()));
  const record = (at: Date, userId: string, nanos: bigint): UsageRecord => ({
    timestamp: at,
    dimensions: { user_id: userId, direction: 'outbound', currency: 'USD' },
    metrics: { cost: formatNanos(nanos, 2), count: 1, parts: 1 },
  });
  const records: Record<string, UsageRecord[]> = {};
  for (const product of options.products) {
    const list: UsageRecord[] = [];
    if (options.own !== undefined && options.own > 0n) list.push(record(todayAt, MANAGER_USER_ID, options.own));
    for (let index = 0; index < options.accounts; index++) {
      const userId = managedUserId(index);
      const today = options.today(index, product);
      if (today > 0n) list.push(record(todayAt, userId, today));
      const earlier = options.earlier?.(index, product) ?? 0n;
      if (earlier > 0n) list.push(record(earlierAt, userId, earlier));
    }
    records[product] = list;
  }
  const managedAccounts: SimulatedManagedAccount[] = Array.from({ length: options.accounts }, (_, index) => ({
    id: managedUserId(index),
    organizationName: organizationName(index),
    email: `billing+${index}@customer.example`,
  }));
  return {
    products: options.products.map((product) => ({ ...shape, product })),
    records,
    accountUserId: MANAGER_USER_ID,
    managedAccounts,
  };
}
