/**
 * The digest's available credit, when a `balance` threshold exists: one more request (the balance); the runway's
 * pace comes from the hourly series the digest reads anyway, over the 24 hours before today.
 */
import { PACE_HOURS, type PaceReading, runwayOf } from '../../domain/balance';
import type { DigestBalance } from '../../domain/digest-balance';
import type { HourlySpend } from '../../domain/hourly-series';
import { HOUR_MS } from '../../domain/time';
import { BALANCE, type Threshold } from '../../domain/types';
import { balanceRead, paceFrom } from '../balance-read';
import { describeError, messageOf } from '../errors';
import type { Run } from '../run';
import type { Filtered, ReadResults, UsageRead } from '../usage-reads';

/** The balance read, when a balance threshold asks for it. */
export function digestBalanceReads(thresholds: readonly Threshold[]): UsageRead<unknown>[] {
  return thresholds.some((threshold) => threshold.product === BALANCE) ? [balanceRead()] : [];
}

/** The credit and its runway; undefined without a balance threshold. A balance not read is said in the digest and fails the run. */
export function digestBalanceOf(
  run: Run,
  thresholds: readonly Threshold[],
  usage: ReadResults,
  hourly: readonly UsageRead<Filtered<HourlySpend>>[],
  until: Date,
): DigestBalance | undefined {
  const threshold = thresholds.find((each) => each.product === BALANCE);
  if (!threshold) return undefined;
  const outcome = usage.of(balanceRead());
  const account = outcome.value.balance;
  if (!outcome.ok || account === undefined) {
    const problem = messageOf(outcome.error);
    run.problem({ failure: `balance: ${problem}` });
    run.deps.log.error('Could not read the balance for the digest', { error: describeError(outcome.error) });
    return { threshold, problem, pace: { status: 'not-asked' } };
  }
  const window = { from: new Date(until.getTime() - PACE_HOURS * HOUR_MS), to: until };
  const pace: PaceReading = paceFrom(usage, hourly, true, account.currency, window);
  const runway = pace.status === 'read' ? runwayOf(account.available, pace.pace, run.now) : undefined;
  return { threshold, account, pace, ...(runway ? { runway } : {}) };
}
