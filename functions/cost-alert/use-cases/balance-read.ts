/**
 * The reads behind the `balance` threshold, for whichever use case shows it (the check's balance evaluator, the
 * digest): the balance itself (one call, read once per run like any read: usage-reads.ts), and the pace, the spend
 * of every product with a cost over the 24 hours before a point in time, taken from the hourly series the run
 * declares anyway (the check's forecast and spike read the same ones, so with signals on it costs nothing more).
 */
import type { AccountBalance, PaceReading } from '../domain/balance';
import type { HourlySpend } from '../domain/hourly-series';
import { BALANCE } from '../domain/types';
import type { Filtered, ReadResults, UsageRead } from './usage-reads';

/** What an unchecked balance costs, in its error alerts. */
export const NO_BALANCE_ALERT = 'no balance or runway alert can come (every other threshold is still checked)';

/** What the balance read holds once done. */
export interface BalanceValue {
  balance?: AccountBalance;
}

/** A usage source without a balance (a fake, an older adapter): the threshold cannot be checked with it. */
export class BalanceNotSupportedError extends Error {
  override readonly name = 'BalanceNotSupportedError';
  constructor(message = 'this usage source cannot read the balance') {
    super(message);
  }
}

/** The account's balance: one call, one key for every use in a run. */
export function balanceRead(): UsageRead<BalanceValue> {
  return {
    key: 'balance',
    kind: 'balance',
    product: BALANCE,
    queries: [],
    collect: () => ({ value: {}, add: () => undefined }),
    async fetch(usage, options, sink) {
      if (!usage.balance) throw new BalanceNotSupportedError();
      sink.value.balance = await usage.balance(options);
    },
  };
}

/**
 * The pace from the hourly reads of every product with a cost (`listed`: the list of products was read): the
 * spend in `currency` in [from, to). Incomplete when the list, or any product's series, could not be read.
 */
export function paceFrom(
  results: ReadResults,
  reads: readonly UsageRead<Filtered<HourlySpend>>[],
  listed: boolean,
  currency: string,
  window: { readonly from: Date; readonly to: Date },
): PaceReading {
  const outcomes = reads.map((read) => results.of(read));
  const notRead = outcomes.filter((outcome) => !outcome.ok || outcome.value.all.unparseable > 0).map((outcome) => outcome.read.product);
  if (!listed) notRead.push('the list of products');
  if (notRead.length > 0) return { status: 'incomplete', notRead };
  const spend = outcomes.reduce((sum, outcome) => sum + outcome.value.all.sum(currency, window.from.getTime(), window.to.getTime()), 0n);
  return { status: 'read', pace: { spend, from: window.from, to: window.to } };
}
