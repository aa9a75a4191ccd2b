/**
 * The `balance` threshold's row in `thresholds list`: the available credit beside its levels (one request,
 * `GET /v2/balance`), and which level it is below. The runway needs every product's hourly usage: the check
 * judges it (`check`), the list does not.
 */
import { type AccountBalance, judgeBalance } from '../../../functions/cost-alert/domain/balance';
import { formatMoney } from '../../../functions/cost-alert/domain/money';
import { exactAmount } from '../../../functions/cost-alert/domain/message-parts';
import { describeThreshold } from '../../../functions/cost-alert/domain/threshold-text';
import type { Threshold } from '../../../functions/cost-alert/domain/types';
import type { UsageSource } from '../../../functions/cost-alert/ports';
import { messageOf } from '../cli-io';

export interface BalanceRow {
  /** The table's cells: product, threshold, today (the available credit), three `-`, note. */
  readonly cells: string[];
  /** What went wrong, for the problems below the table. */
  readonly problem?: string;
}

/** The row of the balance threshold: its available credit, read now, and the level it is below. */
export async function balanceRow(threshold: Threshold, usage: UsageSource): Promise<BalanceRow> {
  const row = (credit: string, note: string): string[] => [threshold.product, describeThreshold(threshold), credit, '-', '-', '-', note];
  let account: AccountBalance;
  try {
    if (!usage.balance) throw new Error('this usage source cannot read the balance');
    account = await usage.balance();
  } catch (error) {
    return { cells: row('unreadable', ''), problem: `balance: ${messageOf(error)}` };
  }
  const credit = `${formatMoney({ nanos: account.available, currency: account.currency })} available`;
  const verdict = judgeBalance({
    settings: threshold.balance ?? {},
    currency: threshold.currency,
    balance: account,
    pace: { status: 'not-asked' },
    now: new Date(0),
  });
  if (verdict.kind === 'currency-mismatch') {
    const problem = `balance: Telnyx reports the balance in ${account.currency}, the threshold is in ${threshold.currency}: set "currency": "${account.currency}"`;
    return { cells: row(credit, `in ${account.currency}, not compared with ${threshold.currency} levels`), problem };
  }
  const level = verdict.level;
  const state = level
    ? `below the ${exactAmount(level.amount, threshold.currency)} ${level.kind === 'minimum' ? 'minimum (critical)' : 'warning level'}`
    : 'above its levels';
  return { cells: row(credit, [state, partsOf(account)].join('; ')) };
}

/** 'balance 38.40, credit limit 0.00, pending 2.15' (the parts Telnyx gave). */
function partsOf(account: AccountBalance): string {
  const amount = (nanos: bigint) => formatMoney({ nanos, currency: '' }).trim();
  return [
    account.balance === undefined ? '' : `balance ${amount(account.balance)}`,
    account.creditLimit === undefined ? '' : `credit limit ${amount(account.creditLimit)}`,
    account.pending === undefined ? '' : `pending ${amount(account.pending)}`,
  ]
    .filter(Boolean)
    .join(', ');
}
