/**
 * `GET /v2/balance` as Telnyx answers it: `{ data: { record_type: "balance", balance, pending, credit_limit,
 * available_credit, currency } }`, amounts as decimal strings. The sample account's balance is low enough that
 * the sample thresholds' `balance` minimum fires (`npm start` shows the alert); a scenario sets its own.
 */
import { formatNanos, parseNanos } from '../cost-alert/domain/money';

/** A balance as the simulator serves it: decimal text, as Telnyx writes it. */
export interface SimulatedBalance {
  readonly balance: string;
  readonly creditLimit: string;
  readonly pending: string;
  readonly currency: string;
  /** Default: the balance plus the credit limit, exactly (as Telnyx documents `available_credit`). */
  readonly availableCredit?: string;
}

/** The sample account: prepaid, no credit limit, 38.40 USD left (below the sample minimum of 50). */
export const SAMPLE_BALANCE: SimulatedBalance = { balance: '38.40', creditLimit: '0.00', pending: '2.15', currency: 'USD' };

/** The JSON body of the balance answer. */
export function balanceBody(balance: SimulatedBalance): string {
  const available = balance.availableCredit ?? formatNanos((parseNanos(balance.balance) ?? 0n) + (parseNanos(balance.creditLimit) ?? 0n));
  return JSON.stringify({
    data: {
      record_type: 'balance',
      balance: balance.balance,
      pending: balance.pending,
      credit_limit: balance.creditLimit,
      available_credit: available,
      currency: balance.currency,
    },
  });
}
