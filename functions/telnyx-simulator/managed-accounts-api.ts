/**
 * The simulator's managed accounts: `GET /v2/managed_accounts` (paged: `page[number]` from 1, `page[size]` from 1
 * to 250, default 20; `meta` with `page_number`, `page_size`, `total_pages`, `total_results`), and
 * `GET /v2/managed_accounts/{id}`, which answers as Telnyx does, with the account's `api_key` and `api_token`:
 * a client must never ask it (tests prove that none does, and that no key of it could leak if one did).
 */
import type { Scenario } from './scenario';
import { errorForStatus, SimulatorRequestError } from './telnyx-error';

/** A managed account of a scenario, as Telnyx's list and single-account answers describe it. */
export interface SimulatedManagedAccount {
  readonly id: string;
  readonly organizationName: string | null;
  readonly email: string;
  /** Only in `GET /v2/managed_accounts/{id}`'s answer; a stand-in for the account's real key. */
  readonly apiKey?: string;
}

export const MAX_ACCOUNTS_PAGE_SIZE = 250;
const DEFAULT_ACCOUNTS_PAGE_SIZE = 20;
const CREATED_AT = '2026-01-15T10:00:00.000Z';

function badPage(parameter: string, detail: string): SimulatorRequestError {
  return new SimulatorRequestError(400, [{ code: '10015', title: 'Bad Request', detail, parameter }]);
}

function pageParameter(params: URLSearchParams, name: string, fallback: number, max: number): number {
  const given = params.get(name);
  const value = given === null ? fallback : Number(given);
  if (!/^\d+$/.test(given ?? '1') || value < 1 || value > max) throw badPage(name, `${name} must be an integer from 1 to ${max}, not '${given}'.`);
  return value;
}

/** The list entry: what the list holds (no API key). */
function listEntry(account: SimulatedManagedAccount, managerId: string): Record<string, unknown> {
  return {
    record_type: 'managed_account',
    id: account.id,
    email: account.email,
    api_user: account.email,
    manager_account_id: managerId,
    organization_name: account.organizationName,
    rollup_billing: false,
    managed_account_allow_custom_pricing: false,
    created_at: CREATED_AT,
    updated_at: CREATED_AT,
  };
}

/** The answer to `GET /v2/managed_accounts[/{id}]`: the JSON body. */
export function managedAccountsAnswer(scenario: Scenario, path: string, params: URLSearchParams): string {
  const accounts = scenario.managedAccounts ?? [];
  const managerId = scenario.accountUserId ?? 'manager';
  const id = decodeURIComponent(path.split('/')[3] ?? '');
  if (id !== '') {
    const account = accounts.find((candidate) => candidate.id === id);
    if (!account) throw new SimulatorRequestError(404, [errorForStatus(404)]);
    const apiKey = account.apiKey ?? `KEY0123456789ABCDEF${account.id.replace(/-/g, '').toUpperCase()}`;
    return JSON.stringify({
      data: { ...listEntry(account, managerId), api_key: apiKey, api_token: `token-${apiKey}`, balance: { balance: '0.00', currency: 'USD' } },
    });
  }
  const pageNumber = pageParameter(params, 'page[number]', 1, Number.MAX_SAFE_INTEGER);
  const pageSize = pageParameter(params, 'page[size]', DEFAULT_ACCOUNTS_PAGE_SIZE, MAX_ACCOUNTS_PAGE_SIZE);
  const first = (pageNumber - 1) * pageSize;
  const data = accounts.slice(first, first + pageSize).map((account) => listEntry(account, managerId));
  const meta = { page_number: pageNumber, page_size: pageSize, total_pages: Math.ceil(accounts.length / pageSize), total_results: accounts.length };
  return JSON.stringify({ data, meta });
}
