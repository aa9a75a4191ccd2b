/**
 * The digest's "Top managed accounts yesterday", when a threshold has `managedAccounts`: per such threshold, the
 * accounts with the largest share of their daily limit yesterday (or the largest spend, where they have no daily
 * limit), by name. Pure: the figures come from the digest's reads (use-cases/digest/digest-accounts.ts).
 */
import { exactAmount } from './message-parts';
import { formatNanos, percentOf } from './money';
import { columns } from './text-table';

/** Accounts shown per threshold. */
export const DIGEST_TOP_ACCOUNTS = 5;

export interface DigestAccountLine {
  readonly product: string;
  readonly userId: string;
  /** The organization name, or the user_id. */
  readonly name: string;
  readonly currency: string;
  readonly spend: bigint;
  /** The account's daily limit, when it has one. */
  readonly limit?: bigint;
}

export interface DigestAccounts {
  readonly lines: readonly DigestAccountLine[];
  /** Accounts with spend yesterday, over every such threshold. */
  readonly withSpend: number;
  /** Products whose managed accounts' usage could not be read. */
  readonly notRead: readonly string[];
}

function share(line: DigestAccountLine): string {
  return line.limit === undefined ? '' : `${percentOf(line.spend, line.limit).toFixed(1)}%`;
}

/** The email's section. */
export function accountsSection(accounts: DigestAccounts): string[] {
  const section = [`Top managed accounts yesterday (${accounts.withSpend} with spend; by share of their daily limit, else by spend):`];
  if (accounts.lines.length === 0) section.push('  No managed account had spend.');
  section.push(
    ...columns(
      accounts.lines.map((line) => [
        line.name,
        line.product,
        exactAmount(line.spend, line.currency),
        line.limit === undefined ? '' : `of ${exactAmount(line.limit, line.currency)}`,
        share(line),
      ]),
    ),
  );
  if (accounts.notRead.length > 0) section.push(`  Not read: the managed accounts' usage of ${accounts.notRead.join(', ')}.`);
  return section;
}

/** The payload's `managedAccounts`. */
export function accountsPayload(accounts: DigestAccounts): Record<string, unknown> {
  return {
    withSpend: accounts.withSpend,
    top: accounts.lines.map((line) => ({
      product: line.product,
      account: line.userId,
      name: line.name,
      currency: line.currency,
      spend: formatNanos(line.spend),
      limit: line.limit === undefined ? null : formatNanos(line.limit),
    })),
    notRead: [...accounts.notRead],
  };
}
