/**
 * `GET /v2/balance`: the account's balance, for the `balance` threshold. The answer is
 * `{ data: { record_type: "balance", balance: "300.00", pending: "10.00", credit_limit: "100.00",
 * available_credit: "400.00", currency: "USD" } }`: decimal strings, read exactly into nano-units (domain/money.ts),
 * never through a float. `available_credit` (what can still be spent: the balance plus the credit limit) and
 * `currency` are what the check compares, so an answer without them is an error; the other amounts are shown
 * when given. (Telnyx's published schema, `UserBalance` in spec/telnyx/balance.openapi.yaml, requires none and
 * does not list `pending`, which the real API sends.)
 *
 * The request goes through the same transport as usage reports (./transport.ts): retries, the shared throttle,
 * the deadline, the redaction of every message. A 403 here refuses the balance alone (kind `product-forbidden`),
 * never the key: usage is still read; a 401 is the key refused, as anywhere.
 */
import type { AccountBalance } from '../domain/balance';
import { parseNanos } from '../domain/money';
import { describeValue, isRecord } from './decode';
import { TelnyxForbiddenError, TelnyxProductForbiddenError, TelnyxResponseError } from './errors';
import type { Transport } from './transport';

/** The name failures carry as their product: the threshold and the alert are `balance`. */
const BALANCE = 'balance';
const TARGET = { product: undefined, endpoint: 'balance', what: 'the balance', subject: 'the balance' } as const;

/** The account's balance; throws the client's errors (./errors.ts), each with its kind. */
export async function readBalance(transport: Transport, baseUrl: string, deadline: number | undefined): Promise<AccountBalance> {
  let body: string;
  try {
    body = await transport.get(`${baseUrl}/balance`, TARGET, deadline);
  } catch (error) {
    if (!(error instanceof TelnyxForbiddenError)) throw error;
    const code = error.code ? `, code ${error.code}` : '';
    throw new TelnyxProductForbiddenError(
      `Telnyx refused the balance to this API key (HTTP 403${code}). Usage is still read and its thresholds checked; use a key allowed to read the account's balance, or remove the balance threshold.`,
      403,
      BALANCE,
      error.errors,
      { cause: error },
    );
  }
  return decodeBalance(body);
}

/** The balance answer's amounts, exact; an answer without a readable available credit or currency is an error. */
export function decodeBalance(body: string): AccountBalance {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new TelnyxResponseError(`Telnyx answered the balance with a body that is not JSON (${Buffer.byteLength(body)} bytes)`, BALANCE);
  }
  const data = isRecord(parsed) ? parsed['data'] : undefined;
  if (!isRecord(data)) throw new TelnyxResponseError('Telnyx answered the balance without a data object', BALANCE);
  const available = parseNanos(data['available_credit']);
  if (available === undefined) {
    throw new TelnyxResponseError(`Telnyx answered the balance without a readable available_credit: ${describeValue(data['available_credit'])}`, BALANCE);
  }
  const currency = typeof data['currency'] === 'string' ? data['currency'].trim().toUpperCase() : '';
  if (!/^[A-Z]{3}$/.test(currency)) {
    throw new TelnyxResponseError(`Telnyx answered the balance without an ISO 4217 currency: ${describeValue(data['currency'])}`, BALANCE);
  }
  // Shown, never compared: one Telnyx leaves out (or writes unreadably) reads "not given".
  const balance = parseNanos(data['balance']);
  const creditLimit = parseNanos(data['credit_limit']);
  const pending = parseNanos(data['pending']);
  return {
    available,
    currency,
    ...(balance === undefined ? {} : { balance }),
    ...(creditLimit === undefined ? {} : { creditLimit }),
    ...(pending === undefined ? {} : { pending }),
  };
}
